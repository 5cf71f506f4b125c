"""The "Quebrar acordo" dialog: confirm breaking an acordo, with a required reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db.acordo_ops import AcordoCancelled, AcordoSummary, cancel_acordo, load_acordo_summary
from app.db.engine import Database
from app.domain.formatting import format_date, format_money
from app.tasks import TaskChannel, in_session, run_task
from app.views.errors import user_message
from app.views.widgets import date_edit, from_qdate, to_qdate


class QuebrarAcordoDialog(QDialog):
    """Break an acordo none of whose títulos was received, after confirmation.

    Its installments are cancelled and the títulos it renegotiated are open
    again. After a successful break the dialog accepts; ``cancelled`` holds
    what changed.

    Signals:
        acordo_cancelled(AcordoCancelled): the acordo was broken (just before accept()).
    """

    acordo_cancelled = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        database: Database,
        acordo_id: int,
        today: date,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.acordo_id = acordo_id
        self.summary: AcordoSummary | None = None
        self.cancelled: AcordoCancelled | None = None
        self._saving = False
        self.setWindowTitle(self.tr("Quebrar acordo"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        self.description = QLabel(self.tr("Carregando…"))
        self.description.setWordWrap(True)
        self.description.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.description)
        warning = QLabel(
            self.tr(
                "As parcelas do acordo serão canceladas e os títulos renegociados voltarão a "
                "ficar em aberto, com multa e juros desde o vencimento original."
            )
        )
        warning.setWordWrap(True)
        layout.addWidget(warning)
        form = QFormLayout()
        self.data = date_edit(accessible_name=self.tr("Data da quebra"))
        self.data.setDate(to_qdate(today))
        form.addRow(self.tr("&Data da quebra:"), self.data)
        self.motivo = QPlainTextEdit()
        self.motivo.setTabChangesFocus(True)
        self.motivo.setAccessibleName(self.tr("Motivo da quebra (obrigatório)"))
        self.motivo.setPlaceholderText(self.tr("Por que o acordo está sendo quebrado?"))
        self.motivo.setFixedHeight(80)
        form.addRow(self.tr("&Motivo:"), self.motivo)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("erro_quebra")
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.confirm_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm_button.setText(self.tr("Quebrar acordo"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.motivo.textChanged.connect(self._update_button)
        self._update_button()
        self.resize(520, self.sizeHint().height())
        self.channel = TaskChannel(self)
        self.channel.run(
            in_session(database, lambda s: load_acordo_summary(s, acordo_id)),
            self._loaded,
            self._failed,
        )

    def _loaded(self, summary: AcordoSummary) -> None:
        self.summary = summary
        self.description.setText(
            self.tr(
                "Acordo nº {numero} (empresa {empresa}) de {data}: {valor} em {n} parcela(s)."
            ).format(
                numero=summary.numero,
                empresa=summary.empresa_codigo,
                data=format_date(summary.data),
                valor=format_money(summary.valor_negociado),
                n=summary.parcelas,
            )
        )
        if summary.situacao != "ativo":
            self._show_error(self.tr("Este acordo já foi quebrado."))
        elif summary.titulos_recebidos:
            self._show_error(self.tr("O acordo já tem parcelas recebidas e não pode ser quebrado."))
        self._update_button()

    def _failed(self, exc: BaseException) -> None:
        self._show_error(user_message(exc))
        self._set_saving(False)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setAccessibleDescription(text)
        self.error.show()

    def _update_button(self) -> None:
        self.confirm_button.setEnabled(
            self.summary is not None
            and self.summary.can_break
            and bool(self.motivo.toPlainText().strip())
            and not self._saving
        )

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not saving)
        self._update_button()

    def confirm(self) -> None:
        """Break the acordo off the GUI thread; accept when it is done."""
        if not self.confirm_button.isEnabled():
            return
        self.error.hide()
        database, acordo_id = self.database, self.acordo_id
        motivo, data = self.motivo.toPlainText(), from_qdate(self.data.date())
        self._set_saving(True)
        run_task(
            lambda: cancel_acordo(database, acordo_id, motivo=motivo, data=data),
            self._done,
            self._failed,
        )

    def _done(self, cancelled: AcordoCancelled) -> None:
        self._set_saving(False)
        self.cancelled = cancelled
        self.acordo_cancelled.emit(cancelled)
        self.accept()

    def reject(self) -> None:
        if self._saving:
            return
        self.channel.cancel()
        super().reject()
