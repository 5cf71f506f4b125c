"""The "Nova negociação" dialog: terms of a renegotiation, a live preview, and saving.

The títulos and their positions as of the agreement date are loaded off the GUI
thread (again whenever that date changes); the plan itself is pure arithmetic
(app.db.acordo_ops.plan_for) and is recomputed on every keystroke. Saving runs
create_acordo off the GUI thread with the versions and the total the user saw,
so a título changed meanwhile gives "Um ou mais títulos foram alterados por
outro usuário" and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db.acordo_ops import (
    ACORDO_TITULO_PREFIX,
    AcordoCreated,
    AcordoRequest,
    Selection,
    create_acordo,
    load_selection,
    plan_for,
)
from app.db.engine import Database
from app.db.errors import ConcurrentChange
from app.domain.acordo import MAX_PARCELAS, AcordoField, AcordoInvalido, AcordoPlan, add_months
from app.domain.formatting import format_date, format_decimal, format_money
from app.domain.money import ZERO, parse_money
from app.tasks import TaskChannel, in_session, run_task
from app.views.errors import user_message
from app.views.widgets import date_edit, from_qdate, to_qdate

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ERROR_STYLE = "color: #b71c1c;"
DESCONTO_VALOR, DESCONTO_PERCENTUAL = "valor", "percentual"


class _InputError(Exception):
    """A field that does not parse; like AcordoInvalido, it names the field."""

    def __init__(self, field: AcordoField, message: str) -> None:
        super().__init__(message)
        self.field: AcordoField = field


def _read_only_table(headers: Sequence[str], *, accessible_name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(accessible_name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the label; figures compact
    header.setStretchLastSection(False)
    return table


def _fill_row(
    table: QTableWidget, row: int, cells: Sequence[str], *, bold: bool = False, right_from: int = 1
) -> None:
    for column, text in enumerate(cells):
        item = QTableWidgetItem(text)
        if column >= right_from:
            item.setTextAlignment(_RIGHT)
        if bold:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        table.setItem(row, column, item)


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(_ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class NovaNegociacaoDialog(QDialog):
    """Renegotiate the chosen open títulos of one customer and one empresa.

    After a successful save the dialog accepts; ``created`` holds what was saved,
    for the caller to refresh its sections and offer to print.

    Signals:
        acordo_created(AcordoCreated): the acordo was saved (just before accept()).
    """

    acordo_created = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        database: Database,
        cliente_codigo: str,
        empresa_codigo: str,
        titulo_ids: Sequence[int],
        as_of: date,
        allow_principal_discount: bool = False,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.cliente_codigo = cliente_codigo
        self.empresa_codigo = empresa_codigo
        self.titulo_ids = tuple(titulo_ids)
        self.allow_principal_discount = allow_principal_discount
        self.created: AcordoCreated | None = None
        self.selection: Selection | None = None
        self.plan: AcordoPlan | None = None
        self._saving = False
        self.last_message = ""  # the text of the last message box shown

        self.setWindowTitle(self.tr("Nova negociação"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("Cliente {cliente} — empresa {empresa}: {n} título(s) selecionado(s)").format(
                cliente=cliente_codigo, empresa=empresa_codigo, n=len(self.titulo_ids)
            )
        )
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        self._errors: dict[AcordoField, QLabel] = {}
        layout.addWidget(self._build_debt(as_of), 2)
        columns = QHBoxLayout()
        columns.addWidget(self._build_terms(as_of), 1)
        columns.addWidget(self._build_preview(), 1)
        layout.addLayout(columns, 3)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Salvar acordo"))
        self.save_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(980, 720)

        self.channel = TaskChannel(self)
        self.channel.busy_changed.connect(self._busy_changed)
        self._connect_inputs()
        self.reload()

    # --- building ---------------------------------------------------------------------------

    def _build_debt(self, as_of: date) -> QGroupBox:
        box = QGroupBox(self.tr("Dívida atualizada"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        label = QLabel(self.tr("&Data do acordo:"))
        self.data = date_edit(accessible_name=self.tr("Data do acordo"))
        self.data.setDate(to_qdate(as_of))
        label.setBuddy(self.data)
        row.addWidget(label)
        row.addWidget(self.data)
        self.loading = QLabel(self.tr("Carregando…"))
        self.loading.setStyleSheet("color: #546e7a;")
        row.addWidget(self.loading)
        row.addStretch(1)
        layout.addLayout(row)
        self.debt_table = _read_only_table(
            [
                self.tr("Título"),
                self.tr("Vencimento"),
                self.tr("Dias atraso"),
                self.tr("Saldo"),
                self.tr("Multa"),
                self.tr("Juros"),
                self.tr("Valor atualizado"),
            ],
            accessible_name=self.tr("Títulos renegociados: saldo, multa e juros"),
        )
        layout.addWidget(self.debt_table)
        layout.addWidget(self._field_error("titulos"))
        return box

    def _field_error(self, field: AcordoField) -> QLabel:
        label = _error_label()
        label.setObjectName(f"erro_{field}")
        self._errors[field] = label
        return label

    def _with_error(self, widget: QWidget | QHBoxLayout, field: AcordoField) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        if isinstance(widget, QHBoxLayout):
            box.addLayout(widget)
        else:
            box.addWidget(widget)
        box.addWidget(self._field_error(field))
        return holder

    def _build_terms(self, as_of: date) -> QGroupBox:
        box = QGroupBox(self.tr("Condições"))
        form = QFormLayout(box)
        desconto_row = QHBoxLayout()
        self.desconto = QLineEdit("0,00")
        self.desconto.setAccessibleName(self.tr("Desconto"))
        self.desconto.setAlignment(_RIGHT)
        self.desconto_tipo = QComboBox()
        self.desconto_tipo.setAccessibleName(self.tr("Tipo de desconto"))
        self.desconto_tipo.addItem(self.tr("R$"), DESCONTO_VALOR)
        self.desconto_tipo.addItem(self.tr("% dos encargos"), DESCONTO_PERCENTUAL)
        desconto_row.addWidget(self.desconto, 1)
        desconto_row.addWidget(self.desconto_tipo)
        form.addRow(self.tr("De&sconto:"), self._with_error(desconto_row, "desconto"))
        entrada_row = QHBoxLayout()
        self.entrada = QLineEdit("0,00")
        self.entrada.setAccessibleName(self.tr("Valor da entrada"))
        self.entrada.setAlignment(_RIGHT)
        self.entrada_data = date_edit(accessible_name=self.tr("Data da entrada"))
        self.entrada_data.setDate(to_qdate(as_of))
        entrada_row.addWidget(self.entrada, 1)
        entrada_row.addWidget(QLabel(self.tr("em")))
        entrada_row.addWidget(self.entrada_data)
        form.addRow(self.tr("&Entrada:"), self._with_error(entrada_row, "entrada"))
        self.parcelas = QSpinBox()
        self.parcelas.setRange(0, MAX_PARCELAS)
        self.parcelas.setValue(1)
        self.parcelas.setAccessibleName(self.tr("Número de parcelas"))
        form.addRow(self.tr("&Parcelas:"), self._with_error(self.parcelas, "parcelas"))
        self.primeiro_vencimento = date_edit(accessible_name=self.tr("Primeiro vencimento"))
        self.primeiro_vencimento.setDate(to_qdate(add_months(as_of, 1)))
        form.addRow(
            self.tr("Primeiro &vencimento:"),
            self._with_error(self.primeiro_vencimento, "primeiro_vencimento"),
        )
        self.taxa = QLineEdit("0")
        self.taxa.setAccessibleName(self.tr("Taxa de juros do parcelamento, % ao mês"))
        self.taxa.setAlignment(_RIGHT)
        self.taxa.setToolTip(self.tr("0 = parcelas iguais; maior que 0 = tabela Price"))
        form.addRow(self.tr("&Taxa (% a.m.):"), self._with_error(self.taxa, "taxa"))
        self.observacao = QLineEdit()
        self.observacao.setAccessibleName(self.tr("Observação"))
        form.addRow(self.tr("&Observação:"), self.observacao)
        self.figures: dict[str, QLabel] = {}
        for key, caption in (
            ("principal", self.tr("Principal (saldo):")),
            ("encargos", self.tr("Encargos (multa + juros):")),
            ("desconto", self.tr("Desconto:")),
            ("total", self.tr("Total negociado:")),
            ("entrada", self.tr("Entrada:")),
            ("financiado", self.tr("Valor parcelado:")),
            ("parcelas", self.tr("Total das parcelas:")),
        ):
            value = QLabel("—")
            value.setObjectName(f"figura_{key}")
            value.setAlignment(_RIGHT)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if key == "total":
                value.setStyleSheet("font-weight: bold;")
            self.figures[key] = value
            form.addRow(caption, value)
        return box

    def _build_preview(self) -> QGroupBox:
        box = QGroupBox(self.tr("Parcelas do acordo (prévia)"))
        layout = QVBoxLayout(box)
        self.preview_table = _read_only_table(
            [self.tr("Parcela"), self.tr("Vencimento"), self.tr("Valor")],
            accessible_name=self.tr("Prévia das parcelas do acordo"),
        )
        layout.addWidget(self.preview_table)
        return box

    def _connect_inputs(self) -> None:
        self.data.dateChanged.connect(self.reload)
        for edit in (self.desconto, self.entrada, self.taxa):
            edit.textChanged.connect(self.update_preview)
        self.desconto_tipo.currentIndexChanged.connect(self.update_preview)
        self.entrada_data.dateChanged.connect(self.update_preview)
        self.parcelas.valueChanged.connect(self.update_preview)
        self.primeiro_vencimento.dateChanged.connect(self.update_preview)

    # --- loading the títulos ----------------------------------------------------------------

    def agreement_date(self) -> date:
        return from_qdate(self.data.date())

    def reload(self) -> None:
        """Load the títulos' positions as of the agreement date (off the GUI thread)."""
        self.selection = None
        as_of = self.agreement_date()
        self.update_preview()
        ids = list(self.titulo_ids)
        cliente, empresa = self.cliente_codigo, self.empresa_codigo
        self.channel.run(
            in_session(
                self.database,
                lambda s: load_selection(
                    s, cliente_codigo=cliente, empresa_codigo=empresa, titulos=ids, as_of=as_of
                ),
            ),
            self._loaded,
            self._load_failed,
        )

    def _busy_changed(self, busy: bool) -> None:
        self.loading.setVisible(busy)
        self._update_save_button()

    def _loaded(self, selection: Selection) -> None:
        self.selection = selection
        self._show_debt(selection)
        self.update_preview()

    def _load_failed(self, exc: BaseException) -> None:
        self.selection = None
        self.debt_table.setRowCount(0)
        self.update_preview()
        if isinstance(exc, AcordoInvalido):
            self._show_error(exc.field, str(exc))
        else:
            self._show_error("titulos", user_message(exc))

    def _show_debt(self, selection: Selection) -> None:
        table = self.debt_table
        table.setRowCount(len(selection.titulos) + 1)
        saldo = multa = juros = atualizado = ZERO
        for row, t in enumerate(selection.titulos):
            p = t.pos
            _fill_row(
                table,
                row,
                [
                    t.label,
                    format_date(t.vencimento),
                    str(p.dias_atraso) if p.dias_atraso else "",
                    format_money(p.saldo),
                    format_money(p.multa),
                    format_money(p.juros),
                    format_money(p.valor_atualizado),
                ],
                right_from=2,
            )
            saldo, multa, juros = saldo + p.saldo, multa + p.multa, juros + p.juros
            atualizado += p.valor_atualizado
        _fill_row(
            table,
            len(selection.titulos),
            [self.tr("Total"), "", "", *map(format_money, (saldo, multa, juros, atualizado))],
            bold=True,
            right_from=2,
        )

    # --- the live preview -------------------------------------------------------------------

    def _money(self, edit: QLineEdit, field: AcordoField) -> Decimal:
        text = edit.text().strip()
        if not text:
            return ZERO
        try:
            return parse_money(text)
        except ValueError as exc:
            raise _InputError(field, str(exc)) from None

    def request(self) -> AcordoRequest:
        """The request the fields describe; raises _InputError for a field that does not parse."""
        desconto = self._money(self.desconto, "desconto")
        percentual = self.desconto_tipo.currentData() == DESCONTO_PERCENTUAL
        entrada = self._money(self.entrada, "entrada")
        taxa = self._money(self.taxa, "taxa")
        selection = self.selection
        return AcordoRequest(
            cliente_codigo=self.cliente_codigo,
            empresa_codigo=self.empresa_codigo,
            titulos=list(self.titulo_ids),
            data=self.agreement_date(),
            parcelas=self.parcelas.value(),
            first_due=from_qdate(self.primeiro_vencimento.date()),
            desconto=ZERO if percentual else desconto,
            desconto_percentual=desconto if percentual else None,
            allow_principal_discount=self.allow_principal_discount,
            entrada=entrada,
            entrada_data=from_qdate(self.entrada_data.date()) if entrada else None,
            taxa=taxa,
            observacao=self.observacao.text().strip() or None,
            versoes=selection.versoes if selection is not None else None,
        )

    def update_preview(self) -> None:
        """Recompute the plan from the fields; explain what is invalid next to its field."""
        for label in self._errors.values():
            if label.objectName() != "erro_titulos" or self.selection is not None:
                label.hide()
        self.plan = None
        try:
            request = self.request()
            if self.selection is not None and self.selection.as_of == request.data:
                self.plan = plan_for(self.selection, request)
        except (AcordoInvalido, _InputError) as exc:
            self._show_error(exc.field, str(exc))
        self._show_plan(self.plan)
        self._update_save_button()

    def _show_error(self, field: AcordoField, message: str) -> None:
        label = self._errors[field]
        label.setText(message)
        label.setAccessibleDescription(message)
        label.show()
        self._update_save_button()

    def _show_plan(self, plan: AcordoPlan | None) -> None:
        table = self.preview_table
        if plan is None:
            table.setRowCount(0)
            for label in self.figures.values():
                label.setText("—")
            return
        figures = {
            "principal": plan.principal,
            "encargos": plan.encargos,
            "desconto": plan.desconto,
            "total": plan.total_negociado,
            "entrada": plan.entrada,
            "financiado": plan.financiado,
            "parcelas": plan.total_parcelas,
        }
        for key, value in figures.items():
            self.figures[key].setText(format_money(value))
        if plan.taxa:
            self.figures["parcelas"].setToolTip(
                self.tr("Tabela Price a {taxa}% ao mês").format(taxa=format_decimal(plan.taxa))
            )
        rows: list[list[str]] = []
        if plan.entrada > 0:
            rows.append(
                [self.tr("Entrada"), format_date(plan.entrada_data), format_money(plan.entrada)]
            )
        documento = f"{ACORDO_TITULO_PREFIX}?"
        for p in plan.parcelas:
            rows.append(
                [f"{documento}/{p.numero}", format_date(p.vencimento), format_money(p.valor)]
            )
        table.setRowCount(len(rows) + 1)
        for row, cells in enumerate(rows):
            _fill_row(table, row, cells)
        _fill_row(
            table,
            len(rows),
            [self.tr("Total"), "", format_money(plan.entrada + plan.total_parcelas)],
            bold=True,
        )

    def _update_save_button(self) -> None:
        self.save_button.setEnabled(
            self.plan is not None and not self._saving and not self.channel.busy
        )

    # --- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        """Save the acordo off the GUI thread; accept when it is saved."""
        if self.plan is None or self._saving:
            return
        try:
            request = self.request()
        except _InputError as exc:  # pragma: no cover - the plan exists, so the fields parse
            self._show_error(exc.field, str(exc))
            return
        request = replace(request, expected_total=self.plan.total_negociado)
        self._set_saving(True)
        database = self.database
        run_task(lambda: create_acordo(database, request), self._saved, self._save_failed)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not saving)
        self._update_save_button()

    def _saved(self, created: AcordoCreated) -> None:
        self._set_saving(False)
        self.created = created
        self.acordo_created.emit(created)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        if isinstance(exc, AcordoInvalido):
            self._show_error(exc.field, str(exc))
            return
        if isinstance(exc, ConcurrentChange):
            self._message(QMessageBox.Icon.Warning, str(exc))
            self.reload()  # show the títulos as they are now
            return
        self._message(QMessageBox.Icon.Critical, user_message(exc))

    def _message(self, icon: QMessageBox.Icon, text: str) -> None:
        box = QMessageBox(
            icon, self.tr("Nova negociação"), text, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = text
        box.open()

    def reject(self) -> None:
        if self._saving:  # the save is under way: its answer decides
            return
        self.channel.cancel()
        super().reject()
