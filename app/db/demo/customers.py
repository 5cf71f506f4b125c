"""The random customers C000002… and the big customer W000001, one after the other.

A customer gets a profile (68% GOOD, 20% LATE, 12% BAD), about 7.6 vendas over
three years of history (fewer when a recent customer; 6% have none at all), 42% of
them paid at the counter and the rest financed in títulos; then, maybe, an acordo and
some programações. W000001 ("Distribuidora Baleia Ltda") has exactly K títulos and
2·K sale items, made and written a thousand vendas at a time.
"""

from __future__ import annotations

from app.db.demo.acordos import Acordos
from app.db.demo.agenda import Agenda
from app.db.demo.context import Context, Part
from app.db.demo.people import People
from app.db.demo.records import BAD, LATE, Customer, Venda, cum
from app.db.demo.sales import Sales

__all__ = ["YEARS_OF_HISTORY", "Customers"]

PROFILE_WEIGHTS = (68, 20, 12)  # GOOD, LATE, BAD
COMPANY_SHARE = 0.10
INACTIVE_SHARE = 0.06  # customers with no history at all
MEAN_VENDAS = 7.6  # per active customer over a full 3-year span
YEARS_OF_HISTORY = 3
COUNTER_SALE_SHARE = 0.42  # paid at the counter: no título
CANCELLED_SALE_SHARE = 0.02
WHALE_STAGE = "Cliente grande (W000001)"


class Customers(Part):
    """Makes whole customers with the other parts: identity, sales, acordos, agenda."""

    def __init__(
        self, ctx: Context, people: People, sales: Sales, acordos: Acordos, agenda: Agenda
    ) -> None:
        super().__init__(ctx)
        self.people, self.sales, self.acordos, self.agenda = people, sales, acordos, agenda
        self.profile_cum = cum(PROFILE_WEIGHTS)

    def new_customer(self) -> Customer:
        today = self.ref
        if self.rnd() < 0.75:
            since = today - 365 * YEARS_OF_HISTORY - self.between(0, 3650)
        else:
            since = today - self.between(30, 365 * YEARS_OF_HISTORY)
        return Customer(
            id=next(self.ctx.cliente_ids),
            home=self.pick(self.ctx.empresas),
            since=since,
            profile=self.weighted(self.profile_cum),
            stops_paying=today - self.between(0, 700),
        )

    def random_customer(self, index: int) -> None:
        """C{index:06d}, from its identity to its programações."""
        rnd, today, sales = self.rnd, self.ref, self.sales
        company = rnd() < COMPANY_SHARE
        c = self.new_customer()
        wanted = self.acordos.wanted(index)
        if wanted:
            c.profile = BAD  # one who stopped paying, to renegotiate
        self.people.cliente_row(c.id, f"C{index:06d}", company=company, since=c.since)
        if rnd() < INACTIVE_SHARE:
            return
        start = max(c.since, today - 365 * YEARS_OF_HISTORY)
        span = today - start
        n_vendas = max(
            1, round(self.rng.expovariate(1 / MEAN_VENDAS) * span / (365 * YEARS_OF_HISTORY) + 0.5)
        )
        days = sorted(start + int(rnd() * (span + 1)) for _ in range(n_vendas))
        for day in days:
            empresa = c.home if rnd() < 0.75 else self.pick(self.ctx.empresas)
            v = sales.venda(
                c.id, day, empresa, self.between(1, 5), cancelled=rnd() < CANCELLED_SALE_SHARE
            )
            c.vendas.append(v)
            if rnd() < COUNTER_SALE_SHARE and not v.cancelled:
                continue
            n, forma = sales.financing()
            c.titulos.extend(sales.parcelas(v, n, forma))
        for t in c.titulos:
            sales.settle(t, c.profile, c.stops_paying)
        originais = len(c.titulos)
        if self.acordos.tries(c, wanted):
            self.acordos.maybe_acordo(c)
        self.agenda.programacoes(c, c.vendas, c.titulos[:originais])
        sales.write_titulos(c.id, c.titulos)

    def whale(self, k: int) -> None:
        """W000001: exactly ``k`` títulos and ``2k`` sale items over three years."""
        sales, start = self.sales, self.ref - 365 * YEARS_OF_HISTORY
        c = self.new_customer()
        c.profile, c.since = LATE, min(c.since, start - 30)
        self.people.cliente_row(
            c.id, "W000001", company=True, since=c.since, name="Distribuidora Baleia Ltda"
        )
        n_vendas = min(k, -(-2 * k // 3))
        items = self.composition(2 * k, n_vendas, 5)
        parcelas = self.composition(k, n_vendas, 6)
        days = sorted(self.between(start, self.ref) for _ in range(n_vendas))
        done, chunk = 0, 1000
        for first in range(0, n_vendas, chunk):
            vendas: list[Venda] = []
            titulos = []
            for j in range(first, min(first + chunk, n_vendas)):
                empresa = c.home if self.rnd() < 0.6 else self.pick(self.ctx.empresas)
                v = sales.venda(
                    c.id, days[j], empresa, items[j], cancelled=self.rnd() < CANCELLED_SALE_SHARE
                )
                vendas.append(v)
                forma = self.pick(("boleto", "boleto", "boleto", "cheque", "pix"))
                titulos.extend(sales.parcelas(v, parcelas[j], forma))
            for t in titulos:
                sales.settle(t, c.profile, c.stops_paying)
            self.agenda.programacoes(c, vendas, titulos)
            sales.write_titulos(c.id, titulos)
            done += len(titulos)
            self.maybe_flush(WHALE_STAGE, done, k)
        self.w.flush()
        self.report(WHALE_STAGE, k, k)

    def composition(self, total: int, parts: int, most: int) -> list[int]:
        """``parts`` random integers in 1..most summing to ``total``."""
        counts = [1] * parts
        rest = total - parts
        while rest:
            i = int(self.rnd() * parts)
            if counts[i] < most:
                counts[i] += 1
                rest -= 1
        return counts
