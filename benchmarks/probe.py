"""The benchmark's measurements that need a process of their own (run by run.py).

    python benchmarks/probe.py cold --db URL --customer CODE [--as-of D]
        cold_start: the program's own start (app.cli.main, as main.py runs it: the
        arguments, logging, QApplication, MainWindow, DatabaseOpener, --customer); prints
        "READY" the moment the window is shown with that customer's Financeiro ready and
        painted, then exits at once. The parent times launch -> READY.
    python benchmarks/probe.py memory --db URL --customer CODE --as-of D [--scroll]
        peak RSS (VmHWM) of the real window after opening the customer (every section
        loaded), and with --scroll after scrolling the whole Financeiro (all statuses).
    python benchmarks/probe.py memory-page --db URL --customer CODE --as-of D
        the same for the Financeiro page alone (the grid's own growth).
    python benchmarks/probe.py memory-qsql --db URL --statement FILE
        QSqlQueryModel over the captured Financeiro statement, every row fetched.

The memory modes print one line of JSON (MB).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _quiet_qt() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def cold(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QEvent, QTimer
    from PySide6.QtWidgets import QApplication

    _quiet_qt()
    app = QApplication(sys.argv[:1])  # reused by app.views.app.make_application
    state: dict[str, object] = {"app": app, "window": None, "summary": False}

    def finish() -> None:
        # the window's pending layouts and paint done (as WindowBench.paint)
        app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        app.sendPostedEvents(state["window"], QEvent.Type.UpdateRequest)  # type: ignore[arg-type]
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        os._exit(0)

    def check() -> None:
        window = state["window"]
        if window is None or not state["summary"]:
            return
        context = window.context  # type: ignore[attr-defined]
        if context is None or context.cliente.codigo != args.customer:
            return
        if window.financeiro.channel.busy:  # type: ignore[attr-defined]
            return
        QTimer.singleShot(0, finish)

    def find_window() -> None:
        from app.views.main_window import MainWindow

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                state["window"] = widget
                poll.stop()
                widget.financeiro.summary_changed.connect(
                    lambda s: s is not None and (state.update(summary=True), check())
                )
                return

    poll = QTimer()
    poll.setInterval(1)
    poll.timeout.connect(find_window)
    poll.start()
    from app.cli import main

    argv = ["--db", args.db, "--customer", args.customer, "--lang", "pt"]
    if args.as_of:
        argv += ["--as-of", args.as_of]
    main(argv)
    return 1  # the window closed before the customer was ready


def _window_memory(args: argparse.Namespace, *, page_only: bool) -> dict[str, float]:
    import tempfile

    from PySide6.QtCore import QCoreApplication, QSettings

    from app import tasks
    from app.db import clientes
    from app.db.engine import open_database
    from app.domain.titulos import Status
    from app.views.app import make_application
    from benchmarks.timing import proc_status_mb
    from benchmarks.window import WindowBench

    _quiet_qt()
    app = make_application("pt")
    collector = tasks.GarbageCollector(app)
    collector.start()
    as_of = date.fromisoformat(args.as_of)
    database = open_database(args.db)
    settings = Path(tempfile.mkdtemp(prefix="hcbench-")) / "settings.ini"
    if page_only:
        from app.views.financeiro_page import FinanceiroPage
        from app.views.section_page import HistoryContext
        from app.views.settings import Settings

        page = FinanceiroPage(
            settings=Settings(QSettings(str(settings), QSettings.Format.IniFormat))
        )
        page.resize(1360, 700)
        page.show()
        QCoreApplication.processEvents()
        baseline = proc_status_mb("VmRSS")
        with database.session() as session:
            info = clientes.get_by_code(session, args.customer, as_of)
        done: list[bool] = []
        page.summary_changed.connect(lambda s: s is not None and done.append(True))
        page.set_context(HistoryContext(database, info, as_of))
        while not done or page.channel.busy:
            QCoreApplication.processEvents()
            tasks.wait_for_idle(10)
        result = {"baseline_mb": baseline, "after_open_mb": proc_status_mb()}

        def settle() -> None:  # the page loads off the GUI thread
            while page.is_busy():
                QCoreApplication.processEvents()
                tasks.wait_for_idle(10)

        page.set_statuses(set(Status))
        settle()
        from PySide6.QtCore import QModelIndex

        while page.model.canFetchMore(QModelIndex()):
            page.model.fetchMore(QModelIndex())
            settle()
        page.grid.scrollToBottom()
        page.grid.viewport().repaint()  # a grid that reads the rows it paints
        while page.model.is_loading_page():
            QCoreApplication.processEvents()
            tasks.wait_for_idle(10)
        settle()
        page.repaint()
        result["after_scroll_all_mb"] = proc_status_mb()
        result["rows"] = page.model.rowCount()
        return result
    bench = WindowBench(database, description="probe", as_of=as_of, settings_file=settings)
    baseline = proc_status_mb("VmRSS")
    mark = bench.mark()
    bench.window.open_customer(args.customer)
    bench.wait(lambda: bench.financeiro_ready(mark))
    bench.paint()
    result = {"baseline_mb": baseline, "after_financeiro_ready_mb": proc_status_mb()}
    bench.wait_idle()
    result["after_open_mb"] = proc_status_mb()
    if args.scroll:
        bench.reset_statuses(set(Status))
        bench.scroll_all()
        result["after_scroll_all_mb"] = proc_status_mb()
        result["rows"] = bench.shown_rows()
    return result


def _qsql_memory(args: argparse.Namespace) -> dict[str, float]:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from benchmarks.capture import Statement
    from benchmarks.peers import QtSql
    from benchmarks.timing import proc_status_mb

    _quiet_qt()
    app = QApplication(sys.argv[:1])
    kind = "sqlite" if args.db.startswith("sqlite") else "postgresql"
    peer = QtSql(kind, args.db)
    if not peer.available:
        raise SystemExit(peer.reason)
    QCoreApplication.processEvents()
    data = json.loads(Path(args.statement).read_text(encoding="utf-8"))
    params = data["params"] if isinstance(data["params"], dict) else tuple(data["params"])
    statement = Statement(data["sql"], params)
    baseline = proc_status_mb("VmRSS")
    peer.show([statement], 0)
    peer.scroll_all()
    result = {"baseline_mb": baseline, "after_scroll_all_mb": proc_status_mb(), "rows": peer.rows()}
    assert app is not None
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("cold", "memory", "memory-page", "memory-qsql"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--customer")
    parser.add_argument("--as-of")
    parser.add_argument("--scroll", action="store_true")
    parser.add_argument("--statement")
    args = parser.parse_args()
    if args.mode == "cold":
        return cold(args)
    if args.mode == "memory-qsql":
        result = _qsql_memory(args)
    else:
        result = _window_memory(args, page_only=args.mode == "memory-page")
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # the figures are out: no teardown


if __name__ == "__main__":
    sys.exit(main())
