"""Histórico do Cliente: start the window, or run a subcommand (`main.py --help`)."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
