"""The performance harness (issue 5): ``python benchmarks/run.py --help``; see README.md."""
