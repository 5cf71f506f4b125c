"""What every part of the generator shares, and the base class of the parts.

One ``random.Random(seed)`` drives everything, so the order in which the parts draw
from it *is* the data: moving a draw changes every row after it. ``Context`` holds
that generator, the writer, the reference day and the id counters of one run; each
part (people, sales, acordos, agenda, customers, showcase) is a ``Part`` over it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date
from itertools import count
from typing import Any

from app.db.demo.names import Pools
from app.db.demo.records import Empresa
from app.db.demo.writer import Memo, Progress, Writer
from app.domain.calendar import vencimento_real

__all__ = ["FLUSH_ROWS", "Context", "Part"]

FLUSH_ROWS = 40_000  # pending rows (all tables) that trigger writing them


class Context:
    """The state of one run: draws, writer, "today", id counters, empresas."""

    def __init__(
        self,
        rng: random.Random,
        pools: Pools,
        writer: Writer,
        today: date,
        progress: Progress | None,
    ) -> None:
        self.rng = rng
        self.pools = pools
        self.w = writer
        self.ref = today.toordinal()
        self.progress = progress
        self.vreal = Memo(lambda o: vencimento_real(date.fromordinal(o)).toordinal())
        self.cliente_ids = writer.ids("cliente")
        self.venda_ids = writer.ids("venda")
        self.item_ids = writer.ids("venda_item")
        self.titulo_ids = writer.ids("titulo")
        self.receb_ids = writer.ids("recebimento")
        self.acordo_ids = writer.ids("acordo")
        self.prog_ids = writer.ids("programacao")
        self.quebra_ids = writer.ids("acordo_quebrado_original")
        self.venda_seq = count(1)
        self.nf: dict[int, Iterator[int]] = {}  # empresa id -> its next nota fiscal
        self.acordo_numero: dict[int, Iterator[int]] = {}  # empresa id -> next acordo
        self.empresas: list[Empresa] = []


class Part:
    """A part of the generator: the context's draws, writer and reference day at hand."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.rnd = ctx.rng.random
        self.pools = ctx.pools
        self.w = ctx.w
        self.ref = ctx.ref
        self.vreal = ctx.vreal

    def pick(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.rnd() * len(seq))]

    def weighted(self, edges: tuple[float, ...]) -> int:
        """An index drawn with the weights behind ``edges`` (see ``records.cum``)."""
        r = self.rnd()
        for index, edge in enumerate(edges):
            if r < edge:
                return index
        return len(edges) - 1

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high]."""
        return low + int(self.rnd() * (high - low + 1))

    def report(self, stage: str, done: int, total: int) -> None:
        if self.ctx.progress is not None:
            self.ctx.progress(stage, done, total)

    def maybe_flush(self, stage: str, done: int, total: int) -> None:
        if self.w.pending >= FLUSH_ROWS:
            self.w.flush()
            self.report(stage, done, total)
