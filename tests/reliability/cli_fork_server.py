"""A fork server for ``main.py`` commands: the program's modules are imported once, and
each command runs in a child forked from this process, with its own stdout, stderr,
environment and exit status, as ``python main.py ARGS`` would (minus the second of
imports a new interpreter spends on a two-core machine).

Protocol: one JSON object per line on stdin::

    {"argv": [...], "env": {...},
     "kill_after": SECONDS,   # SIGKILL the child that long after the fork, if still running
     "kill_at_event": N,      # the child SIGKILLs itself before its N-th SQL event
     "count_events": true}    # report how many SQL events the child made

and one per line on stdout: ``{"returncode": N, "stdout": "...", "stderr": "...",
"events": N}`` (``returncode`` -9 when killed). An SQL event is a statement sent to the
database or a COMMIT; with ``kill_at_event`` larger than the command's events the
child is killed once the command returns (its work done, before it exits).

An exception that escapes ``app.cli.main`` is printed as the interpreter prints it
("Traceback ...") with exit status 1, so a test sees what a user would.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


class _Events:
    def __init__(self, kill_at: int | None) -> None:
        self.count = 0
        self.kill_at = kill_at

    def tick(self, *_args: Any, **_kw: Any) -> None:
        self.count += 1
        if self.kill_at is not None and self.count >= self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)


def _child(request: dict[str, Any], out: int, err: int, events_out: int) -> None:
    os.dup2(out, 1)
    os.dup2(err, 2)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    os.environ.update(request.get("env") or {})
    events = _Events(request.get("kill_at_event"))
    if events.kill_at is not None or request.get("count_events"):
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        event.listen(Engine, "before_cursor_execute", events.tick)
        event.listen(Engine, "commit", events.tick)
    code = 1
    try:
        from app.cli import main

        code = main(request["argv"])
    except SystemExit as exc:  # argparse
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 - shown as the interpreter would show it
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.write(events_out, str(events.count).encode())
        if events.kill_at is not None:
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(code)


def _wait(pid: int, kill_after: float | None) -> int:
    if kill_after is None:
        return os.waitpid(pid, 0)[1]
    deadline = time.monotonic() + kill_after
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            return os.waitpid(pid, 0)[1]
        time.sleep(0.001)


def serve() -> None:
    import app.cli  # noqa: F401 - imported once, before the forks
    import app.db.demo  # noqa: F401
    import app.db.importer  # noqa: F401
    import app.export  # noqa: F401
    import app.negotiate_cli  # noqa: F401

    for line in sys.stdin:
        request = json.loads(line)
        with (
            tempfile.TemporaryFile() as out,
            tempfile.TemporaryFile() as err,
            tempfile.TemporaryFile() as events,
        ):
            pid = os.fork()
            if pid == 0:
                _child(request, out.fileno(), err.fileno(), events.fileno())
            status = _wait(pid, request.get("kill_after"))
            out.seek(0)
            err.seek(0)
            events.seek(0)
            counted = events.read()
            reply = {
                "returncode": os.waitstatus_to_exitcode(status),
                "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace"),
                "events": int(counted) if counted else None,
            }
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
