"""The main window: wires the customer bar, the navigation and the four pages together.

It owns no business rules: it opens a customer (off the GUI thread), hands the
HistoryContext to the pages, shows their counts in the navigation, their errors in
the banner and their notes in the status bar, reloads every section when a page
changed data (an acordo created or broken), and keeps window state in Settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import clientes
from app.db.acordo_ops import AcordoCancelled, AcordoCreated
from app.db.clientes import ClienteInfo
from app.db.engine import Database
from app.db.errors import NotFound
from app.tasks import TaskChannel, in_session
from app.views.customer_bar import CustomerBar
from app.views.errors import is_database_problem, user_message
from app.views.financeiro_page import FinanceiroPage
from app.views.negociacao_page import NegociacaoPage
from app.views.programacao_page import ProgramacaoPage
from app.views.resources import icon
from app.views.section_page import HistoryContext, SectionPage
from app.views.settings import Settings
from app.views.venda_page import VendaPage
from app.views.widgets import EmptyState, ErrorBanner, ShowLater, count_text

SECTION_KEYS = ("financeiro", "venda", "negociacao", "programacao")
DEFERRED_ORDER = ("negociacao", "programacao", "venda", "financeiro")  # lighter first
RECONNECT_MS = 3000  # between probes of a database that could not be reached
# after the section on screen has its answer, the next one waits this long: the answer
# is painted first, not after the other sections' loads and their answers
DEFERRED_DELAY_MS = 50


@dataclass(frozen=True)
class StartView:
    """Where the window opens (from the command line)."""

    customer: str | None = None
    section: str | None = None
    as_of: date | None = None


class MainWindow(QMainWindow):
    """Histórico do Cliente.

    Signals:
        customer_loaded(object): the ClienteInfo of the history now open (or None).
    """

    customer_loaded = Signal(object)
    database_requested = Signal(str)  # "file" or "server": the clerk wants another database

    def __init__(
        self, *, settings: Settings, start: StartView | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.start = start or StartView()
        self.database: Database | None = None
        self.context: HistoryContext | None = None
        self._customer_code: str | None = None
        self._note_after_open: str | None = None  # for the status bar once reloaded
        self._customer_channel = TaskChannel(self)
        self._deferred: list[SectionPage] = []  # sections to load after the one on screen
        self._deferred_timer = QTimer(self)
        self._deferred_timer.setSingleShot(True)
        self._deferred_timer.setInterval(DEFERRED_DELAY_MS)
        self._deferred_timer.timeout.connect(self._load_next_deferred)
        # after a database problem: probe the database every RECONNECT_MS (off the GUI
        # thread) and reload by itself once it answers
        self._reconnect = QTimer(self)
        self._reconnect.setSingleShot(True)
        self._reconnect.setInterval(RECONNECT_MS)
        self._reconnect.timeout.connect(self._probe)
        self._probe_channel = TaskChannel(self)
        self.setWindowTitle(self.tr("Histórico do Cliente"))
        self.setWindowIcon(icon("app"))

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.customer_bar = CustomerBar()
        if self.start.as_of is not None:
            self.customer_bar.set_as_of(self.start.as_of, notify=False)
        self.customer_bar.customer_requested.connect(self.open_customer)
        self.customer_bar.as_of_changed.connect(lambda _d: self._as_of_changed())
        layout.addWidget(self.customer_bar)
        self.banner = ErrorBanner()
        self.banner.retry.connect(self.retry)
        banner_box = QHBoxLayout()
        banner_box.setContentsMargins(8, 0, 8, 4)
        banner_box.addWidget(self.banner)
        layout.addLayout(banner_box)

        self.outer = QStackedWidget()
        self.empty = EmptyState(
            text=self.tr("Pesquise um cliente para ver o histórico"),
            detail=self.tr(
                "Digite o nome, o CPF/CNPJ ou o código do cliente no campo de busca acima (Ctrl+F)."
            ),
        )
        self.outer.addWidget(self.empty)
        history = QWidget()
        history_layout = QHBoxLayout(history)
        history_layout.setContentsMargins(8, 0, 0, 0)
        history_layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("sectionNav")
        self.nav.setAccessibleName(self.tr("Seções do histórico"))
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(210)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setStyleSheet(
            "#sectionNav { border: none; border-right: 1px solid #d5dde3; background: #f5f8fa;"
            " font-size: 11pt; }"
            "#sectionNav::item { padding: 8px 6px; border-left: 4px solid transparent; }"
            "#sectionNav::item:selected { background: #dceafb; color: #0d47a1;"
            " border-left: 4px solid #1565c0; font-weight: bold; }"
        )
        self.pages_stack = QStackedWidget()
        self.pages: dict[str, SectionPage] = {
            "financeiro": FinanceiroPage(settings=settings),
            "venda": VendaPage(settings=settings),
            "negociacao": NegociacaoPage(settings=settings),
            "programacao": ProgramacaoPage(settings=settings),
        }
        for number, (key, page) in enumerate(self.pages.items(), start=1):
            item = QListWidgetItem(icon(key), page.title())
            item.setToolTip(self.tr("{title} (Alt+{n})").format(title=page.title(), n=number))
            self.nav.addItem(item)
            self.pages_stack.addWidget(page)
            page.count_changed.connect(lambda n, k=key: self._set_count(k, n))
            page.failed.connect(self._page_failed)
            page.message.connect(self.show_message)
            for grid in page.grids():
                grid.notice.connect(self.show_message)
            page.busy_changed.connect(self._update_busy)
            page.busy_changed.connect(self._load_deferred_when_idle)
            page.data_changed.connect(self._data_changed)
        self.financeiro.summary_changed.connect(self.customer_bar.set_summary)
        self.nav.currentRowChanged.connect(self._section_changed)
        history_layout.addWidget(self.nav)
        history_layout.addWidget(self.pages_stack, 1)
        self.outer.addWidget(history)
        layout.addWidget(self.outer, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel(self.tr("Sem banco de dados"))
        self.db_label.setAccessibleName(self.tr("Banco de dados em uso"))
        self.statusBar().addPermanentWidget(self.db_label)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setFixedWidth(100)
        self.busy_bar.setFixedHeight(12)
        self.busy_bar.setAccessibleName(self.tr("Carregando"))
        self.busy_bar.hide()
        self.statusBar().addPermanentWidget(self.busy_bar)
        self._busy_later = ShowLater(self.busy_bar)

        self._create_actions()
        for page in self.pages.values():
            page.restore_grid_states()
        self.show_section(self.start.section or settings.last_section or "financeiro")
        if settings.geometry is not None:
            self.restoreGeometry(settings.geometry)
        else:
            self.resize(1360, 860)

    # --- pages ---

    @property
    def financeiro(self) -> FinanceiroPage:
        page = self.pages["financeiro"]
        assert isinstance(page, FinanceiroPage)
        return page

    @property
    def negociacao(self) -> NegociacaoPage:
        page = self.pages["negociacao"]
        assert isinstance(page, NegociacaoPage)
        return page

    def current_page(self) -> SectionPage:
        return self.pages[SECTION_KEYS[max(self.nav.currentRow(), 0)]]

    def show_section(self, key: str) -> None:
        if key in SECTION_KEYS:
            self.nav.setCurrentRow(SECTION_KEYS.index(key))

    def _section_changed(self, row: int) -> None:
        if row >= 0:
            self.pages_stack.setCurrentIndex(row)
            self.settings.last_section = SECTION_KEYS[row]
            page = self.pages[SECTION_KEYS[row]]
            if page in self._deferred:  # shown before its turn: load it now
                self._deferred.remove(page)
                self._load_deferred(page)

    def _set_count(self, key: str, count: int | None) -> None:
        page = self.pages[key]
        item = self.nav.item(SECTION_KEYS.index(key))
        badge = "…" if count is None else count_text(count)
        item.setText(f"{page.title()} ({badge})")

    def _update_busy(self, _busy: bool = False) -> None:
        busy = self._customer_channel.busy or any(p.channel.busy for p in self.pages.values())
        self._busy_later.set_wanted(busy)

    # --- actions ---

    def _action(self, text: str, shortcuts: list[str], slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Arquivo"))
        self.export_action = self._action(
            self.tr("&Exportar grade…"),
            ["Ctrl+E"],
            lambda: self._with_customer(self.current_page().export_grid),
        )
        self.print_action = self._action(
            self.tr("&Imprimir…"),
            ["Ctrl+P"],
            lambda: self._with_customer(self.current_page().print_primary),
        )
        self.print_grid_action = self._action(
            self.tr("Imprimir &grade…"),
            ["Ctrl+Shift+P"],
            lambda: self._with_customer(self.current_page().print_grid),
        )
        file_menu.addActions([self.export_action, self.print_action, self.print_grid_action])
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(
                self.tr("Abrir arquivo de banco de &dados…"),
                [],
                lambda: self.database_requested.emit("file"),
            )
        )
        file_menu.addAction(
            self._action(
                self.tr("Conectar a &servidor PostgreSQL…"),
                [],
                lambda: self.database_requested.emit("server"),
            )
        )
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Sair"), ["Ctrl+Q"], self.close))

        view_menu = self.menuBar().addMenu(self.tr("E&xibir"))
        self.search_action = self._action(
            self.tr("&Buscar cliente"), ["Ctrl+F", "Ctrl+K"], self.customer_bar.focus_search
        )
        self.reload_action = self._action(self.tr("&Recarregar"), ["F5"], self.reload)
        view_menu.addActions([self.search_action, self.reload_action])
        view_menu.addSeparator()
        for number, key in enumerate(SECTION_KEYS, start=1):
            action = self._action(
                self.pages[key].title(), [f"Alt+{number}"], lambda _=False, k=key: self._go_to(k)
            )
            view_menu.addAction(action)

    def _with_customer(self, slot: object) -> None:
        if self.context is not None and callable(slot):
            slot()

    def _go_to(self, key: str) -> None:
        self.show_section(key)
        if self.context is not None:
            self.pages[key].grids()[0].setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- database and customer ---

    def set_database(self, database: Database, description: str) -> None:
        """Use this (open) database; the status bar says which it is. Another database
        than before closes the history shown (its customer belongs to the other one)."""
        previous = self.database
        if previous is not None and previous is not database:
            self.close_history()
            previous.dispose()
        self.database = database
        self.customer_bar.database = database
        self.db_label.setText(self.tr("Banco: {db}").format(db=description))
        self.db_label.setToolTip(description)

    def close_history(self) -> None:
        """Show no customer (the hint to search)."""
        self._customer_channel.cancel()
        self._deferred = []
        self.context = None
        self._customer_code = None
        for page in self.pages.values():
            page.set_context(None)
        self.customer_bar.set_cliente(None)
        self.customer_bar.set_summary(None)
        self.outer.setCurrentIndex(0)
        self.setWindowTitle(self.tr("Histórico do Cliente"))

    def open_start_customer(self) -> None:
        """Open the customer of --customer, else the last one."""
        code = self.start.customer or self.settings.last_customer
        if code:
            self.open_customer(code)

    def as_of(self) -> date:
        return self.customer_bar.as_of_date()

    def open_customer(self, code: str) -> None:
        if self.database is None:
            return
        database, as_of = self.database, self.as_of()
        self._customer_code = code
        self.statusBar().showMessage(self.tr("Abrindo o cliente {code}…").format(code=code))
        self._customer_channel.run(
            in_session(database, lambda s: clientes.get_by_code(s, code, as_of)),
            lambda info: self._show_customer(database, info, as_of),
            self._customer_failed,
        )
        self._update_busy()

    def _show_customer(self, database: Database, info: ClienteInfo, as_of: date) -> None:
        self._update_busy()
        self.banner.hide()
        note, self._note_after_open = self._note_after_open, None
        if note:
            self.show_message(note)
        else:
            self.statusBar().clearMessage()
        self.context = HistoryContext(database, info, as_of)
        self.settings.last_customer = info.codigo
        self.setWindowTitle(self.tr("{nome} — Histórico do Cliente").format(nome=info.nome))
        self.customer_bar.set_cliente(info)
        self.customer_bar.set_summary(None)
        self.outer.setCurrentIndex(1)
        self._load_sections()
        self.customer_loaded.emit(info)

    def _load_sections(self) -> None:
        """Every section loads the history of ``context``: the one on screen first, the
        others once it has its answer (two cores: run all at once, they would slow the
        one the clerk is looking at)."""
        self._deferred = [
            self.pages[k] for k in DEFERRED_ORDER if self.pages[k] is not self.current_page()
        ]
        self.current_page().set_context(self.context)
        for page in self._deferred:  # emptied when their turn comes (_load_deferred)
            page.channel.cancel()
            page.count_changed.emit(None)
        self._load_deferred_when_idle()

    def _as_of_changed(self) -> None:
        """A new "Posição em" for the customer on screen: the sections load again at once
        (they need only which customer, not its header), while the header (its última
        compra up to the date) is read again beside them. Another customer on its way, or
        none on screen: opened again, as F5 does."""
        context, database = self.context, self.database
        if (
            context is None
            or database is not context.database
            or self._customer_code not in (None, context.cliente.codigo)
            or not self.banner.isHidden()
        ):
            self.reload()
            return
        as_of = self.as_of()
        self.context = HistoryContext(database, context.cliente, as_of)
        self.customer_bar.set_summary(None)
        self._load_sections()
        code = context.cliente.codigo
        self._customer_channel.run(
            in_session(database, lambda s: clientes.get_by_code(s, code, as_of)),
            self._header_read_again,
            self._customer_failed,
        )
        self._update_busy()

    def _header_read_again(self, info: ClienteInfo) -> None:
        self._update_busy()
        if self.context is None or self.context.cliente.id != info.id:
            return
        self.context = HistoryContext(self.context.database, info, self.context.as_of)
        self.customer_bar.set_cliente(info)
        self.customer_loaded.emit(info)

    def _load_deferred_when_idle(self, *_: object) -> None:
        """The next section waiting for its turn, DEFERRED_DELAY_MS after no section is
        loading: one at a time, the lighter first, so that a section the clerk clicks
        meanwhile is not queued behind a big customer's sales."""
        if self._deferred and not self._any_page_busy():
            self._deferred_timer.start()

    def _load_next_deferred(self) -> None:
        if self._deferred and not self._any_page_busy():
            self._load_deferred(self._deferred.pop(0))
            self._load_deferred_when_idle()  # had it nothing to load, the next one

    def _load_deferred(self, page: SectionPage) -> None:
        """A section's turn: nothing of the previous customer stays on it (emptied now,
        not when the customer opened: hidden until then, and the section on screen
        answers sooner), then its load."""
        page.clear()
        page.set_context(self.context)

    def _any_page_busy(self) -> bool:
        return any(p.is_busy() for p in self.pages.values())

    def is_loading(self) -> bool:
        """Whether something of the history is on its way: the customer, a section's
        load or write, or a section waiting for its turn."""
        return bool(self._deferred) or self._customer_channel.busy or self._any_page_busy()

    def _customer_failed(self, exc: BaseException) -> None:
        self._update_busy()
        self._note_after_open = None
        if isinstance(exc, NotFound):
            self.statusBar().showMessage(user_message(exc), 10_000)
            if self.context is not None:  # F5 reloads the customer still on screen
                self._customer_code = self.context.cliente.codigo
            else:
                self.empty.detail.setText(
                    self.tr(
                        "Cliente não encontrado: {code}. Pesquise pelo nome, CPF/CNPJ ou código."
                    ).format(code=self._customer_code)
                )
            return
        self._page_failed(user_message(exc), is_database_problem(exc))

    def _page_failed(self, message: str, database_problem: bool) -> None:
        if database_problem:
            self.banner.show_message(
                self.tr(
                    "Não foi possível acessar o banco de dados: {msg}. "
                    "Os dados mostrados são os da última consulta; tentando reconectar…"
                ).format(msg=message)
            )
            if not self._reconnect.isActive() and not self._probe_channel.busy:
                self._reconnect.start()
        else:
            self.banner.show_message(message)

    def _probe(self) -> None:
        database = self.database
        if database is None or self.banner.isHidden():
            return
        self._probe_channel.run(database.ping, lambda _: self.retry(), self._still_down)

    def _still_down(self, _exc: BaseException) -> None:
        self._reconnect.start()

    def retry(self) -> None:
        self._reconnect.stop()
        self._probe_channel.cancel()
        self.banner.hide()
        self.reload()

    def reload(self) -> None:
        """F5, "Tentar novamente" and a new "Posição em" date: open again the customer
        last asked for (the one on screen, or another still on its way: it would
        otherwise be dropped for the one on screen) and reload every page."""
        code = self._customer_code or (self.context.cliente.codigo if self.context else None)
        if code:
            self.open_customer(code)

    def _data_changed(self, change: object) -> None:
        """A page wrote (an acordo created or broken): say so and reload every section."""
        if isinstance(change, AcordoCreated):
            self._note_after_open = self.tr("Acordo nº {n} criado").format(n=change.numero)
        elif isinstance(change, AcordoCancelled):
            self._note_after_open = self.tr("Acordo nº {n} quebrado").format(n=change.numero)
        if isinstance(change, AcordoCreated | AcordoCancelled):
            self.negociacao.select_when_loaded(change.acordo_id)
        self.reload()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # --- closing ---

    def save_state(self) -> None:
        self.settings.geometry = self.saveGeometry()
        for page in self.pages.values():
            page.save_grid_states()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.customer_bar.hide_popup()
        super().closeEvent(event)
