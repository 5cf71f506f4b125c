"""Creating and breaking acordos from a section page, and "print the termo now?".

The Financeiro page (selected títulos) and the Negociação page (the títulos chooser,
"Quebrar acordo") start the same dialogs through these functions. A successful write
is announced by the page's ``data_changed`` signal with what changed (AcordoCreated
or AcordoCancelled); the window then reloads every section. After a creation the user
is asked whether to print the termo at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from app.db.acordo_ops import AcordoCreated
from app.db.engine import Database
from app.views.nova_negociacao import NovaNegociacaoDialog
from app.views.quebrar_acordo import QuebrarAcordoDialog
from app.views.section_page import SectionPage

_CONTEXT = "AcordoFlow"


def print_acordo(parent: QWidget, database: Database, acordo_id: int) -> None:
    """Preview and print the acordo (app.printing, loaded at the first print: reportlab,
    its fonts and pdfium are not needed by a window that never prints)."""
    from app.printing.qt_print import print_acordo as preview_and_print

    preview_and_print(parent, database, acordo_id)


def negotiate(
    page: SectionPage, *, empresa: str, titulo_ids: Sequence[int]
) -> NovaNegociacaoDialog | None:
    """Open "Nova negociação" for these títulos of the page's customer (window-modal).

    Returns the dialog (None without a customer); it deletes itself when closed.
    """
    context = page.context
    if context is None or not titulo_ids:
        return None
    dialog = NovaNegociacaoDialog(
        page,
        database=context.database,
        cliente_codigo=context.cliente.codigo,
        empresa_codigo=empresa,
        titulo_ids=titulo_ids,
        as_of=context.as_of,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    database = context.database

    def created(result: AcordoCreated) -> None:
        page.data_changed.emit(result)
        # the dialog accepts right after this signal: ask once it is gone, from the event
        # loop (not nested inside the save's callback)
        QTimer.singleShot(0, page, lambda: offer_print(page, database, result))

    dialog.acordo_created.connect(created)
    dialog.open()
    return dialog


def offer_print(parent: QWidget, database: Database, created: AcordoCreated) -> None:
    """Ask "Acordo nº N criado. Deseja imprimir o termo agora?"; Sim opens the print preview."""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate(_CONTEXT, "Nova negociação"),
        QCoreApplication.translate(
            _CONTEXT, "Acordo nº {n} criado. Deseja imprimir o termo agora?"
        ).format(n=created.numero),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Yes:
        print_acordo(parent, database, created.acordo_id)


def break_acordo(page: SectionPage, acordo_id: int) -> QuebrarAcordoDialog | None:
    """Open "Quebrar acordo" for this acordo (window-modal); it deletes itself when closed."""
    context = page.context
    if context is None:
        return None
    dialog = QuebrarAcordoDialog(
        page, database=context.database, acordo_id=acordo_id, today=context.as_of
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.acordo_cancelled.connect(page.data_changed.emit)
    dialog.open()
    return dialog
