"""The "Nova negociação" and "Quebrar acordo" dialogs (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QLabel, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app import tasks
from app.db.acordo_ops import AcordoRequest, create_acordo, preview_acordo
from app.db.engine import Database
from app.db.schema import Acordo, Recebimento, Titulo
from app.domain.acordo import AcordoPlan
from app.domain.formatting import format_money
from app.domain.money import parse_decimal, to_cents
from app.views.nova_negociacao import NovaNegociacaoDialog
from app.views.quebrar_acordo import QuebrarAcordoDialog
from tests import factories as f

D = date(2026, 11, 30)


@pytest.fixture
def titulo_ids(db: Database) -> Iterator[list[int]]:
    """Three overdue títulos of customer C1 in empresa E1, and one already cancelled."""
    with db.session() as s:
        e1 = f.empresa(s, "E1")
        c1 = f.cliente(s, "C1")
        ids = [
            f.titulo(
                s,
                e1,
                c1,
                valor=valor,
                emissao=date(2026, 6, 1),
                vencimento=venc,
                doc="NF-10",
                parcela=k,
            )
            for k, (valor, venc) in enumerate(
                [
                    ("1000.00", date(2026, 8, 10)),
                    ("333.33", date(2026, 9, 10)),
                    ("250.00", date(2026, 10, 10)),
                ],
                start=1,
            )
        ]
        ids.append(
            f.titulo(
                s,
                e1,
                c1,
                valor="90.00",
                emissao=date(2026, 6, 1),
                vencimento=date(2026, 9, 1),
                doc="NF-11",
                cancelado_em=date(2026, 10, 1),
            )
        )
    yield ids
    tasks.wait_for_idle()


def open_dialog(qtbot: QtBot, db: Database, ids: list[int]) -> NovaNegociacaoDialog:
    dialog = NovaNegociacaoDialog(
        None, database=db, cliente_codigo="C1", empresa_codigo="E1", titulo_ids=ids, as_of=D
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.channel.busy)
    return dialog


def error_text(dialog: QDialog, field: str) -> str:
    label = dialog.findChild(QLabel, f"erro_{field}")
    assert label is not None
    return label.text() if label.isVisibleTo(dialog) else ""


def column(table: QTableWidget, col: int) -> list[str]:
    items = [table.item(r, col) for r in range(table.rowCount())]
    return [item.text() if item is not None else "" for item in items]


def plan_of(dialog: NovaNegociacaoDialog) -> AcordoPlan:
    assert dialog.plan is not None
    return dialog.plan


def expected_plan(db: Database, ids: list[int], **kw: Any) -> AcordoPlan:
    request = AcordoRequest(
        cliente_codigo="C1",
        empresa_codigo="E1",
        titulos=ids,
        data=D,
        parcelas=3,
        first_due=date(2026, 12, 30),
        **kw,
    )
    with db.session() as s:
        return preview_acordo(s, request)


def test_preview_updates_and_sums_exactly(
    qtbot: QtBot, db: Database, titulo_ids: list[int]
) -> None:
    ids = titulo_ids[:3]
    dialog = open_dialog(qtbot, db, ids)
    assert column(dialog.debt_table, 0) == ["NF-10/1", "NF-10/2", "NF-10/3", "Total"]
    assert dialog.save_button.isEnabled()

    dialog.parcelas.setValue(3)
    dialog.primeiro_vencimento.setDate(QDate(2026, 12, 30))
    dialog.entrada.setText("100,00")
    dialog.entrada_data.setDate(QDate(2026, 12, 5))

    plan = expected_plan(db, ids, entrada=Decimal("100.00"), entrada_data=date(2026, 12, 5))
    assert plan_of(dialog) == plan
    table = dialog.preview_table
    assert column(table, 0) == ["Entrada", "ACD-?/1", "ACD-?/2", "ACD-?/3", "Total"]
    assert column(table, 1)[:4] == ["05/12/2026", "30/12/2026", "30/01/2027", "28/02/2027"]
    values = [parse_decimal(v) for v in column(table, 2)]
    assert sum(values[:-1]) == values[-1] == plan.total_negociado
    assert sum(values[1:-1]) == plan.total_negociado - Decimal("100.00")
    total = dialog.findChild(QLabel, "figura_total")
    assert total is not None and total.text() == format_money(plan.total_negociado)
    debt_total = parse_decimal(column(dialog.debt_table, 6)[-1])
    assert debt_total == plan.total_negociado  # no desconto

    # desconto as a percentage of the encargos
    dialog.desconto_tipo.setCurrentIndex(1)
    dialog.desconto.setText("50")
    plan = plan_of(dialog)
    assert plan.desconto == to_cents(plan.encargos / 2)
    values = [parse_decimal(v) for v in column(dialog.preview_table, 2)]
    assert sum(values[:-1]) == values[-1] == plan.total_negociado


@pytest.mark.parametrize(
    ("action", "field", "message"),
    [
        (lambda d: d.parcelas.setValue(0), "parcelas", "o número de parcelas deve ser de 1 a 360"),
        (
            lambda d: d.entrada.setText("99999,00"),
            "entrada",
            "a entrada deve ser menor que o total negociado",
        ),
        (
            lambda d: d.desconto.setText("5000"),
            "desconto",
            "o desconto não pode ser maior que os encargos",
        ),
        (
            lambda d: d.primeiro_vencimento.setDate(QDate(2026, 11, 1)),
            "primeiro_vencimento",
            "o primeiro vencimento não pode ser anterior à data do acordo",
        ),
        (lambda d: d.taxa.setText("abc"), "taxa", "valor numérico inválido"),
    ],
)
def test_invalid_input_is_explained_and_blocks_saving(
    qtbot: QtBot,
    db: Database,
    titulo_ids: list[int],
    action: Callable[[NovaNegociacaoDialog], None],
    field: str,
    message: str,
) -> None:
    dialog = open_dialog(qtbot, db, titulo_ids[:3])
    assert dialog.save_button.isEnabled()
    action(dialog)
    assert error_text(dialog, field).startswith(message)
    assert not dialog.save_button.isEnabled()
    assert dialog.preview_table.rowCount() == 0
    # corrected, the message goes and saving is possible again
    dialog.parcelas.setValue(2)
    dialog.entrada.setText("0")
    dialog.desconto.setText("0")
    dialog.primeiro_vencimento.setDate(QDate(2026, 12, 30))
    dialog.taxa.setText("0")
    assert error_text(dialog, field) == ""
    assert dialog.save_button.isEnabled()


def test_cancelled_titulo_is_explained(qtbot: QtBot, db: Database, titulo_ids: list[int]) -> None:
    dialog = open_dialog(qtbot, db, titulo_ids)
    assert error_text(dialog, "titulos") == "o título NF-11/1 já está cancelado"
    assert not dialog.save_button.isEnabled()


def test_save_creates_the_acordo(qtbot: QtBot, db: Database, titulo_ids: list[int]) -> None:
    dialog = open_dialog(qtbot, db, titulo_ids[:3])
    dialog.parcelas.setValue(4)
    dialog.observacao.setText("cliente pediu")
    with qtbot.waitSignal(dialog.acordo_created, timeout=10_000) as blocker:
        dialog.save_button.click()
    created = blocker.args[0]
    assert dialog.created == created and created.numero == 1
    assert dialog.result() == QDialog.DialogCode.Accepted
    with db.session() as s:
        acordo = s.scalars(select(Acordo)).one()
        assert (acordo.parcelas, acordo.observacao) == (4, "cliente pediu")
        assert acordo.valor_negociado == plan_of(dialog).total_negociado
        parcelas = s.scalars(select(Titulo.valor).where(Titulo.acordo_origem_id == acordo.id))
        assert sum(parcelas) == acordo.valor_negociado


def test_concurrent_change_is_shown_and_nothing_saved(
    qtbot: QtBot, db: Database, titulo_ids: list[int]
) -> None:
    dialog = open_dialog(qtbot, db, titulo_ids[:3])
    # another clerk renegotiates one of the títulos while the dialog is open
    other = create_acordo(
        db,
        AcordoRequest(
            cliente_codigo="C1",
            empresa_codigo="E1",
            titulos=[titulo_ids[1]],
            data=D,
            parcelas=1,
            first_due=D,
            operador="outro",
        ),
    )
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.last_message != "", timeout=10_000)
    assert dialog.last_message == "Um ou mais títulos foram alterados por outro usuário"
    assert dialog.created is None and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.channel.busy)
    assert error_text(dialog, "titulos") == (
        f"o título NF-10/2 já foi renegociado no acordo {other.numero}"
    )
    assert not dialog.save_button.isEnabled()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Acordo)) == 1


def test_changing_the_date_reloads_the_charges(
    qtbot: QtBot, db: Database, titulo_ids: list[int]
) -> None:
    dialog = open_dialog(qtbot, db, titulo_ids[:1])
    juros_before = plan_of(dialog).juros
    dialog.data.setDate(QDate(2026, 12, 10))
    dialog.primeiro_vencimento.setDate(QDate(2027, 1, 10))
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.plan.juros != juros_before)
    # 10 more days of juros on R$ 1.000,00 at 1% a.m.
    assert plan_of(dialog).juros - juros_before == Decimal("3.34")


# --- Quebrar acordo ------------------------------------------------------------------------


def test_quebrar_acordo(qtbot: QtBot, db: Database, titulo_ids: list[int]) -> None:
    created = create_acordo(
        db,
        AcordoRequest(
            cliente_codigo="C1",
            empresa_codigo="E1",
            titulos=titulo_ids[:3],
            data=D,
            parcelas=2,
            first_due=date(2026, 12, 30),
        ),
    )
    dialog = QuebrarAcordoDialog(None, database=db, acordo_id=created.acordo_id, today=D)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.summary is not None)
    assert "Acordo nº 1 (empresa E1) de 30/11/2026" in dialog.description.text()
    assert not dialog.confirm_button.isEnabled()  # the reason is required
    dialog.motivo.setPlainText("   ")
    assert not dialog.confirm_button.isEnabled()
    dialog.motivo.setPlainText("cliente perdeu\x00 o emprego 😀 ' OR 1=1 --")
    assert dialog.confirm_button.isEnabled()
    with qtbot.waitSignal(dialog.acordo_cancelled, timeout=10_000):
        dialog.confirm_button.click()
    assert dialog.cancelled is not None
    assert dialog.cancelled.reopened_titulo_ids == tuple(titulo_ids[:3])
    with db.session() as s:
        acordo = s.scalars(select(Acordo)).one()
        assert (acordo.situacao, acordo.motivo_cancelamento) == (
            "quebrado",
            "cliente perdeu o emprego 😀 ' OR 1=1 --",  # as typed, but the invisible NUL
        )


def test_quebrar_acordo_with_a_receipt_is_refused(
    qtbot: QtBot, db: Database, titulo_ids: list[int]
) -> None:
    created = create_acordo(
        db,
        AcordoRequest(
            cliente_codigo="C1",
            empresa_codigo="E1",
            titulos=titulo_ids[:3],
            data=D,
            parcelas=2,
            first_due=date(2026, 12, 30),
        ),
    )
    with db.session() as s:
        s.add(Recebimento(titulo_id=created.created_titulo_ids[0], data=D, valor=Decimal("1.00")))
    dialog = QuebrarAcordoDialog(None, database=db, acordo_id=created.acordo_id, today=D)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.summary is not None)
    dialog.motivo.setPlainText("x")
    assert error_text(dialog, "quebra") == (
        "O acordo já tem parcelas recebidas e não pode ser quebrado."
    )
    assert not dialog.confirm_button.isEnabled()


@pytest.mark.parametrize(
    "text",
    [
        "' OR 1=1 --",
        "1; DROP TABLE acordo",
        "%",
        "_",
        "9" * 400,
        "😀",
        "\u202e10",
        "١٠",  # Arabic-Indic digits
        "1e3",
        "NaN",
        "-5",
        "1.2.3",
        "=1+1",
        "x\x00",
        "",
    ],
)
def test_any_text_in_the_amounts_is_explained_never_saved(
    qtbot: QtBot, db: Database, titulo_ids: list[int], text: str
) -> None:
    """Pasted into entrada, desconto and taxa: a message next to the field (or, for an
    empty field, zero), never an exception, and Save stays off while any is wrong."""
    dialog = open_dialog(qtbot, db, titulo_ids[:3])
    for field in ("entrada", "desconto", "taxa"):
        widget = getattr(dialog, field)
        widget.setText(text)
        message = error_text(dialog, field)
        if message:
            assert not dialog.save_button.isEnabled()
            assert "erro inesperado" not in message
        widget.setText("0")
        assert error_text(dialog, field) == ""
    assert dialog.save_button.isEnabled()
    with db.session() as s:
        assert s.scalars(select(Acordo)).all() == []


def test_observacao_is_saved_exactly_as_typed(
    qtbot: QtBot, db: Database, titulo_ids: list[int]
) -> None:
    text = "Cliente 😀 pediu; ' OR 1=1 -- %_ \u202eatoN שלום\x00"
    dialog = open_dialog(qtbot, db, titulo_ids[:3])
    dialog.observacao.setText(text)
    with qtbot.waitSignal(dialog.acordo_created, timeout=10_000):
        dialog.save_button.click()
    with db.session() as s:
        assert s.scalars(select(Acordo.observacao)).one() == text.replace("\x00", "")
