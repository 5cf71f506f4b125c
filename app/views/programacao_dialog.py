"""The form to add or edit a programação."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.db.programacao import TIPOS, ProgramacaoRow
from app.db.programacao_ops import EmpresaOption, ProgramacaoInput, ProgramacaoInvalida
from app.views.widgets import date_edit, from_qdate, to_qdate


class ProgramacaoDialog(QDialog):
    """Date, optional time, type, description, responsável and empresa of an event."""

    def __init__(
        self,
        *,
        empresas: Sequence[EmpresaOption],
        today: date,
        row: ProgramacaoRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        editing = row is not None
        self.setWindowTitle(
            self.tr("Editar programação") if editing else self.tr("Nova programação")
        )
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.data = date_edit(accessible_name=self.tr("Data da programação"))
        self.data.setDate(to_qdate(row.data if row else today))
        form.addRow(self.tr("&Data:"), self.data)
        hora_box = QHBoxLayout()
        self.com_hora = QCheckBox(self.tr("Com horário"))
        self.hora = QTimeEdit()
        self.hora.setDisplayFormat("HH:mm")
        self.hora.setAccessibleName(self.tr("Hora da programação"))
        self.com_hora.toggled.connect(self.hora.setEnabled)
        if row is not None and row.hora is not None:
            self.hora.setTime(QTime(row.hora.hour, row.hora.minute))
            self.com_hora.setChecked(True)
        else:
            self.hora.setTime(QTime(9, 0))
            self.hora.setEnabled(False)
        hora_box.addWidget(self.com_hora)
        hora_box.addWidget(self.hora)
        hora_box.addStretch(1)
        form.addRow(self.tr("Hora:"), hora_box)
        self.tipo = QComboBox()
        self.tipo.setAccessibleName(self.tr("Tipo"))
        for key, label in TIPOS.items():
            self.tipo.addItem(label, key)
        self.tipo.setCurrentIndex(max(self.tipo.findData(row.tipo if row else "ligacao"), 0))
        form.addRow(self.tr("&Tipo:"), self.tipo)
        self.descricao = QPlainTextEdit()
        self.descricao.setTabChangesFocus(True)
        self.descricao.setAccessibleName(self.tr("Descrição"))
        self.descricao.setFixedHeight(80)
        if row is not None:
            self.descricao.setPlainText(row.descricao)
        form.addRow(self.tr("D&escrição:"), self.descricao)
        self.responsavel = QLineEdit((row.responsavel or "") if row else "")
        self.responsavel.setAccessibleName(self.tr("Responsável"))
        self.responsavel.setMaxLength(100)
        form.addRow(self.tr("&Responsável:"), self.responsavel)
        self.empresa = QComboBox()
        self.empresa.setAccessibleName(self.tr("Empresa"))
        for option in empresas:
            self.empresa.addItem(f"{option.codigo} — {option.nome}", option.codigo)
        if row is not None:
            self.empresa.setCurrentIndex(max(self.empresa.findData(row.empresa), 0))
        form.addRow(self.tr("Em&presa:"), self.empresa)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Salvar"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def value(self) -> ProgramacaoInput:
        hora = None
        if self.com_hora.isChecked():
            t = self.hora.time()
            hora = time(t.hour(), t.minute())
        return ProgramacaoInput(
            empresa=str(self.empresa.currentData() or ""),
            data=from_qdate(self.data.date()),
            hora=hora,
            tipo=str(self.tipo.currentData()),
            descricao=self.descricao.toPlainText(),
            responsavel=self.responsavel.text(),
        )

    def accept(self) -> None:
        try:
            self.value().checked()
        except ProgramacaoInvalida as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        if self.empresa.count() == 0:
            self.error.setText(self.tr("Não há empresa cadastrada"))
            self.error.show()
            return
        super().accept()
