"""Small typed helpers for common Qt wiring."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QSizePolicy, QWidget


def shortcut(keys: str, parent: QWidget, slot: Callable[[], object]) -> QShortcut:
    made = QShortcut(QKeySequence(keys), parent)
    made.activated.connect(slot)
    return made


def single_shot_timer(parent: QObject, interval_ms: int, slot: Callable[[], object]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer


def menu_action(menu: QMenu, text: str, slot: Callable[[], object], keys: str = "") -> QAction:
    action = menu.addAction(text)
    if keys:
        action.setShortcut(QKeySequence(keys))
    action.triggered.connect(slot)
    return action


def fixed_width_for_texts(button: QAbstractButton, texts: Iterable[str]) -> None:
    """A button whose text changes (Star, Starred) at the width of its widest text."""
    button.ensurePolished()
    current = button.text()
    widths = []
    for text in texts:
        button.setText(text)
        widths.append(button.sizeHint().width())
    button.setText(current)
    button.setFixedWidth(max(widths))


class ElidedLabel(QLabel):
    """A one-line label that never widens its layout: a text too long ends in … (the whole of it
    in the tooltip)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.full_text = ""
        self.setText(text)

    def setText(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        return self.full_text

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(0, self.width()))
        super().setText(shown)
