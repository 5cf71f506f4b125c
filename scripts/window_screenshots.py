"""Screenshots of the four sections and the "Servidor PostgreSQL" dialog:
`python scripts/window_screenshots.py DB_URL CODE OUT_DIR [AAAA-MM-DD|-] [pt|en] [--negociacao]`.

With --negociacao, also the renegotiation flow: financeiro-selecao.png (two overdue
títulos of one empresa selected in the Financeiro grid), nova-negociacao.png (the
whole screen, with the "Nova negociação" dialog open over the window) and
escolher-titulos.png (the Negociação page's chooser). For window frames in the
whole-screen shots, start a window manager (openbox) inside Xvfb first.

Run under Xvfb (xvfb-run -s '-screen 0 1400x900x24') for real fonts.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QItemSelectionModel, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app import tasks  # noqa: E402
from app.db.engine import open_database  # noqa: E402
from app.db.financeiro import renegotiable  # noqa: E402
from app.views.app import describe, make_application  # noqa: E402
from app.views.escolher_titulos import EscolherTitulosDialog  # noqa: E402
from app.views.main_window import SECTION_KEYS, MainWindow, StartView  # noqa: E402
from app.views.nova_negociacao import NovaNegociacaoDialog  # noqa: E402
from app.views.server_dialog import ServerDialog  # noqa: E402
from app.views.settings import Settings  # noqa: E402


def wait(app: QApplication, window: MainWindow, seconds: float = 10) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        busy = window._customer_channel.busy or any(p.is_busy() for p in window.pages.values())
        if not busy and window.context is not None:
            break
        time.sleep(0.02)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)


def settle(app: QApplication, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def negotiation_shots(app: QApplication, window: MainWindow, out: Path) -> None:
    """Select two overdue títulos of one empresa, then open "Nova negociação"."""
    window.show_section("financeiro")
    page = window.financeiro
    wait(app, window, 2)
    rows = [
        r
        for r in range(page.model.rowCount())
        if renegotiable(page.model.row_at(r)) and page.model.row_at(r).pos.dias_atraso
    ]
    by_empresa: dict[str, list[int]] = {}
    for r in rows:
        by_empresa.setdefault(page.model.row_at(r).empresa, []).append(r)
    chosen = next((v[:2] for v in by_empresa.values() if len(v) >= 2), None)
    if chosen is None:
        print("no two overdue títulos of one empresa: no negotiation screenshots")
        return
    selection = page.grid.selectionModel()
    for r in chosen:
        selection.select(
            page.model.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    page.grid.setFocus()
    settle(app)
    window.grab().save(str(out / "financeiro-selecao.png"))
    print(out / "financeiro-selecao.png")
    page.negotiate_button.click()
    dialog = page.findChild(NovaNegociacaoDialog)
    assert dialog is not None
    end = time.monotonic() + 10
    while time.monotonic() < end and (dialog.channel.busy or dialog.selection is None):
        app.processEvents()
        time.sleep(0.02)
    dialog.parcelas.setValue(3)
    dialog.entrada.setText("200,00")
    settle(app)
    screen = app.primaryScreen()
    screen.grabWindow(0).save(str(out / "nova-negociacao.png"))
    print(out / "nova-negociacao.png")
    dialog.grab().save(str(out / "nova-negociacao-dialogo.png"))
    print(out / "nova-negociacao-dialogo.png")
    dialog.reject()
    settle(app)

    window.show_section("negociacao")
    wait(app, window, 2)
    chooser = window.negociacao.new_negotiation()
    assert chooser is not None
    end = time.monotonic() + 10
    while time.monotonic() < end and chooser.channel.busy:
        app.processEvents()
        time.sleep(0.02)
    chooser.set_checked(chooser.titulo_ids() or _first_ids(chooser, 2))
    settle(app)
    screen.grabWindow(0).save(str(out / "escolher-titulos.png"))
    print(out / "escolher-titulos.png")
    chooser.reject()


def _first_ids(chooser: EscolherTitulosDialog, n: int) -> list[int]:
    items = [chooser.list.topLevelItem(i) for i in range(min(n, chooser.list.topLevelItemCount()))]
    return [int(i.data(0, Qt.ItemDataRole.UserRole)) for i in items if i is not None]


def main() -> int:
    negociacao = "--negociacao" in sys.argv
    args = [a for a in sys.argv if a != "--negociacao"]
    url, code, out = args[1], args[2], Path(args[3])
    as_of = date.fromisoformat(args[4]) if len(args) > 4 and args[4] != "-" else None
    lang = args[5] if len(args) > 5 else "pt"
    out.mkdir(parents=True, exist_ok=True)
    app = make_application(lang)
    ini = Path(tempfile.mkdtemp(prefix="shots-")) / "settings.ini"  # a fresh window state
    settings = Settings(QSettings(str(ini), QSettings.Format.IniFormat))
    window = MainWindow(settings=settings, start=StartView(customer=code, as_of=as_of))
    window.resize(1400, 880)
    window.show()
    database = open_database(url)
    window.set_database(database, describe(url))
    window.open_start_customer()
    wait(app, window)
    for key in SECTION_KEYS:
        window.show_section(key)
        wait(app, window, 2)
        window.grab().save(str(out / f"{key}.png"))
        print(out / f"{key}.png")
    if negociacao:
        negotiation_shots(app, window, out)
    server = ServerDialog("postgresql://cobranca@erp.empresa.local:5432/historico", window)
    server.password.setText("segredo")  # shown as dots
    server.show()
    settle(app)
    server.grab().save(str(out / "servidor.png"))
    print(out / "servidor.png")
    server.close()
    tasks.wait_for_idle()
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
