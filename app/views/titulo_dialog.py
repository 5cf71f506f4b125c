"""The detail of one título: its recebimentos and, when renegotiated, its acordo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.db import recebimentos
from app.db.columns import forma_pagamento_label
from app.db.financeiro import TituloRow
from app.domain.formatting import format_date, format_money
from app.models.cell_texts import status_text
from app.models.recebimentos import RecebimentosModel
from app.tasks import TaskChannel, in_session
from app.views.errors import user_message
from app.views.grid import GridView
from app.views.section_page import HistoryContext


class TituloDialog(QDialog):
    """Recebimentos of a título, loaded off the GUI thread when the dialog opens."""

    def __init__(
        self, *, context: HistoryContext, titulo: TituloRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.titulo = titulo
        name = f"{titulo.numero_documento}/{titulo.parcela}"
        self.setWindowTitle(self.tr("Título {name}").format(name=name))
        self.setAccessibleName(self.windowTitle())
        self.resize(560, 400)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        pos = titulo.pos
        form.addRow(self.tr("Empresa:"), QLabel(titulo.empresa))
        form.addRow(self.tr("Título / parcela:"), QLabel(name))
        form.addRow(
            self.tr("Emissão / vencimento:"),
            QLabel(f"{format_date(titulo.emissao)} / {format_date(titulo.vencimento)}"),
        )
        form.addRow(
            self.tr("Valor / saldo:"),
            QLabel(f"{format_money(titulo.valor)} / {format_money(pos.saldo)}"),
        )
        form.addRow(self.tr("Status:"), QLabel(status_text(titulo.status)))
        forma = QLabel(forma_pagamento_label(titulo.forma_pagamento) or "—")
        forma.setObjectName("formaPagamento")
        form.addRow(self.tr("Forma de pagamento:"), forma)
        if titulo.renegociado_no_acordo is not None:
            acordo = QLabel(
                self.tr("Renegociado no acordo nº {n}").format(n=titulo.renegociado_no_acordo)
            )
            acordo.setObjectName("acordoLabel")
            acordo.setStyleSheet("font-weight: bold; color: #e65100;")
            form.addRow(self.tr("Acordo:"), acordo)
        elif titulo.acordo_origem is not None:
            acordo = QLabel(self.tr("Parcela do acordo nº {n}").format(n=titulo.acordo_origem))
            acordo.setObjectName("acordoLabel")
            form.addRow(self.tr("Acordo:"), acordo)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(self.tr("Recebimentos (baixas) até {d}:").format(d=format_date(context.as_of)))
        )
        self.model = RecebimentosModel(self)
        self.grid = GridView(
            name="recebimentos",
            accessible_name=self.tr("Recebimentos"),
            empty_text=self.tr("Nenhum recebimento"),
        )
        self.grid.setModel(self.model)
        layout.addWidget(self.grid, 1)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.channel = TaskChannel(self)
        self.channel.busy_changed.connect(self.grid.set_loading)
        self.channel.run(
            in_session(
                context.database,
                lambda s: recebimentos.load_recebimentos(s, titulo.id, context.as_of),
            ),
            self._loaded,
            self._failed,
        )

    def _loaded(self, rows: list[recebimentos.RecebimentoRow]) -> None:
        self.model.set_rows(rows)
        self.grid.fit_columns()

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(user_message(exc))
        self.error.show()
