"""Starting the window: the QApplication, locale and translator, the last-resort error
dialog, and opening the database off the GUI thread (with a clear dialog offering
another database when it fails; demo data in an empty embedded database)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, Qt, QTranslator, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from app import tasks
from app.config import APP_AUTHOR, APP_NAME, log_dir, resolve_db_url, save_db_url
from app.db.engine import Database, open_database, parse_url
from app.domain.documents import mask_personal_data
from app.views.errors import user_message
from app.views.main_window import MainWindow, StartView
from app.views.resources import icon, translations_dir
from app.views.server_dialog import ServerDialog
from app.views.settings import Settings

log = logging.getLogger(__name__)
DEMO_CUSTOMERS = 200


def tr(text: str) -> str:
    return QCoreApplication.translate("app", text)


# --- last-resort error dialog ---

_showing_error = False


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    global _showing_error
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    if _showing_error or QApplication.instance() is None:
        return
    _showing_error = True
    try:
        detail = mask_personal_data(str(exc))[:200]
        QMessageBox.critical(
            QApplication.activeWindow(),
            tr("Erro inesperado"),
            tr(
                "Ocorreu um erro inesperado ({name}). O programa continua aberto; os detalhes "
                "foram registrados em {path}."
            ).format(name=exc_type.__name__, path=log_dir())
            + (f"\n\n{detail}" if detail else ""),
        )
    finally:
        _showing_error = False


def install_excepthook() -> None:
    """Unexpected exceptions in slots: logged, and a short dialog instead of a traceback."""
    sys.excepthook = _excepthook


# --- application ---


def _install_translators(app: QApplication, lang: str | None) -> None:
    language = lang or ("en" if QLocale.system().language() == QLocale.Language.English else "pt")
    if language != "en":
        QLocale.setDefault(QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil))
        qt = QTranslator(app)
        if qt.load(
            QLocale(QLocale.Language.Portuguese, QLocale.Country.Brazil),
            "qtbase",
            "_",
            QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        ):
            app.installTranslator(qt)
        return
    ours = QTranslator(app)
    if ours.load(str(translations_dir() / "historico_en.qm")):
        app.installTranslator(ours)
    else:
        log.info("English translation not found in %s", translations_dir())


# Qt's raster engine hands a big fill (a scroll bar's groove, a grid's background) to
# a thread pool of its own and waits for it. On two cores busy with the database
# workers, the GUI thread waited there for a core: ~5 ms of every customer opened
# (py-spy: QScrollBar::paintEvent > QRasterPaintEngine::drawRects > QLatch::wait;
# benchmark, a small customer's open 25-35 -> 19-30 ms). Qt's own switch
# (qthreadpool.cpp) keeps those fills on the GUI thread; read once, before the pool's
# first use.
SERIAL_PAINT = ("QT_NO_GUI_THREADPOOL", "1")


def make_application(lang: str | None = None) -> QApplication:
    os.environ.setdefault(*SERIAL_PAINT)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("Histórico do Cliente")
    app.setWindowIcon(icon("app"))
    app.setStyle("Fusion")
    tasks.share_the_gil()
    _install_translators(app, lang)
    return app


def run_window(args: argparse.Namespace) -> int:
    """Open the window (``main.py`` without a subcommand); returns the exit code."""
    app = make_application(getattr(args, "lang", None))
    install_excepthook()
    collector = tasks.GarbageCollector(app)
    collector.start()
    start = StartView(customer=args.customer, section=args.section, as_of=args.as_of)
    window = MainWindow(settings=Settings(), start=start)
    window.show()
    opener = DatabaseOpener(window, cli_url=args.db)
    opener.opened.connect(lambda _db: window.open_start_customer())
    opener.start()
    code = app.exec()
    tasks.wait_for_idle()
    collector.stop()
    if window.database is not None:
        window.database.dispose()
    return int(code)


# --- opening the database ---


def describe(url: str) -> str:
    """The database as the status bar shows it (never a password)."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {parsed.database}"
    return parsed.render_as_string(hide_password=True)


class _Progress(QObject):
    """Carries demo-generation progress from the worker to the dialog."""

    changed = Signal(str, int, int)


