"""Small widgets the pages share: empty state, error banner, busy indicator (and the
delay before one shows), period filter and the key-figure tile."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.domain.formatting import format_decimal

DATE_FORMAT = "dd/MM/yyyy"
# a load shorter than this shows no busy indicator: most answer in tens of
# milliseconds, and an indicator flashing on and off at each was a flicker and two
# paints (its animation a paint every few milliseconds) on the GUI thread meanwhile
BUSY_AFTER_MS = 200


def count_text(n: int) -> str:
    """A count as pt-BR writes it: 65.309."""
    return format_decimal(Decimal(n), 0)


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


def date_edit(*, accessible_name: str, parent: QWidget | None = None) -> QDateEdit:
    """A dd/MM/yyyy date field with a calendar popup."""
    edit = QDateEdit(parent)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setAccessibleName(accessible_name)
    edit.setDate(to_qdate(date.today()))
    return edit


class EmptyState(QWidget):
    """A centred hint where there is nothing to show yet."""

    def __init__(self, *, text: str, detail: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(text)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(text)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setObjectName("emptyStateTitle")
        self.title.setStyleSheet("font-size: 16pt; color: #546e7a;")
        layout.addWidget(self.title)
        self.detail = QLabel(detail)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setStyleSheet("color: #78909c;")
        self.detail.setWordWrap(True)
        layout.addWidget(self.detail)
        layout.addStretch(2)


class ErrorBanner(QFrame):
    """A red banner with a message and "Tentar novamente".

    Signals:
        retry(): the user asked to try again.
    """

    retry = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setAccessibleName(self.tr("Erro de banco de dados"))
        self.setStyleSheet(
            "#errorBanner { background: #fdecea; border: 1px solid #e57373; border-radius: 4px; }"
            "#errorBanner QLabel { color: #b71c1c; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size)
        )
        layout.addWidget(icon)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message, 1)
        self.retry_button = QPushButton(self.tr("Tentar novamente"))
        self.retry_button.setAccessibleName(self.tr("Tentar novamente"))
        self.retry_button.clicked.connect(self.retry)
        layout.addWidget(self.retry_button)
        self.hide()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.setAccessibleDescription(text)
        self.show()


class ShowLater(QObject):
    """Shows a widget once it has been wanted for ``delay_ms`` without a break; hides
    it at once when it is no longer wanted."""

    def __init__(self, widget: QWidget, delay_ms: int = BUSY_AFTER_MS) -> None:
        super().__init__(widget)
        self._widget = widget
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(widget.show)

    def set_wanted(self, wanted: bool) -> None:
        if not wanted:
            self._timer.stop()
            self._widget.hide()
        elif self._widget.isHidden() and not self._timer.isActive():
            self._timer.start()


class BusyIndicator(QWidget):
    """An indeterminate bar with "Carregando…", shown while a page loads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Carregando"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setFixedWidth(90)
        self.bar.setFixedHeight(12)
        self.bar.setTextVisible(False)
        layout.addWidget(self.bar)
        label = QLabel(self.tr("Carregando…"))
        label.setStyleSheet("color: #546e7a;")
        layout.addWidget(label)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setVisible(False)
        self._later = ShowLater(self)

    def set_busy(self, busy: bool) -> None:
        """Shown once a load has run for BUSY_AFTER_MS; hidden when it ends."""
        self._later.set_wanted(busy)


class PeriodFilter(QWidget):
    """ "<label> de [data] até [data]", enabled by its check box.

    Signals:
        changed(): the period or its check box changed.
    """

    changed = Signal()

    def __init__(self, *, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.check = QCheckBox(label)
        self.check.setAccessibleName(self.tr("Filtrar por {label}").format(label=label.lower()))
        layout.addWidget(self.check)
        self.start = date_edit(accessible_name=self.tr("{label}: de").format(label=label))
        self.end = date_edit(accessible_name=self.tr("{label}: até").format(label=label))
        today = date.today()
        self.start.setDate(to_qdate(date(today.year, 1, 1)))
        layout.addWidget(self.start)
        layout.addWidget(QLabel(self.tr("até")))
        layout.addWidget(self.end)
        for edit in (self.start, self.end):
            edit.setEnabled(False)
            edit.dateChanged.connect(self._date_changed)
        self.check.toggled.connect(self._toggled)

    def _toggled(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        self.changed.emit()

    def _date_changed(self) -> None:
        if self.check.isChecked():
            self.changed.emit()

    def reset(self) -> None:
        """Off (no period), without emitting ``changed``."""
        self.check.blockSignals(True)
        try:
            self.check.setChecked(False)
        finally:
            self.check.blockSignals(False)
        self.start.setEnabled(False)
        self.end.setEnabled(False)

    def period(self) -> tuple[date | None, date | None]:
        if not self.check.isChecked():
            return (None, None)
        return (from_qdate(self.start.date()), from_qdate(self.end.date()))


class FigureTile(QFrame):
    """A key figure: a small caption over a value."""

    def __init__(self, *, caption: str, big: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureTile")
        self.setAccessibleName(caption)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(0)
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("color: #607d8b; font-size: 8pt; font-weight: bold;")
        layout.addWidget(self.caption)
        self.value = QLabel("—")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value.setStyleSheet(f"font-size: {'16pt' if big else '11pt'}; font-weight: bold;")
        self.value.ensurePolished()
        self._plain = self.value.palette().color(QPalette.ColorRole.WindowText)
        layout.addWidget(self.value)
        layout.addStretch(1)

    def set_value(self, text: str, color: str | None = None) -> None:
        self.value.setText(text or "—")
        # the colour in the palette: a new style sheet re-polished the label, and the
        # tiles' colour changed at every customer opened (red, then "…" plain, then red)
        wanted = QColor(color) if color else self._plain
        palette = self.value.palette()
        if palette.color(QPalette.ColorRole.WindowText) != wanted:
            palette.setColor(QPalette.ColorRole.WindowText, wanted)
            self.value.setPalette(palette)
        self.setAccessibleDescription(text)
