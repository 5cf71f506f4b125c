"""The measurements of one subject (whale, median) through the real window, and the
customer search; mixed into Suite (benchmarks/suite.py), whose bookkeeping they use.

Each one captures the program's SQL on its first run, times the
program (``ours``) over ``--runs`` runs, then the peers over the captured SQL
(floor, QSqlQueryModel) and the naive approach over the same data.
"""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db import bound, clientes, positions
from app.domain.titulos import OPEN_STATUSES, Status
from benchmarks.capture import Statement, tagged_here
from benchmarks.peers import grid_index
from benchmarks.timing import discard, log

SEARCHES = ("silva", "joao")  # contains, accent-insensitive ("joao" finds "João")
OTHER_SECTIONS = ("venda", "negociacao", "programacao")
SORTS = (("vencimento", "VENCIMENTO"), ("saldo", "SALDO"))


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day - timedelta(days=365)


class SubjectOps:
    """open_history, status_filter, as_of_change, switch_section, scroll_all, sort and
    customer_search (Suite's part that drives the window)."""

    def run_subject(self, subject: str, code: str) -> None:
        log(f"--- {subject}: {code} ---")
        wb = self.window()
        other = self.other_of(code)
        try:
            wb.open_untimed(other)
            if self.wanted("open_history") or self.wanted("scroll_all"):
                self.guarded(
                    "open_history",
                    subject,
                    None,
                    lambda: self.open_history(wb, subject, code, other),
                )
            wb.open_untimed(code)
            if self.wanted("status_filter"):
                self.guarded(
                    "status_filter",
                    subject,
                    "recebido on",
                    lambda: self.status_filter(wb, subject, code, Status.RECEBIDO, OPEN_STATUSES),
                )
            if self.wanted("as_of_change"):
                self.guarded(
                    "as_of_change",
                    subject,
                    "a year back",
                    lambda: self.as_of_change(wb, subject, code),
                )
            if self.wanted("switch_section"):
                for key in OTHER_SECTIONS:
                    self.guarded(
                        "switch_section",
                        subject,
                        key,
                        lambda k=key: self.switch_section(wb, subject, code, other, k),
                    )
            wb.open_untimed(code)
            if self.wanted("scroll_all"):
                self.guarded(
                    "scroll_all",
                    subject,
                    "all statuses",
                    lambda: self.scroll_all(wb, subject, code),
                )
            if self.wanted("sort"):
                for key, label in SORTS:
                    self.guarded(
                        "sort",
                        subject,
                        label,
                        lambda k=key, lb=label: self.sort(
                            wb, subject, code, k, lb, Qt.SortOrder.DescendingOrder
                        ),
                    )
        finally:
            wb.close()

    def open_history(self, wb: Any, subject: str, code: str, other: str) -> None:
        _ms, captured = wb.open_history(code, capture=True)  # SQL captured, untimed
        ours = self.timing(
            lambda: wb.open_history(code)[0],
            before=lambda: wb.open_untimed(other),
            ours=True,
        )
        rows = wb.page.model.total_count()
        statements = captured.selects if captured else []
        counts = self.floor.row_counts(statements)
        if statements:
            self.grid_statement[subject] = statements[grid_index(counts)]
        peers = self.peers_for(
            statements,
            None,
            (lambda: self.naive.financeiro(code, self.as_of, OPEN_STATUSES))
            if self.wanted("open_history")
            else None,
        )
        if self.wanted("open_history"):
            self.add(
                "open_history",
                subject,
                ours,
                floor=peers["floor"],
                qsql=peers["qsql"],
                naive=peers["naive"],
                rows=rows,
                statements=len(statements),
            )

    def status_filter(self, wb: Any, subject: str, code: str, status: Any, default: Any) -> None:
        wb.reset_statuses(default)
        _ms, captured = wb.toggle_status(status, capture=True)
        rows = wb.page.model.total_count()
        ours = self.timing(
            lambda: wb.toggle_status(status)[0],
            before=lambda: wb.reset_statuses(default),
            ours=True,
        )
        wb.reset_statuses(default)
        statements = captured.selects if captured else []
        peers = self.peers_for(
            statements,
            None,
            lambda: self.naive.financeiro(code, self.as_of, set(default) | {status}),
        )
        self.add(
            "status_filter",
            subject,
            ours,
            floor=peers["floor"],
            qsql=peers["qsql"],
            naive=peers["naive"],
            variant="recebido on",
            rows=rows,
            note=None if statements else "answered in memory: no SQL to replay",
        )

    def as_of_change(self, wb: Any, subject: str, code: str) -> None:
        back = year_before(self.as_of)
        restore = lambda: wb.change_as_of(self.as_of)  # noqa: E731
        try:
            _ms, captured = wb.change_as_of(back, capture=True)
            restore()
            ours = self.timing(lambda: wb.change_as_of(back)[0], before=restore, ours=True)
        finally:
            restore()
        statements = captured.selects if captured else []
        peers = self.peers_for(statements, None, lambda: self.naive.financeiro(code, back))
        self.add(
            "as_of_change",
            subject,
            ours,
            floor=peers["floor"],
            qsql=peers["qsql"],
            naive=peers["naive"],
            variant=f"{self.as_of.isoformat()} -> {back.isoformat()}",
        )

    def switch_section(self, wb: Any, subject: str, code: str, other: str, key: str) -> None:

        def before() -> None:
            wb.show_financeiro()
            wb.open_untimed(other)

        before()
        _ms, _idle, captured = wb.switch_section(code, key, capture=True)
        samples, idle = [], []
        for _ in range(max(1, self.args.runs)):
            before()
            ms, idle_ms, _ = wb.switch_section(code, key)
            samples.append(ms)
            idle.append(idle_ms)
        self.samples = tuple(samples)
        statements = captured.selects if captured else []
        peers = self.peers_for(statements, None, lambda: self.naive.section(code, key, self.as_of))
        self.add(
            "switch_section",
            subject,
            statistics.median(samples),
            floor=peers["floor"],
            qsql=peers["qsql"],
            naive=peers["naive"],
            variant=key,
            after_idle_ms=round(statistics.median(idle), 2),
        )
        wb.open_untimed(code)

    def scroll_all(self, wb: Any, subject: str, code: str) -> None:
        def before() -> None:
            wb.reset_statuses(set(Status))

        before()
        _ms, captured = wb.scroll_all(capture=True)
        rows, held = wb.shown_rows(), wb.held_rows()
        if not wb.last_row_shown():
            self.note(f"scroll_all {subject}: the grid's last row was not read")
        ours = self.timing(lambda: wb.scroll_all()[0], before=before, ours=True)
        statements = ([self.grid_statement[subject]] if subject in self.grid_statement else []) + (
            captured.selects if captured else []
        )
        floor = qsql = None
        floor_rows = qsql_rows = None
        if statements:
            floor = self.timing(lambda: self.floor.timed(statements, None))
            floor_rows = self.floor.run(statements, None)
            if self.qtsql.available:
                # what a Qt program would give its QSqlQueryModel: one SELECT of every row
                # of the grid, all its columns computed, in the grid's order
                grid = self.whole_grid(code)
                qsql = self.peer_timing(
                    "QSqlQueryModel",
                    lambda: self.timing(
                        self.qtsql.scroll_all, before=lambda: self.qtsql.show([grid], 0)
                    ),
                )
                qsql_rows = self.qtsql.rows() if qsql is not None else None
        naive = self.timing(
            discard(lambda: self.naive.financeiro(code, self.as_of, set(Status))), peer=True
        )
        if qsql_rows is not None and qsql_rows != rows:
            self.note(f"scroll_all {subject}: ours shows {rows} rows, QSqlQueryModel {qsql_rows}")
        self.add(
            "scroll_all",
            subject,
            ours,
            floor=floor,
            qsql=qsql,
            naive=naive,
            variant="all statuses",
            rows=rows,
            floor_rows=floor_rows,
            note=f"{held:,} of {rows:,} rows read (those painted)" if held < rows else None,
        )
        before()

    def whole_grid(self, code: str) -> Statement:
        """The SELECT of every título of ``code`` with all the grid's columns as of the
        date, in the grid's default order (app.db.positions' SQL), as the driver gets it."""
        with self.database.session() as session:
            cliente_id = clientes.get_by_code(session, code, self.as_of).id
            p = positions.positions(
                session.get_bind().dialect.name == "sqlite",
                positions.companies(session),
                held=positions.held_of(session, cliente_id, self.as_of),
                with_venda=True,
            )
            stmt = select(*p.c).order_by(p.c.vencimento, p.c.numero_documento, p.c.parcela, p.c.id)
            with self.recorder.recording() as captured, tagged_here():
                session.execute(stmt, bound.values(cliente_id, self.as_of)).first()
        return captured.selects[-1]

    def sort(self, wb: Any, subject: str, code: str, key: str, label: str, order: Any) -> None:
        wb.reset_statuses(set(Status))

        def before() -> None:
            wb.sort("numero_documento", Qt.SortOrder.AscendingOrder)

        before()
        _ms, captured = wb.sort(key, order, capture=True)
        ours = self.timing(lambda: wb.sort(key, order)[0], before=before, ours=True)
        statements = captured.selects if captured else []
        descending = order == Qt.SortOrder.DescendingOrder
        peers = self.peers_for(
            statements,
            None,
            lambda: self.naive.financeiro(code, self.as_of, set(Status), (key, descending)),
        )
        self.add(
            "sort",
            subject,
            ours,
            floor=peers["floor"],
            qsql=peers["qsql"],
            naive=peers["naive"],
            variant=f"{label} desc",
            rows=wb.page.model.total_count(),
            note=None if statements else "answered in memory: no SQL to replay",
        )

    # --- no subject ---

    def customer_search(self) -> None:
        import app.views.customer_bar as customer_bar

        if hasattr(customer_bar, "SEARCH_LIMIT"):
            self.details["search_limit_in_the_bar"] = customer_bar.SEARCH_LIMIT
            customer_bar.SEARCH_LIMIT = 50  # the "first 50" (the bar may show fewer)
        wb = self.window()
        try:
            for text in SEARCHES:
                self.guarded("customer_search", "none", text, lambda t=text: self._search(wb, t))
        finally:
            wb.close()

    def _search(self, wb: Any, text: str) -> None:
        _ms, captured = wb.search(text, capture=True)
        hits = wb.last_hits
        ours = self.timing(lambda: wb.search(text)[0], ours=True)
        statements = captured.selects if captured else []
        peers = self.peers_for(statements, None, lambda: self.naive.search(text, self.as_of))
        self.add(
            "customer_search",
            "none",
            ours,
            floor=peers["floor"],
            qsql=peers["qsql"],
            naive=peers["naive"],
            variant=text,
            rows=hits,
        )
