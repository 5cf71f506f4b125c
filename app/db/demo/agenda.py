"""Programações: deliveries, technical visits, calls and cobranças around a customer's facts.

Big items get delivered, some sales get a visita técnica or a satisfaction call,
overdue títulos a cobrança, títulos about to fall due a call. Events up to the
reference were mostly done ("realizada"), some cancelled or left pending; later ones
are pending. Drawn events fall on business days, most of them at a half hour.
"""

from __future__ import annotations

from datetime import date

from app.db.demo.context import Part
from app.db.demo.names import OUTROS, VISITAS
from app.db.demo.records import Customer, TituloDraft, Venda
from app.domain.formatting import format_date

__all__ = ["Agenda"]

_ANY_HOUR = -1  # ``hora`` to draw (sometimes none)


class Agenda(Part):
    """Makes the programação rows."""

    def programacao(
        self,
        empresa: int,
        cid: int,
        day: int,
        tipo: str,
        descricao: str,
        *,
        hora: int | None = _ANY_HOUR,
        situacao: str | None = None,
    ) -> None:
        """One event; ``hora`` in minutes after midnight (_ANY_HOUR: drawn, sometimes none)."""
        if situacao is None:
            if day > self.ref:
                situacao = "pendente"
            else:
                r = self.rnd()
                situacao = "realizada" if r < 0.78 else "cancelada" if r < 0.9 else "pendente"
        if hora == _ANY_HOUR:
            day = self.vreal[day]  # drawn events fall on business days
            hora = self.between(16, 35) * 30 if self.rnd() < 0.85 else None
        self.w.rows["programacao"].append(
            (
                next(self.ctx.prog_ids),
                empresa,
                cid,
                self.w.date[day],
                self.w.time[hora],
                tipo,
                descricao,
                self.pick(self.pools.staff),
                situacao,
                1,
            )
        )

    def programacoes(self, c: Customer, vendas: list[Venda], titulos: list[TituloDraft]) -> None:
        """The events of ``vendas`` and ``titulos`` (and now and then another one)."""
        rnd, today = self.rnd, self.ref
        for v in vendas:
            if v.produto.big and not v.cancelled and rnd() < 0.35:
                self.programacao(
                    v.empresa,
                    c.id,
                    v.day + self.between(1, 7),
                    "entrega",
                    f"Entrega do pedido {v.code}",
                )
            elif rnd() < 0.03:
                visita = "montagem" if v.produto.line == "moveis" else self.pick(VISITAS)
                self.programacao(
                    v.empresa,
                    c.id,
                    v.day + self.between(3, 20),
                    "visita_tecnica",
                    f"Visita técnica: {visita} de {v.produto.descricao}",
                )
            elif rnd() < 0.06:
                self.programacao(
                    v.empresa,
                    c.id,
                    v.day + self.between(10, 20),
                    "ligacao",
                    f"Ligar para pesquisa de satisfação do pedido {v.code}",
                )
        for t in titulos:
            if t.cancel is not None or t.received(today) >= t.valor:
                continue
            vr = self.vreal[t.venc]
            if vr < today and rnd() < 0.15:
                self.programacao(
                    t.empresa,
                    c.id,
                    vr + self.between(3, 40),
                    "cobranca",
                    f"Cobrar a parcela {t.parcela} do título {t.doc}, vencida em "
                    f"{format_date(date.fromordinal(t.venc))}",
                )
            elif vr >= today and rnd() < 0.06:
                self.programacao(
                    t.empresa,
                    c.id,
                    t.venc - self.between(1, 3),
                    "ligacao",
                    f"Ligar para confirmar pagamento da parcela {t.parcela} do título {t.doc}",
                )
        if vendas and rnd() < 0.2:
            self.programacao(
                c.home.id, c.id, today + self.between(-300, 30), "outro", self.pick(OUTROS)
            )
