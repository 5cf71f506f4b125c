"""Vendas and their itens, the títulos of financed sales, and how those got paid.

A financed sale has 1-6 monthly parcelas; how a título is paid (early, late, in two
recebimentos, never) depends on the customer's profile, and unpaid ones go to
cobrança and then negativação as time passes. Nothing is dated after the reference.
"""

from __future__ import annotations

from app.db.demo.context import Context, Part
from app.db.demo.names import MOTIVOS_CANCELAMENTO
from app.db.demo.records import BAD, GOOD, Empresa, Produto, TituloDraft, Venda, cum, plus_months

__all__ = ["RECEBIMENTO_FORMA", "Sales"]

PARCELAS_WEIGHTS = (35, 20, 20, 10, 5, 10)  # 1..6 parcelas of a financed sale
FORMAS_ONE = (
    ("boleto", 35),
    ("pix", 20),
    ("cartao", 20),
    ("carne", 10),
    ("dinheiro", 10),
    ("cheque", 5),
)
FORMAS_MANY = (("carne", 40), ("boleto", 30), ("cartao", 20), ("cheque", 10))
RECEBIMENTO_FORMA = {
    "boleto": "boleto",
    "carne": "dinheiro",
    "cartao": "cartao",
    "pix": "pix",
    "cheque": "cheque",
    "dinheiro": "dinheiro",
}


