"""FigureTile (app.views.widgets): a key figure painted in the colour asked for, and
back in the plain one, without a new style sheet each time."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QFrame, QVBoxLayout
from pytestqt.qtbot import QtBot

from app.views.widgets import FigureTile


def ink(tile: FigureTile) -> Counter[str]:
    """The colours of the value's pixels, its background left out."""
    image = tile.value.grab().toImage()
    background = image.pixelColor(0, 0).name()
    return Counter(
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).name() != background
    )


def test_the_value_is_painted_in_its_colour_and_then_plain_again(qtbot: QtBot) -> None:
    card = QFrame()  # under a style sheet of its parent, as on the customer card
    card.setObjectName("customerCard")
    card.setStyleSheet("#customerCard { background: #f5f8fa; border: 1px solid #d5dde3; }")
    tile = FigureTile(caption="TOTAL A RECEBER", big=True)
    QVBoxLayout(card).addWidget(tile)
    qtbot.addWidget(card)
    card.resize(320, 120)
    card.show()
    qtbot.waitExposed(card)
    style = tile.value.styleSheet()

    tile.set_value("R$ 1.234,56", "#b71c1c")
    assert tile.value.text() == "R$ 1.234,56"
    assert ink(tile).most_common(1)[0][0] == "#b71c1c"
    tile.set_value("…")  # the figures on their way: no colour
    plain = ink(tile).most_common(1)[0][0]
    assert plain != "#b71c1c"
    assert "#b71c1c" not in ink(tile)
    tile.set_value("R$ 9,00", "#2e7d32")
    assert ink(tile).most_common(1)[0][0] == "#2e7d32"
    tile.set_value("R$ 9,00")
    assert ink(tile).most_common(1)[0][0] == plain
    assert tile.value.styleSheet() == style  # the colour never re-styled the label
