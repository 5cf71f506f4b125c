""" "Servidor PostgreSQL": where the shared database is, and the user's password.

The dialog gives back a URL without a password (the one the program may save). The
password is never shown (a password field) nor written by the program: it is used
for this run only, or kept in the system keyring when the user asks and the system
has one (app.passwords); without a password libpq looks in ~/.pgpass or PGPASSWORD.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import URL, make_url

from app import passwords

DEFAULT_PORT = 5432


class ServerDialog(QDialog):
    """Host, port, database, user and password of a PostgreSQL server."""

    def __init__(self, current: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Servidor PostgreSQL"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.host = QLineEdit()
        self.host.setPlaceholderText("servidor.empresa.local")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("em branco: PGPASSWORD, ~/.pgpass ou o chaveiro"))
        for widget, name in (
            (self.host, self.tr("Servidor")),
            (self.port, self.tr("Porta")),
            (self.database, self.tr("Banco")),
            (self.user, self.tr("Usuário")),
            (self.password, self.tr("Senha")),
        ):
            widget.setAccessibleName(name)
            form.addRow(name + ":", widget)
        layout.addLayout(form)
        self.keep = QCheckBox(self.tr("Guardar a senha no chaveiro do sistema"))
        if not passwords.keyring_available():
            self.keep.setEnabled(False)
            self.keep.setToolTip(
                self.tr(
                    "Nenhum chaveiro seguro disponível: a senha vale só até fechar o programa "
                    "(ou use PGPASSWORD ou ~/.pgpass)"
                )
            )
        layout.addWidget(self.keep)
        note = QLabel(
            self.tr("A senha nunca é gravada em arquivo pelo programa nem mostrada na tela.")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #607d8b;")
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Conectar"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for field in (self.host, self.database, self.user):
            field.textChanged.connect(self._update)
        self._fill(current)
        self._update()

    def _fill(self, current: str | None) -> None:
        if not current:
            return
        try:
            url = make_url(current)
        except Exception:  # noqa: BLE001 - not a URL: start empty
            return
        if url.get_backend_name() != "postgresql":
            return
        self.host.setText(url.host or "")
        self.port.setValue(url.port or DEFAULT_PORT)
        self.database.setText(url.database or "")
        self.user.setText(url.username or "")

    def _update(self) -> None:
        complete = all(f.text().strip() for f in (self.host, self.database, self.user))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(complete)

    def url(self) -> URL:
        """The server's URL, without the password."""
        return URL.create(
            "postgresql+psycopg",
            username=self.user.text().strip(),
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
        )

    def _accept(self) -> None:
        url, password = self.url(), self.password.text()
        if password:
            passwords.remember_for_this_run(url, password)
            if self.keep.isChecked():
                try:
                    passwords.store_password(url, password)
                except passwords.PasswordError as exc:
                    QMessageBox.warning(self, self.tr("Chaveiro do sistema"), str(exc))
        self.password.clear()
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, current: str | None = None) -> str | None:
        """Ask for a server; its URL (no password) or None when cancelled."""
        dialog = cls(current, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.url().render_as_string(hide_password=False)
