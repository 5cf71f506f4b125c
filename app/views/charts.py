"""The small charts, drawn with QPainter: the ageing strip and purchases per month."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QToolTip, QWidget

from app.domain.formatting import format_money
from app.domain.titulos import Bucket

BUCKET_COLORS = {
    Bucket.A_VENCER: QColor("#1e88e5"),
    Bucket.D1_30: QColor("#fbc02d"),
    Bucket.D31_60: QColor("#fb8c00"),
    Bucket.D61_90: QColor("#f4511e"),
    Bucket.D90_MAIS: QColor("#c62828"),
}
MONTHS = ("jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez")


class BucketButton(QAbstractButton):
    """One ageing bucket: caption, amount and a bar relative to the largest bucket."""

    def __init__(self, bucket: Bucket, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bucket = bucket
        self.amount = Decimal("0.00")
        self.ratio = 0.0
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label = QCoreApplication.translate("status", bucket.label)
        self.setAccessibleName(self.label)
        self.setToolTip(self.tr("Clique para filtrar a grade por este prazo; de novo para limpar"))

    def set_amount(self, amount: Decimal, ratio: float) -> None:
        self.amount, self.ratio = amount, ratio
        self.setText(f"{self.label}: {format_money(amount)}")
        self.setAccessibleDescription(format_money(amount))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(150, 58)

    def minimumSizeHint(self) -> QSize:
        return QSize(110, 58)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = BUCKET_COLORS[self.bucket]
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        background = QColor(color)
        background.setAlpha(40 if self.isChecked() else 12)
        painter.setBrush(background)
        border = QPen(color if self.isChecked() or self.hasFocus() else QColor("#cfd8dc"))
        border.setWidthF(2.0 if self.isChecked() else 1.0)
        if self.hasFocus() and not self.isChecked():
            border.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(border)
        painter.drawRoundedRect(rect, 4, 4)
        text_rect = rect.adjusted(8, 4, -8, -4)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        font = painter.font()
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        painter.setFont(font)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.label
        )
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 1)
        painter.setFont(font)
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            format_money(self.amount),
        )
        bar = QRectF(text_rect.left(), text_rect.bottom() - 6, text_rect.width(), 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#eceff1"))
        painter.drawRoundedRect(bar, 3, 3)
        if self.ratio > 0:
            painter.setBrush(color)
            painter.drawRoundedRect(
                QRectF(bar.left(), bar.top(), max(bar.width() * self.ratio, 3.0), bar.height()),
                3,
                3,
            )
        painter.end()


class AgeingStrip(QWidget):
    """Open saldo by days overdue: a vencer, 1–30, 31–60, 61–90, over 90.

    Signals:
        bucket_changed(object): the Bucket chosen to filter the grid, or None when cleared.
    """

    bucket_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Saldo por prazo de atraso"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons = {b: BucketButton(b, self) for b in Bucket}
        for button in self.buttons.values():
            layout.addWidget(button)
            button.clicked.connect(lambda _=False, b=button: self._clicked(b))

    def set_amounts(self, amounts: dict[Bucket, Decimal]) -> None:
        largest = max((a for a in amounts.values()), default=Decimal(0))
        for bucket, button in self.buttons.items():
            amount = amounts.get(bucket, Decimal("0.00"))
            button.set_amount(amount, float(amount / largest) if largest > 0 else 0.0)

    def selected(self) -> Bucket | None:
        return next((b for b, button in self.buttons.items() if button.isChecked()), None)

    def clear_selection(self) -> None:
        for button in self.buttons.values():
            button.setChecked(False)

    def _clicked(self, button: BucketButton) -> None:
        if button.isChecked():
            for other in self.buttons.values():
                if other is not button:
                    other.setChecked(False)
        self.bucket_changed.emit(self.selected())


class MonthlyChart(QWidget):
    """Bars of the purchases per month (oldest left); hover shows the month's total."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Compras por mês, últimos 24 meses"))
        self._months: list[tuple[date, Decimal]] = []
        self.setMinimumSize(360, 110)

    def set_months(self, months: Sequence[tuple[date, Decimal]]) -> None:
        self._months = list(months)
        parts = [f"{MONTHS[m.month - 1]}/{m.year}: {format_money(v)}" for m, v in months if v]
        self.setAccessibleDescription("; ".join(parts) or self.tr("Nenhuma compra no período"))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 130)

    def _plot_area(self) -> QRectF:
        return QRectF(self.rect()).adjusted(6, 18, -6, -18)

    def _bar_rect(self, i: int, value: Decimal, largest: Decimal) -> QRectF:
        area = self._plot_area()
        slot = area.width() / max(len(self._months), 1)
        height = float(value / largest) * area.height() if largest > 0 else 0.0
        return QRectF(
            area.left() + i * slot + slot * 0.15, area.bottom() - height, slot * 0.7, height
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text_color)
        font = painter.font()
        font.setPointSizeF(max(font.pointSizeF() - 1.5, 6.5))
        painter.setFont(font)
        painter.drawText(
            QRect(6, 0, self.width() - 12, 16),
            Qt.AlignmentFlag.AlignLeft,
            self.tr("Compras por mês (últimos 24 meses)"),
        )
        area = self._plot_area()
        painter.setPen(QColor("#b0bec5"))
        painter.drawLine(QPointF(area.left(), area.bottom()), QPointF(area.right(), area.bottom()))
        largest = max((v for _, v in self._months), default=Decimal(0))
        slot = area.width() / max(len(self._months), 1)
        last = len(self._months) - 1
        for i, (month, value) in enumerate(self._months):
            if value > 0:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor("#43a047"))
                painter.drawRect(self._bar_rect(i, value, largest))
            quarter = month.month in (1, 4, 7, 10)
            if (quarter and i < last - 1) or i == last:
                painter.setPen(text_color)
                label = f"{MONTHS[month.month - 1]}/{month.year % 100:02d}"
                painter.drawText(
                    QRectF(area.left() + i * slot - 10, area.bottom() + 2, slot + 30, 16),
                    Qt.AlignmentFlag.AlignLeft,
                    label,
                )
        if largest > 0:
            painter.setPen(QColor("#78909c"))
            painter.drawText(
                QRect(6, 0, self.width() - 12, 16),
                Qt.AlignmentFlag.AlignRight,
                self.tr("maior mês: {v}").format(v=format_money(largest)),
            )
        painter.end()

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            area = self._plot_area()
            slot = area.width() / max(len(self._months), 1)
            i = int((event.pos().x() - area.left()) // slot) if slot else -1
            if 0 <= i < len(self._months):
                month, value = self._months[i]
                QToolTip.showText(
                    event.globalPos(),
                    f"{MONTHS[month.month - 1]}/{month.year}: {format_money(value)}",
                    self,
                )
            else:
                QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]