class Sales(Part):
    """Makes vendas with their itens and títulos; writes títulos with their recebimentos."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.parcelas_cum = cum(PARCELAS_WEIGHTS)
        self.formas_one = ([f for f, _ in FORMAS_ONE], cum(tuple(w for _, w in FORMAS_ONE)))
        self.formas_many = ([f for f, _ in FORMAS_MANY], cum(tuple(w for _, w in FORMAS_MANY)))

    def venda(
        self,
        cid: int,
        day: int,
        empresa: Empresa,
        n_items: int,
        *,
        cancelled: bool = False,
        produto: Produto | None = None,
    ) -> Venda:
        ctx = self.ctx
        vid = next(ctx.venda_ids)
        code = f"V{next(ctx.venda_seq):07d}"
        d, m, q = self.w.date, self.w.money, self.w.quantity
        rnd, items, produtos = self.rnd, self.w.rows["venda_item"], empresa.produtos
        situacao = "cancelada" if cancelled else "concluida"
        vendedor = self.pick(self.pools.staff)
        self.w.rows["venda"].append((vid, code, empresa.id, cid, d[day], vendedor, situacao))
        # prices were ~5% a year lower in the past
        age_factor = 36_500 - 5 * (self.ref - day)
        total, top = 0, None
        for item in range(1, n_items + 1):
            p = produtos[int(rnd() * len(produtos))]
            if item == 1 and produto is not None:
                p = produto
            if p.unidade == "KG":
                milli = (10 + int(rnd() * 490)) * 50
            elif p.unidade == "M":
                milli = (1 + int(rnd() * 60)) * 500
            else:
                milli = (1 + int(rnd() ** 4 * p.lot)) * 1000
            unit = p.price * age_factor // 36_500
            gross = (milli * unit + 500) // 1000
            discount = gross * (3 + int(rnd() * 8)) // 100 if rnd() < 0.15 else 0
            valor = gross - discount
            total += valor
            if top is None or p.price > top.price:
                top = p
            items.append(
                (
                    next(ctx.item_ids),
                    vid,
                    cid,
                    d[day],
                    item,
                    p.id,
                    q(milli),
                    m(unit),
                    m(discount),
                    m(valor),
                )
            )
        assert top is not None
        return Venda(vid, code, day, empresa.id, total, top, cancelled)

    def financing(self) -> tuple[int, str]:
        """(parcelas, forma) of a financed sale."""
        n = 1 + self.weighted(self.parcelas_cum)
        names, edges = self.formas_one if n == 1 else self.formas_many
        return n, names[self.weighted(edges)]

    def parcelas(self, v: Venda, n: int, forma: str) -> list[TituloDraft]:
        doc = f"NF-{next(self.ctx.nf[v.empresa])}" if self.rnd() < 0.7 else v.code
        base = v.total // n
        out = []
        for k in range(1, n + 1):
            valor = v.total - base * (n - 1) if k == 1 else base
            t = TituloDraft(
                next(self.ctx.titulo_ids),
                v.empresa,
                v.id,
                doc,
                k,
                v.day,
                plus_months(v.day, k),
                valor,
                forma,
            )
            if v.cancelled:
                t.cancel = min(self.ref, v.day + self.between(0, 3))
                t.motivo = "venda cancelada"
            out.append(t)
        return out

    def pay_delay(self, profile: int) -> int:
        r = self.rnd()
        if profile == GOOD:
            return -self.between(0, 5) if r < 0.85 else self.between(1, 10)
        if r < 0.45:
            return self.between(-2, 3)
        if r < 0.85:
            return self.between(4, 40)
        return self.between(41, 150)

    def partial(self, t: TituloDraft, low: int, high: int) -> None:
        """A payment of part of ``t`` dated in [low, high] (within emissão..reference)."""
        low, high = max(low, t.emissao), min(high, self.ref)
        if high < low:
            return
        value = t.valor * self.between(20, 70) // 100
        if value > 0:
            t.recebs.append((self.between(low, high), value, RECEBIMENTO_FORMA[t.forma]))

    def settle(self, t: TituloDraft, profile: int, stops_paying: int) -> None:
        """Payments, cobrança and negativação of ``t`` as they happened up to the reference."""
        if t.cancel is not None:
            return
        rnd, today = self.rnd, self.ref
        if rnd() < 0.012:
            t.cancel = min(today, t.emissao + self.between(1, 20))
            t.motivo = self.pick(MOTIVOS_CANCELAMENTO)
            return
        vr = self.vreal[t.venc]
        if t.forma == "cartao":  # the card operator always pays
            if vr <= today:
                t.recebs.append((vr, t.valor, "cartao"))
            return
        pay: int | None
        if profile == BAD and vr >= stops_paying:
            pay = None
        elif rnd() < 0.02:  # paid in advance
            pay = self.between(t.emissao, vr)
        else:
            pay = max(t.emissao, vr + self.pay_delay(profile))
        forma = RECEBIMENTO_FORMA[t.forma]
        if pay is not None and pay <= today:
            if pay - t.emissao > 2 and rnd() < 0.07:
                first = self.between(t.emissao + 1, pay - 1)
                part = t.valor * self.between(30, 70) // 100
                t.recebs.append((first, part, forma))
                t.recebs.append((pay, t.valor - part, forma))
            else:
                t.recebs.append((pay, t.valor, forma))
            if pay - vr > 30 and rnd() < 0.5:
                t.cob = vr + self.between(20, 29)
            return
        if vr < today:
            late = today - vr
            if rnd() < 0.2:
                self.partial(t, vr - 5, today)
            if late > 30 and rnd() < 0.6:
                t.cob = vr + self.between(20, 30)
            if late > 60 and rnd() < 0.5:
                t.neg = vr + self.between(45, 60)
        elif rnd() < 0.04:
            self.partial(t, t.emissao, today)

    def write_titulos(self, cid: int, titulos: list[TituloDraft]) -> None:
        d, m, receb_ids = self.w.date, self.w.money, self.ctx.receb_ids
        rows, recebs = self.w.rows["titulo"], self.w.rows["recebimento"]
        zero, totals = m(0), self.w.writes_totals
        for t in titulos:
            recebido, ultimo = zero, None  # else the recebimento triggers' to keep
            if totals and t.recebs:
                recebido = m(sum(value for _day, value, _forma in t.recebs))
                ultimo = d[max(day for day, _value, _forma in t.recebs)]
            rows.append(
                (
                    t.id,
                    t.empresa,
                    cid,
                    t.venda,
                    t.doc,
                    t.parcela,
                    d[t.emissao],
                    d[t.venc],
                    m(t.valor),
                    t.forma,
                    d[t.cancel],
                    t.motivo,
                    d[t.neg],
                    d[t.cob],
                    t.origem,
                    t.reneg,
                    1,
                    recebido,
                    ultimo,
                )
            )
            for day, value, forma in t.recebs:
                recebs.append((next(receb_ids), t.id, d[day], m(value), forma))
