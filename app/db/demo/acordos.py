"""Acordos: customers renegotiating overdue títulos as the app would, some broken later.

An acordo renegotiates 2-5 títulos of one empresa, overdue and still owed, on a day
when none of them had been paid after it; its figures come from
app.domain.acordo.plan_acordo exactly as Negociação computes them, and it is laid out
as app/db/acordo_ops.py lays it out (ACD-N parcelas 1..n, the entrada as parcela 0,
the originals cancelled "renegociado no acordo N"). About 20% of those whose first
parcela is long overdue are broken ("quebrado"): their títulos are cancelled and the
originals open again.

Who renegotiates: by default about 65% of the BAD customers who owe enough (about 3%
of all customers). With a ``share`` the count of acordos follows share × customers:
while it lags, the next customer is made one who stopped paying and renegotiates.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.db.demo.context import Context, Part
from app.db.demo.names import MOTIVOS_QUEBRA
from app.db.demo.records import BAD, AcordoDraft, Customer, Empresa, TituloDraft, cents, dec
from app.domain.acordo import AcordoInvalido, add_months, plan_acordo
from app.domain.titulos import TituloFacts, position

__all__ = ["Acordos"]

ACORDO_CHANCE = 0.65  # of a BAD customer owing at least 2 overdue títulos to one empresa
QUEBRA_CHANCE = 0.20


def _day(ordinal: int | None) -> date | None:
    return None if ordinal is None else date.fromordinal(ordinal)


class Acordos(Part):
    """Makes and writes the acordos; ``share`` as in ``generate(acordo_share=...)``."""

    def __init__(self, ctx: Context, share: float | None = None) -> None:
        super().__init__(ctx)
        self.share = share
        self.made = 0

    def wanted(self, index: int) -> bool | None:
        """With a share: whether customer ``index`` (C000001 is 1) is to renegotiate, to keep
        the acordos at share × index; None without one (the profile decides)."""
        if self.share is None:
            return None
        return self.made < self.share * index

    def tries(self, c: Customer, wanted: bool | None) -> bool:
        """Whether ``c`` looks for títulos to renegotiate (``wanted`` from ``wanted``)."""
        if wanted is None:
            return c.profile == BAD and self.rnd() < ACORDO_CHANCE
        return wanted

    def acordo(
        self,
        c: Customer,
        empresa: Empresa,
        chosen: list[TituloDraft],
        day: int,
        *,
        desconto_pct: int,
        entrada_pct: int,
        n: int,
        taxa: Decimal,
    ) -> AcordoDraft | None:
        """Renegotiate ``chosen`` (open and overdue on ``day``) as the app would."""
        as_of = date.fromordinal(day)
        positions = []
        for t in chosen:
            facts = TituloFacts(
                valor=dec(t.valor),
                emissao=date.fromordinal(t.emissao),
                vencimento=date.fromordinal(t.venc),
                received=dec(t.received(day)),
                negativado_em=_day(t.neg if t.neg is not None and t.neg <= day else None),
                cobranca_em=_day(t.cob if t.cob is not None and t.cob <= day else None),
            )
            now = position(facts, as_of, empresa.rates)
            if now is None or not now.is_open:
                return None
            positions.append(now)
        first_due = add_months(as_of, 1)
        desconto = Decimal(desconto_pct) if desconto_pct else None
        try:
            plan = plan_acordo(
                positions=positions,
                as_of=as_of,
                desconto_percentual=desconto,
                n=n,
                first_due=first_due,
                rate_percent_monthly=taxa,
            )
            if entrada_pct:
                valor_entrada = Decimal(int(plan.total_negociado * entrada_pct / 100))
                plan = plan_acordo(
                    positions=positions,
                    as_of=as_of,
                    desconto_percentual=desconto,
                    entrada=valor_entrada,
                    entrada_data=as_of,
                    n=n,
                    first_due=first_due,
                    rate_percent_monthly=taxa,
                )
        except AcordoInvalido:
            return None
        numero = next(self.ctx.acordo_numero[empresa.id])
        aid = next(self.ctx.acordo_ids)
        doc = f"ACD-{numero}"
        parcelas = [
            self._titulo(empresa, doc, p.numero, day, p.vencimento.toordinal(), p.valor, aid)
            for p in plan.parcelas
        ]
        for t in chosen:
            t.cancel, t.motivo, t.reneg = day, f"renegociado no acordo {numero}", aid
            if t.neg is not None and t.neg > day:
                t.neg = None
            if t.cob is not None and t.cob > day:
                t.cob = None
        c.titulos.extend(parcelas)
        entrada = None
        if plan.entrada > 0 and plan.entrada_data is not None:
            due = plan.entrada_data.toordinal()
            entrada = self._titulo(empresa, doc, 0, day, due, plan.entrada, aid, "dinheiro")
            c.titulos.append(entrada)
        operador = self.pick(self.pools.staff)
        return AcordoDraft(
            aid, numero, empresa, c.id, day, plan, operador, parcelas, list(chosen), entrada
        )

    def _titulo(
        self,
        empresa: Empresa,
        doc: str,
        parcela: int,
        day: int,
        due: int,
        valor: Decimal,
        acordo_id: int,
        forma: str = "boleto",
    ) -> TituloDraft:
        """One of the acordo's own títulos (an installment or the entrada)."""
        t = TituloDraft(
            next(self.ctx.titulo_ids), empresa.id, None, doc, parcela, day, due, cents(valor), forma
        )
        t.origem = acordo_id
        return t

    def quebra(self, a: AcordoDraft, day: int) -> None:
        """The acordo is broken on ``day``: parcelas cancelled, originals open again."""
        a.situacao, a.cancelado_em, a.motivo = "quebrado", day, self.pick(MOTIVOS_QUEBRA)
        for t in a.parcelas + ([a.entrada] if a.entrada else []):
            t.cancel, t.motivo = day, f"quebra do acordo {a.numero}"
        for t in a.originais:
            t.cancel = t.motivo = t.reneg = None

    def write(self, a: AcordoDraft) -> None:
        d, m, plan = self.w.date, self.w.money, a.plan
        self.w.rows["acordo"].append(
            (
                a.id,
                a.empresa.id,
                a.numero,
                a.cliente,
                d[a.day],
                m(cents(plan.principal)),
                m(cents(plan.multa)),
                m(cents(plan.juros)),
                m(cents(plan.desconto)),
                m(cents(plan.total_negociado)),
                m(cents(plan.entrada)),
                d[plan.entrada_data.toordinal() if plan.entrada_data else None],
                len(plan.parcelas),
                self.w.rate(int(plan.taxa.scaleb(4))),
                a.operador,
                a.observacao,
                a.situacao,
                d[a.cancelado_em],
                a.motivo,
            )
        )
        if a.situacao == "quebrado":  # the originals it held cancelled until the break
            self.w.rows["acordo_quebrado_original"].extend(
                (next(self.ctx.quebra_ids), a.id, t.id) for t in a.originais
            )
        self.made += 1

    def maybe_acordo(self, c: Customer) -> None:
        """A customer renegotiates 2-5 títulos of one empresa still owed and overdue."""
        rnd, today, vreal = self.rnd, self.ref, self.vreal
        groups: dict[int, list[TituloDraft]] = {}
        for t in c.titulos:
            if t.cancel is None and vreal[t.venc] < today - 5 and t.received(today) < t.valor:
                groups.setdefault(t.empresa, []).append(t)
        owed = max(groups.values(), key=len, default=[])
        if len(owed) < 2:
            return
        # a day on which at least two of them were overdue and none was paid after it
        second = sorted(vreal[t.venc] for t in owed)[1]
        day = self.between(second + 1, today - 5)
        candidates = [
            t
            for t in owed
            if vreal[t.venc] < day and t.emissao <= day and all(r[0] <= day for r in t.recebs)
        ]
        if len(candidates) < 2:
            return
        chosen = sorted(
            self.rng.sample(candidates, min(len(candidates), self.between(2, 5))),
            key=lambda t: t.id,
        )
        empresa = next(e for e in self.ctx.empresas if e.id == chosen[0].empresa)
        a = self.acordo(
            c,
            empresa,
            chosen,
            day,
            desconto_pct=self.pick((0, 0, 30, 50, 100)),
            entrada_pct=self.pick((0, 0, 10, 20, 30)),
            n=self.between(2, 12),
            taxa=Decimal("1.99") if rnd() < 0.2 else Decimal(0),
        )
        if a is None:
            return
        first_due = self.vreal[a.parcelas[0].venc]
        broken = first_due + self.between(30, 45)
        if broken <= today and rnd() < QUEBRA_CHANCE:
            self.quebra(a, broken)
        else:
            if a.entrada is not None:  # paid at the counter when signing
                a.entrada.recebs.append((a.entrada.venc, a.entrada.valor, "dinheiro"))
            paying = True
            for t in a.parcelas:
                vr = self.vreal[t.venc]
                paying = paying and rnd() >= 0.12
                if not paying or vr > today:
                    break
                t.recebs.append((min(today, max(day, vr + self.between(-3, 4))), t.valor, "boleto"))
        self.write(a)
