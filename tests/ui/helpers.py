"""Shared by the GUI tests: a small dump, and a user's gestures (drop files, type a search, click a
button of the dialog that opens next)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QAbstractButton, QApplication

from tests.core.helpers import abstract

DUMP = "\n".join(
    [
        "Weak-to-Strong Generalization",
        abstract("weak supervisors training strong models"),
        "Robot Grasping with Tactile Sensing",
        abstract("robot grasping"),
    ]
)


def drop(window, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = window.centralWidget()
    position = QPoint(300, 300)
    enter = QDragEnterEvent(
        position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted() and window.overlay.isVisible()
    event = QDropEvent(
        QPointF(position), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, event)
    assert target is not None and not window.overlay.isVisible()


def import_by_drop(qtbot, window, paths: list[Path]):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.import_done, timeout=30000) as blocker:
        drop(window, paths)
    window.importer.report_dialog.accept()
    return blocker.args[0]


def search(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.search_done, timeout=10000):
        window.search_bar.query.clear()
        qtbot.keyClicks(window.search_bar.query, text)


def click_in_modal_dialog(qtbot, button_text: str) -> None:  # type: ignore[no-untyped-def]
    """Clicks a button of the modal dialog that opens next (QMessageBox.exec blocks the caller)."""

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None, "no modal dialog opened"
        buttons = [b for b in dialog.findChildren(QAbstractButton) if b.text().replace("&", "") == button_text]
        assert buttons, f"no {button_text!r} button in {dialog.windowTitle()!r}"
        qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, click)
