"""The four empresas (E01-E04) and the ~300 produtos they sell.

Each product line of app/db/demo/names.py gives its variants prices from the cheapest
to the dearest, give or take 8%; each empresa sells some of the lines, and one of them
charges multa 1,50% / juros 2,00% a.m. instead of the usual rates.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import count

from app.db.demo.context import Context, Part
from app.db.demo.names import CITIES, EMPRESAS, PRODUCT_LINES
from app.db.demo.people import People
from app.db.demo.records import Empresa, Produto
from app.domain.documents import random_cnpj
from app.domain.titulos import Rates

__all__ = ["Catalog"]


class Catalog(Part):
    """Writes the empresas and produtos; fills the context's empresas and their counters."""

    def __init__(self, ctx: Context, people: People) -> None:
        super().__init__(ctx)
        self.people = people

    def make(self) -> None:
        produtos = self.produtos()
        empresa_ids = self.w.ids("empresa")
        family = self.pools.family
        for k, (city_index, razao, fantasia, lines, multa, juros) in enumerate(EMPRESAS, 1):
            city = CITIES[city_index]
            eid = next(empresa_ids)
            rates = Rates(Decimal(multa), Decimal(juros))
            self.w.rows["empresa"].append(
                (
                    eid,
                    f"E{k:02d}",
                    razao.format(f=family),
                    fantasia.format(f=family),
                    random_cnpj(self.rng),
                    self.people.address(),
                    city.nome,
                    city.uf,
                    self.people.landline(city),
                    self.w.rate(int(rates.multa_percentual.scaleb(4))),
                    self.w.rate(int(rates.juros_mensal_percentual.scaleb(4))),
                )
            )
            items = tuple(p for line in lines for p in produtos[line])
            self.ctx.empresas.append(Empresa(eid, rates, items))
            self.ctx.nf[eid] = count(10_001 + 1000 * k)
            self.ctx.acordo_numero[eid] = count(1)
        self.w.flush()

    def produtos(self) -> dict[str, list[Produto]]:
        """The produtos by product line, written as they are made."""
        produto_ids = self.w.ids("produto")
        produtos: dict[str, list[Produto]] = {}
        for line, base, variants, unidade, low, high in PRODUCT_LINES:
            for k, variant in enumerate(variants):
                # the variants go from the cheapest to the dearest, give or take 8%
                step = (high - low) * k // max(1, len(variants) - 1)
                reais = max(1, (low + step) * self.between(92, 108) // 100)
                cents = reais * 100 - 10 if reais >= 100 else reais * 100 + self.between(0, 9) * 10
                lot = 1.3 if cents >= 30_000 else 4.0 if cents >= 5_000 else 20.0
                p = Produto(next(produto_ids), f"{base} {variant}", unidade, cents, line, lot)
                produtos.setdefault(line, []).append(p)
                self.w.rows["produto"].append((p.id, f"P{p.id:04d}", p.descricao, p.unidade))
        return produtos
