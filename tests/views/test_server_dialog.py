""" "Servidor PostgreSQL": the password is never shown nor part of the URL given back;
kept for this run, or in a secure system keyring when the clerk asks."""

from __future__ import annotations

import keyring
from keyring.backends import fail
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from app import passwords
from app.views.server_dialog import ServerDialog
from tests.keyring_support import MemoryKeyring


def fill(qtbot: QtBot, dialog: ServerDialog, password: str) -> None:
    for field, text in (
        (dialog.host, "db.example"),
        (dialog.database, "erp"),
        (dialog.user, "clerk"),
        (dialog.password, password),
    ):
        field.clear()
        qtbot.keyClicks(field, text)


def ok_button(dialog: ServerDialog):  # type: ignore[no-untyped-def]
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_password_is_never_shown_nor_in_the_url(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    assert dialog.password.echoMode() is QLineEdit.EchoMode.Password
    assert not ok_button(dialog).isEnabled()  # server, database and user needed
    fill(qtbot, dialog, "hunter2")
    dialog.port.setValue(5433)
    assert ok_button(dialog).isEnabled()
    assert dialog.password.displayText() != "hunter2"
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    url = dialog.url()
    assert url.render_as_string(hide_password=False) == (
        "postgresql+psycopg://clerk@db.example:5433/erp"
    )
    assert dialog.password.text() == ""  # not kept in the widget either
    assert passwords.password_for(url) == "hunter2"  # for this run
    assert memory_keyring.entries == {}  # the clerk did not ask to keep it


def test_kept_in_the_keyring_when_asked(qtbot: QtBot, memory_keyring: MemoryKeyring) -> None:
    dialog = ServerDialog("postgresql://clerk@db.example:5433/erp")
    qtbot.addWidget(dialog)
    assert (dialog.host.text(), dialog.port.value(), dialog.user.text()) == (
        "db.example",
        5433,
        "clerk",
    )
    fill(qtbot, dialog, "hunter2")
    assert dialog.keep.isEnabled()
    dialog.keep.setChecked(True)
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    account = passwords.account(make_url("postgresql://clerk@db.example:5433/erp"))
    assert memory_keyring.entries == {("historico-cliente", account): "hunter2"}
    passwords._typed.clear()  # the next run: from the keyring
    assert passwords.password_for(dialog.url()) == "hunter2"


def test_without_a_secure_keyring_the_option_is_off(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    keyring.set_keyring(fail.Keyring())
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    assert not dialog.keep.isEnabled()
    assert "PGPASSWORD" in dialog.keep.toolTip()
    fill(qtbot, dialog, "hunter2")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert passwords.password_for(dialog.url()) == "hunter2"  # this run only


def test_ask_gives_the_url_or_none(qtbot: QtBot, memory_keyring: MemoryKeyring) -> None:
    def answer(accept: bool) -> None:
        dialog = next(w for w in _top_level() if isinstance(w, ServerDialog))
        if accept:
            fill(qtbot, dialog, "")
            dialog.buttons.accepted.emit()
        else:
            dialog.reject()

    QTimer.singleShot(0, lambda: answer(False))
    assert ServerDialog.ask(None) is None
    QTimer.singleShot(0, lambda: answer(True))
    assert ServerDialog.ask(None) == "postgresql+psycopg://clerk@db.example:5432/erp"
    assert passwords.password_for(make_url("postgresql://clerk@db.example/erp")) is None


def _top_level() -> list[object]:
    from PySide6.QtWidgets import QApplication

    return list(QApplication.topLevelWidgets())
