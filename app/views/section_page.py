"""What the four section pages share: loading through a task channel, the busy
indicator, errors, and the grid actions (export, print the grid as a report).

A page is given a HistoryContext (database, customer, as-of date) and loads itself
off the GUI thread; a newer context makes an older answer stale (TaskChannel).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from app.db.clientes import ClienteInfo
from app.db.columns import Column, display
from app.db.engine import Database
from app.domain.documents import format_cpf_cnpj
from app.domain.formatting import format_date
from app.export import ExportError, export_rows
from app.models.base import header_text
from app.tasks import TaskChannel, in_session
from app.views.errors import is_database_problem, user_message
from app.views.grid import GridView
from app.views.settings import Settings
from app.views.widgets import count_text

T = TypeVar("T")


@dataclass(frozen=True)
class HistoryContext:
    """The open history: which database, which customer, as of which date."""

    database: Database
    cliente: ClienteInfo
    as_of: date


class SectionPage(QWidget):
    """Base of the section pages.

    Signals:
        count_changed(object): the navigation badge's number (int), or None while loading.
        busy_changed(bool): a load of this page started or finished.
        failed(str, bool): a load failed: the message, and whether it is the database
            (the window then shows its "Tentar novamente" banner).
        message(str): a short note for the status bar (export done, programação saved).
        data_changed(object): a write of this page changed what other sections show (an
            acordo created or broken: the AcordoCreated / AcordoCancelled); the window
            reloads every section.
    """

    count_changed = Signal(object)
    busy_changed = Signal(bool)
    failed = Signal(str, bool)
    message = Signal(str)
    data_changed = Signal(object)

    key = ""

    def __init__(self, *, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.context: HistoryContext | None = None
        self.channel = TaskChannel(self)
        self.channel.busy_changed.connect(self._busy)
        self._side_channel = TaskChannel(self)  # exports and writes

    # --- to implement ---

    def title(self) -> str:
        raise NotImplementedError

    def reload(self) -> None:
        """Load the page for the current context (off the GUI thread)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Show nothing (no customer)."""
        raise NotImplementedError

    def grids(self) -> Sequence[GridView]:
        raise NotImplementedError

    def on_busy(self, busy: bool) -> None:
        """Show or hide the page's busy indicator."""

    # --- shared ---

    def reset_filters(self) -> None:
        """Back to the default filters (another customer was opened)."""

    def set_context(self, context: HistoryContext | None) -> None:
        previous = self.context
        self.context = context
        if context is not None and (
            previous is None
            or previous.cliente.id != context.cliente.id
            or previous.database is not context.database
        ):
            self.reset_filters()
            for grid in self.grids():
                grid.fit_next_rows()
        if context is None:
            self.channel.cancel()
            self.clear()
            self.count_changed.emit(0)
        else:
            self.reload()

    def load(self, work: Callable[[Any], T], on_done: Callable[[T], None]) -> None:
        """Run ``work(session)`` off the GUI thread for the current context."""
        assert self.context is not None
        self.count_changed.emit(None)
        self.channel.run(in_session(self.context.database, work), on_done, self.load_failed)

    def is_busy(self) -> bool:
        """Whether a load or a write of this page is running."""
        return self.channel.busy or self._side_channel.busy

    def load_failed(self, exc: BaseException) -> None:
        self.failed.emit(user_message(exc), is_database_problem(exc))

    def _busy(self, busy: bool) -> None:
        for grid in self.grids():
            grid.set_loading(busy)
        self.on_busy(busy)
        self.busy_changed.emit(busy)

    def current_grid(self) -> GridView:
        """The grid with focus, else the page's first grid."""
        focus = QApplication.focusWidget()
        return next((g for g in self.grids() if g is focus), self.grids()[0])

    def save_grid_states(self) -> None:
        for grid in self.grids():
            self.settings.set_header_state(grid.objectName(), grid.save_state())

    def restore_grid_states(self) -> None:
        for grid in self.grids():
            if not grid.restore_state(self.settings.header_state(grid.objectName())):
                grid.fit_columns()

    # --- export (Ctrl+E) ---

    def export_grid(self) -> None:
        grid = self.current_grid()
        if self.context is None or grid.grid_model().total_count() == 0:
            self.message.emit(self.tr("Não há linhas para exportar"))
            return
        name = f"{self.key}-{self.context.cliente.codigo}.xlsx"
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Exportar grade"),
            name,
            self.tr("Planilha Excel (*.xlsx);;Arquivo CSV (*.csv)"),
        )
        if not path:
            return
        fmt = "csv" if path.lower().endswith(".csv") or "csv" in chosen.lower() else "xlsx"
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        self.export_to(Path(path), fmt, grid)

    def rows_loader(self, grid: GridView) -> Callable[[], list[Any]]:
        """Every row of ``grid`` as filtered and sorted, for export and printing; run off
        the GUI thread (a page whose grid loads rows a page at a time loads them all)."""
        rows = grid.grid_model().all_rows()
        return lambda: rows

    def export_to(self, path: Path, fmt: str, grid: GridView | None = None) -> None:
        """Write the grid as filtered (every row) to ``path`` off the GUI thread."""
        grid = grid or self.grids()[0]
        columns, load, title = (
            grid.grid_model().export_columns,
            self.rows_loader(grid),
            self.title(),
        )

        def work() -> int:
            rows = load()
            export_rows(path, fmt, columns, rows, title=title)
            return len(rows)

        def done(count: int) -> None:
            self.message.emit(
                self.tr("{n} linha(s) exportada(s) para {path}").format(
                    n=count_text(count), path=path
                )
            )

        self._side_channel.run(work, done, self._export_failed)

    def _export_failed(self, exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, ExportError) else user_message(exc)
        QMessageBox.warning(self, self.tr("Exportar grade"), text)

    # --- print the grid (Ctrl+Shift+P; Ctrl+P on pages without a document of their own) ---

    def print_primary(self) -> None:
        self.print_grid()

    def print_grid(self) -> None:
        """Load every row of the current grid and write the report off the GUI thread,
        then open the print dialog with it."""
        context = self.context
        if context is None:
            return
        grid = self.current_grid()
        columns, title = grid.grid_model().export_columns, self.title()
        load = self.rows_loader(grid)
        # the report's text built there too (every row formatted: seconds for 100,000)
        self._side_channel.run(
            lambda: report_html(title, context, columns, load()),
            self._print_report,
            self.load_failed,
        )

    def _print_report(self, report: str) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        document = QTextDocument()
        document.setHtml(report)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Imprimir {title}").format(title=self.title()))
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            document.print_(printer)


def report_html(
    title: str, context: HistoryContext, columns: Sequence[Column[Any]], rows: Sequence[Any]
) -> str:
    """A simple tabular report of a grid, for the print dialog."""
    cliente = context.cliente
    try:
        document = format_cpf_cnpj(cliente.cpf_cnpj)
    except ValueError:
        document = cliente.cpf_cnpj
    head = "".join(
        f"<th align='{'right' if c.kind.numeric else 'left'}'>{html.escape(header_text(c))}</th>"
        for c in columns
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td align='{'right' if c.kind.numeric else 'left'}'>"
            f"{html.escape(display(c.kind, c.get(row)))}</td>"
            for c in columns
        )
        + "</tr>"
        for row in rows
    )
    return (
        "<html><body style='font-size:8pt'>"
        f"<h3>Histórico do Cliente — {html.escape(title)}</h3>"
        f"<p>{html.escape(cliente.nome)} ({html.escape(cliente.codigo)}) · "
        f"{html.escape(document)} · Posição em {format_date(context.as_of)} · "
        f"{len(rows)} linha(s)</p>"
        "<table border='1' cellspacing='0' cellpadding='2' width='100%'>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        "</body></html>"
    )
