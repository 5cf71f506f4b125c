"""C000001, "Maria Aparecida de Souza": every status on one screen (R = reference).

- venda 1 (E01, R-400 days): 3 parcelas, all Recebido, parcela 2 paid in two recebimentos;
- venda 2 (E01, R-260): its 3 parcelas, overdue, renegotiated on R-75 in acordo 1 of E01
  (Cancelado, "renegociado no acordo 1"); the acordo (entrada of 20%, desconto of half
  the encargos, paid when signing: ACD-1/0 Recebido) has 4 parcelas ACD-1: 2 Recebido,
  2 Em aberto;
- venda 3 (E02, R-200): cancelled, its 2 parcelas Cancelado ("venda cancelada");
- venda 4 (E01, R-135): 2 parcelas Negativado (in cobrança, then reported to SPC/Serasa);
- venda 5 (E02, about R-104): 2 parcelas Cobrança, 1 Vencido partly paid;
- venda 6 (E01, R-40): 4 parcelas, 1 Vencido and 3 Em aberto (one partly paid);
- venda 7 (E03, R-20): a counter sale, no título; venda 8 (E01, R-2): a geladeira,
  1 parcela Em aberto;
- programações: the delivery of venda 1 (realizada), a cancelled visita técnica, two
  overdue pendentes (cobrança, ligação) and three future ones (delivery of venda 8, a
  ligação about parcela 3 of ACD-1, the installation of the geladeira).

So as of R: 6 Recebido, 5 Cancelado, 6 Em aberto, 2 Vencido, 2 Cobrança, 2 Negativado.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from app.db.demo.context import Part
from app.db.demo.customers import Customers
from app.db.demo.records import GOOD, Customer, Empresa, Produto, TituloDraft, plus_months
from app.db.demo.sales import RECEBIMENTO_FORMA

__all__ = ["Showcase"]


class Showcase(Part):
    """Makes C000001 with the parts of ``customers`` (the first customer of every base)."""

    def __init__(self, customers: Customers) -> None:
        super().__init__(customers.ctx)
        self.parts = customers

    def sale(
        self,
        c: Customer,
        empresa: Empresa,
        day: int,
        n_items: int,
        n: int,
        forma: str,
        cancelled: bool = False,
        produto: Produto | None = None,
    ) -> list[TituloDraft]:
        sales = self.parts.sales
        v = sales.venda(c.id, day, empresa, n_items, cancelled=cancelled, produto=produto)
        c.vendas.append(v)
        titulos = sales.parcelas(v, n, forma) if n else []
        c.titulos.extend(titulos)
        return titulos

    def paid(self, t: TituloDraft, delay: int) -> None:
        t.recebs.append(
            (max(t.emissao, self.vreal[t.venc] + delay), t.valor, RECEBIMENTO_FORMA[t.forma])
        )

    def make(self) -> None:
        """C000001 as the module docstring tells."""
        today, paid = self.ref, self.paid
        e1, e2, e3 = self.ctx.empresas[0], self.ctx.empresas[1], self.ctx.empresas[2]
        c = Customer(next(self.ctx.cliente_ids), e1, today - 6 * 365, GOOD, today)
        sale = partial(self.sale, c)
        self.parts.people.cliente_row(
            c.id,
            "C000001",
            company=False,
            since=c.since,
            name="Maria Aparecida de Souza",
            female=True,
        )
        a = sale(e1, today - 400, 3, 3, "boleto")
        paid(a[0], -2)
        part = a[1].valor * 40 // 100
        a[1].recebs += [
            (a[1].venc - 20, part, "boleto"),
            (self.vreal[a[1].venc] + 3, a[1].valor - part, "boleto"),
        ]
        paid(a[2], 0)
        old = sale(e1, today - 260, 2, 3, "boleto")
        old[0].cob = old[0].venc + 25
        sale(e2, today - 200, 2, 2, "carne", cancelled=True)
        for t in sale(e1, today - 135, 2, 2, "boleto"):
            t.cob, t.neg = t.venc + 20, t.venc + 45
        cobranca = sale(e2, plus_months(today, -3) - 12, 3, 3, "carne")
        for t in cobranca[:2]:
            t.cob = t.venc + 20
        cobranca[2].recebs.append((today - 8, cobranca[2].valor * 30 // 100, "dinheiro"))
        recent = sale(e1, today - 40, 4, 4, "carne")
        recent[1].recebs.append((today - 3, recent[1].valor // 2, "pix"))
        sale(e3, today - 20, 2, 0, "")
        geladeira = next(p for p in e1.produtos if p.descricao.startswith("Geladeira"))
        sale(e1, today - 2, 1, 1, "boleto", produto=geladeira)
        acordo = self.acordo(c, old)
        self.agenda(c, acordo, cobranca[0], recent[0], geladeira)
        self.parts.sales.write_titulos(c.id, c.titulos)

    def acordo(self, c: Customer, old: list[TituloDraft]) -> int:
        """Acordo 1 of E01 over venda 2, two of its parcelas paid; its número."""
        acordos = self.parts.acordos
        e1 = self.ctx.empresas[0]
        acordo = acordos.acordo(
            c, e1, old, self.ref - 75, desconto_pct=50, entrada_pct=20, n=4, taxa=Decimal(0)
        )
        assert acordo is not None
        acordo.observacao = "Cliente pediu para pagar a entrada em dinheiro na loja."
        if acordo.entrada is not None:
            acordo.entrada.recebs.append((acordo.entrada.venc, acordo.entrada.valor, "dinheiro"))
        self.paid(acordo.parcelas[0], -1)
        self.paid(acordo.parcelas[1], 0)
        acordos.write(acordo)
        return acordo.numero

    def agenda(
        self, c: Customer, acd: int, cobranca: TituloDraft, recent: TituloDraft, geladeira: Produto
    ) -> None:
        """The seven programações of the module docstring."""
        today = self.ref
        e1, e2 = self.ctx.empresas[0], self.ctx.empresas[1]
        va, vc, vh = c.vendas[0], c.vendas[1], c.vendas[-1]
        montagem = "montagem" if vc.produto.line == "moveis" else "instalação"
        eventos = (  # empresa, day, tipo, descrição, hora (minutes), situação
            (e1, va.day + 3, "entrega", f"Entrega do pedido {va.code}", 600, "realizada"),
            (e1, today - 150, "visita_tecnica",
             f"Visita técnica: {montagem} de {vc.produto.descricao}", 840, "cancelada"),
            (e2, today - 5, "cobranca",
             f"Cobrar as parcelas 1 e 2 do título {cobranca.doc}, em cobrança", 840,
             "pendente"),
            (e1, today - 2, "ligacao",
             f"Ligar para confirmar pagamento da parcela 1 do título {recent.doc}", None,
             "pendente"),
            (e1, today + 3, "entrega", f"Entrega do pedido {vh.code}", 540, "pendente"),
            (e1, today + 12, "ligacao",
             f"Ligar para lembrar do vencimento da parcela 3 do acordo {acd}", 990, "pendente"),
            (e1, today + 20, "visita_tecnica",
             f"Visita técnica: instalação de {geladeira.descricao}", None, "pendente"),
        )  # fmt: skip
        for empresa, day, tipo, descricao, hora, situacao in eventos:
            self.parts.agenda.programacao(
                empresa.id, c.id, day, tipo, descricao, hora=hora, situacao=situacao
            )