class DatabaseOpener(QObject):
    """Opens the database off the GUI thread; on failure asks the user what to do.

    Signals:
        opened(object): the Database, now set on the window.
    """

    opened = Signal(object)

    def __init__(self, window: MainWindow, *, cli_url: str | None) -> None:
        super().__init__(window)
        self.window = window
        self.url, self.embedded = resolve_db_url(cli_url)
        self._remember = False
        self._channel = tasks.TaskChannel(self)
        self._progress_dialog: QProgressDialog | None = None
        window.database_requested.connect(self.choose)

    def start(self) -> None:
        self.window.statusBar().showMessage(tr("Abrindo o banco de dados…"))
        url, create = self.url, self.embedded
        self._channel.run(lambda: open_database(url, create=create), self._opened, self._failed)

    def _opened(self, database: Database) -> None:
        self.window.statusBar().clearMessage()
        self.window.banner.hide()
        if self._remember:
            save_db_url(self.url)
        self.window.set_database(database, describe(self.url))
        if self.embedded:
            self._fill_if_empty(database)
        else:
            self.opened.emit(database)

    def _failed(self, exc: BaseException) -> None:
        self.window.statusBar().clearMessage()
        message = user_message(exc)
        self.window.banner.show_message(
            tr("Não foi possível abrir o banco de dados: {msg}").format(msg=message)
        )
        choice = self.ask(message)
        if choice == "retry":
            self.start()
        elif choice == "file":
            self._choose(self._choose_file)
        elif choice == "server":
            self._choose(self._choose_server)
        else:
            self.window.close()

    def ask(self, message: str) -> str:
        """What to do about a database that did not open: retry, file, server or quit."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(tr("Banco de dados"))
        box.setText(tr("Não foi possível abrir o banco de dados."))
        box.setInformativeText(message)
        buttons: dict[QAbstractButton, str] = {
            box.addButton(tr("Tentar novamente"), QMessageBox.ButtonRole.AcceptRole): "retry",
            box.addButton(tr("Escolher arquivo…"), QMessageBox.ButtonRole.ActionRole): "file",
            box.addButton(tr("Informar servidor…"), QMessageBox.ButtonRole.ActionRole): "server",
            box.addButton(tr("Sair"), QMessageBox.ButtonRole.RejectRole): "quit",
        }
        box.exec()
        return buttons.get(box.clickedButton(), "quit")

    def choose(self, kind: str) -> None:
        """Another database, chosen by the clerk: "file" (SQLite) or "server"."""
        self._choose(self._choose_file if kind == "file" else self._choose_server)

    def _choose(self, ask: Callable[[QWidget], str | None]) -> None:
        url = ask(self.window)
        if url is None:
            if self.window.database is None:
                self._failed_again()
            return
        self.url, self.embedded, self._remember = url, False, True
        self.start()

    def _failed_again(self) -> None:
        self.window.show_message(tr("Nenhum banco de dados aberto"))

    @staticmethod
    def _choose_file(parent: QWidget) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            parent,
            tr("Escolher banco de dados"),
            str(Path.home()),
            tr("Banco SQLite (*.db *.sqlite *.sqlite3);;Todos os arquivos (*)"),
        )
        return f"sqlite:///{path}" if path else None

    def _choose_server(self, parent: QWidget) -> str | None:
        return ServerDialog.ask(parent, self.url)

    # --- demo data for an empty embedded database ---

    def _fill_if_empty(self, database: Database) -> None:
        from app.db import clientes

        self._channel.run(
            tasks.in_session(database, clientes.has_customers),
            lambda has: self._maybe_generate(database, has),
            self._failed,
        )

    def _maybe_generate(self, database: Database, has_customers: bool) -> None:
        if has_customers:
            self.opened.emit(database)
            return
        try:
            from app.db.demo import generate
        except ImportError:
            self.window.show_message(tr("Banco vazio: use 'main.py import' para trazer dados"))
            self.opened.emit(database)
            return
        dialog = QProgressDialog(tr("Criando dados de demonstração…"), "", 0, 0, self.window)
        dialog.setWindowTitle(tr("Primeiro uso"))
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.show()
        self._progress_dialog = dialog
        progress = _Progress(self)
        progress.changed.connect(self._progress)

        def work() -> object:
            return generate(
                database,
                customers=DEMO_CUSTOMERS,
                progress=lambda stage, done, total: progress.changed.emit(
                    str(stage), int(done), int(total)
                ),
            )

        self._channel.run(work, lambda _stats: self._generated(database), self._demo_failed)

    def _progress(self, stage: str, done: int, total: int) -> None:
        if self._progress_dialog is not None:
            self._progress_dialog.setLabelText(
                tr("Criando dados de demonstração: {stage}").format(stage=stage)
            )
            self._progress_dialog.setMaximum(max(total, 0))
            self._progress_dialog.setValue(min(done, total))

    def _close_progress(self) -> None:
        if self._progress_dialog is not None:
            self._progress_dialog.close()
            self._progress_dialog = None

    def _generated(self, database: Database) -> None:
        self._close_progress()
        self.window.show_message(tr("Dados de demonstração criados"))
        self.opened.emit(database)

    def _demo_failed(self, exc: BaseException) -> None:
        self._close_progress()
        QMessageBox.warning(
            self.window,
            tr("Dados de demonstração"),
            tr("Não foi possível criar os dados de demonstração: {msg}").format(
                msg=user_message(exc)
            ),
        )
        self.opened.emit(self.window.database)
