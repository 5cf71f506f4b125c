"""Programação: pending events (overdue ones first, highlighted), and add/edit/done/cancel.

The grid is filled a page at a time, sorted by the database (app.views.paging,
app.db.programacao). Writes go through app.db.programacao_ops in a worker (one
transaction, audited, optimistic on the versão read with the row); the page reloads
after each one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import programacao, programacao_ops
from app.db.programacao import ProgramacaoRow
from app.db.programacao_ops import (
    EmpresaOption,
    ProgramacaoChanged,
    ProgramacaoInput,
    ProgramacaoInvalida,
)
from app.models.programacao import ProgramacaoModel
from app.tasks import in_session
from app.views.errors import user_message
from app.views.grid import GridView
from app.views.paging import PagedRows
from app.views.programacao_dialog import ProgramacaoDialog
from app.views.section_page import SectionPage
from app.views.settings import Settings
from app.views.widgets import BusyIndicator


@dataclass(frozen=True)
class _Loaded:
    pendentes: int
    empresas: list[EmpresaOption]


class ProgramacaoPage(SectionPage):
    """The Programação section."""

    key = "programacao"

    def __init__(self, *, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings=settings, parent=parent)
        self._empresas: list[EmpresaOption] = []
        self._select_after_load: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        bar = QHBoxLayout()
        self.add_button = self._button(
            self.tr("&Nova programação"), self.add, self.tr("Incluir uma programação (Ctrl+N)")
        )
        self.edit_button = self._button(
            self.tr("&Editar"), self.edit, self.tr("Editar a programação selecionada (Enter)")
        )
        self.done_button = self._button(
            self.tr("Marcar como &realizada"),
            self.mark_done,
            self.tr("Marcar a programação selecionada como realizada"),
        )
        self.cancel_button = self._button(
            self.tr("&Cancelar programação"),
            self.cancel,
            self.tr("Cancelar a programação selecionada"),
        )
        for button in (self.add_button, self.edit_button, self.done_button, self.cancel_button):
            bar.addWidget(button)
        bar.addSpacing(16)
        self.show_past = QCheckBox(self.tr("Mostrar realizadas e passadas"))
        self.show_past.setAccessibleName(self.tr("Mostrar programações realizadas e passadas"))
        self.show_past.setChecked(settings.show_past_programacoes)
        self.show_past.toggled.connect(self._toggle_past)
        bar.addWidget(self.show_past)
        bar.addStretch(1)
        self.busy = BusyIndicator(self)
        bar.addWidget(self.busy)
        layout.addLayout(bar)

        self.model = ProgramacaoModel(self)
        self.model.database_sort = lambda _key, _descending: self._query()
        self.rows = PagedRows(self.model, self)
        self.rows.busy_changed.connect(self._busy)
        self.rows.failed.connect(self.load_failed)
        self.rows.shown.connect(self._shown)
        self.grid = GridView(
            name="programacao",
            accessible_name=self.tr("Programações do cliente"),
            empty_text=self.tr("Nenhuma programação pendente"),
            select_rows=True,
        )
        self.grid.setSelectionMode(GridView.SelectionMode.SingleSelection)
        self.grid.setModel(self.model)
        self.grid.activated.connect(lambda _index: self.edit())
        self.grid.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        layout.addWidget(self.grid, 1)
        legend = QLabel(self.tr("Em vermelho: programações pendentes com data já passada."))
        legend.setStyleSheet("color: #b71c1c;")
        layout.addWidget(legend)
        shortcut = QShortcut(QKeySequence("Ctrl+N"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.add)
        self._update_buttons()

    def _button(self, text: str, slot: Callable[[], None], tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", ""))
        button.clicked.connect(slot)
        return button

    def title(self) -> str:
        return self.tr("Programação")

    def grids(self) -> Sequence[GridView]:
        return (self.grid,)

    def on_busy(self, busy: bool) -> None:
        self.busy.set_busy(busy)

    # --- loading ---

    def reload(self) -> None:
        context = self.context
        assert context is not None
        cliente_id = context.cliente.id

        def work(session: Any) -> _Loaded:
            return _Loaded(
                programacao.count_pendentes(session, cliente_id),
                programacao_ops.list_empresas(session),
            )

        self.model.set_today(context.as_of)
        self.load(work, self._loaded)
        self._query()

    def _query(self) -> None:
        """The grid under the current view and sort (the database orders the ids)."""
        context = self.context
        if context is None:
            return
        cliente_id, include_past = context.cliente.id, self.show_past.isChecked()
        sort = self.model.current_sort()
        self.grid.set_empty_text(
            self.tr("Nenhuma programação")
            if include_past
            else self.tr("Nenhuma programação pendente")
        )
        self.rows.query(
            context.database,
            lambda s: programacao.ordered_ids(s, cliente_id, include_past=include_past, sort=sort),
            programacao.rows_by_ids,
        )

    def is_busy(self) -> bool:
        return super().is_busy() or self.rows.busy

    def clear(self) -> None:
        self.rows.clear()

    def rows_loader(self, grid: GridView) -> Callable[[], list[Any]]:
        return self.rows.loader() or super().rows_loader(grid)

    def _loaded(self, loaded: _Loaded) -> None:
        self._empresas = loaded.empresas
        self.count_changed.emit(loaded.pendentes)

    def _shown(self) -> None:
        """Select the programação just written (when among the rows fetched), else the
        first row."""
        wanted, self._select_after_load = self._select_after_load, None
        row = self.rows.ids.index(wanted) if wanted in self.rows.ids else 0
        if row < self.model.rowCount():
            self.grid.selectRow(row)

    def _toggle_past(self, on: bool) -> None:
        self.settings.show_past_programacoes = on
        self._query()

    # --- actions ---

    def selected(self) -> ProgramacaoRow | None:
        rows = self.grid.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self, *_: object) -> None:
        row = self.selected()
        pending = row is not None and row.situacao == "pendente"
        self.add_button.setEnabled(self.context is not None)
        self.edit_button.setEnabled(pending)
        self.done_button.setEnabled(pending)
        self.cancel_button.setEnabled(pending)

    def add(self) -> None:
        if self.context is None:
            return
        dialog = ProgramacaoDialog(empresas=self._empresas, today=self.context.as_of, parent=self)
        if dialog.exec() == ProgramacaoDialog.DialogCode.Accepted:
            self.save_new(dialog.value())

    def edit(self) -> None:
        row = self.selected()
        if self.context is None or row is None or row.situacao != "pendente":
            return
        dialog = ProgramacaoDialog(
            empresas=self._empresas, today=self.context.as_of, row=row, parent=self
        )
        if dialog.exec() == ProgramacaoDialog.DialogCode.Accepted:
            self.save_edit(row, dialog.value())

    def mark_done(self) -> None:
        row = self.selected()
        if row is not None and row.situacao == "pendente":
            self.save_situacao(row, "realizada")

    def cancel(self) -> None:
        row = self.selected()
        if row is None or row.situacao != "pendente":
            return
        answer = QMessageBox.question(
            self,
            self.tr("Cancelar programação"),
            self.tr("Cancelar a programação de {data}?\n{descricao}").format(
                data=row.data.strftime("%d/%m/%Y"), descricao=row.descricao
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.save_situacao(row, "cancelada")

    # --- writes (also called by tests without the dialogs) ---

    def save_new(self, data: ProgramacaoInput) -> None:
        context = self.context
        assert context is not None
        self._write(lambda s: programacao_ops.add_programacao(s, context.cliente.id, data))

    def save_edit(self, row: ProgramacaoRow, data: ProgramacaoInput) -> None:
        self._write(lambda s: programacao_ops.update_programacao(s, row.id, row.versao, data))

    def save_situacao(self, row: ProgramacaoRow, situacao: str) -> None:
        self._write(lambda s: programacao_ops.set_situacao(s, row.id, row.versao, situacao))

    def _write(self, work: Callable[[Any], ProgramacaoChanged]) -> None:
        assert self.context is not None
        self._side_channel.run(
            in_session(self.context.database, work), self._written, self._write_failed
        )

    def _written(self, changed: ProgramacaoChanged) -> None:
        messages = {
            "incluida": self.tr("Programação incluída"),
            "alterada": self.tr("Programação alterada"),
            "realizada": self.tr("Programação marcada como realizada"),
            "cancelada": self.tr("Programação cancelada"),
            "pendente": self.tr("Programação reaberta"),
        }
        self.message.emit(messages.get(changed.acao, self.tr("Programação salva")))
        self._select_after_load = changed.id
        if self.context is not None:
            self.reload()

    def _write_failed(self, exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, ProgramacaoInvalida) else user_message(exc)
        QMessageBox.warning(self, self.tr("Programação"), text)
        if self.context is not None:
            self.reload()
