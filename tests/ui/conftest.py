"""GUI fixtures: offscreen, temp config and library, fake models, and no dialog left open."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.core.config import Settings
from desktop.ui.app import open_window
from desktop.ui.main_window import MainWindow
from tests.fakes import FakeChatModel

WindowFactory = Callable[..., MainWindow]


@pytest.fixture(autouse=True)
def no_dialog_left_open(qapp: QApplication) -> Iterator[None]:
    yield
    QApplication.processEvents()
    left = [w for w in QApplication.topLevelWidgets() if isinstance(w, (QDialog, QMessageBox)) and w.isVisible()]
    for widget in left:
        widget.close()
    assert not left, f"a test left dialogs open: {[w.windowTitle() for w in left]}"


@pytest.fixture
def make_window(qtbot, isolated_dirs: Path) -> Iterator[WindowFactory]:  # type: ignore[no-untyped-def]
    windows: list[MainWindow] = []

    def factory(
        reply: str = "Weak labels elicit strong models [1].", delay_s: float = 0.0, **overrides: object
    ) -> MainWindow:
        settings = Settings(embedding_backend="hashing", library_dir=str(isolated_dirs / "library"), **overrides)  # type: ignore[arg-type]
        window = open_window(
            settings, "light", isolated_dirs / "config", lambda s: FakeChatModel(reply, delay_s=delay_s)
        )
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        windows.append(window)
        qtbot.waitUntil(lambda: window.services.embedder_ready and window.chat.model_ready, timeout=20000)
        return window

    yield factory
    for window in windows:
        if window.isVisible():
            window.close()
