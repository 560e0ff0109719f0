"""Small typed helpers for common Qt wiring."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QWidget


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
