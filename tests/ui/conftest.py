"""GUI fixtures: offscreen, temp config and library, fake models, and no dialog left open."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop.core.base.config import Settings
from desktop.ui.app import open_window
from desktop.ui.main_window import MainWindow
from desktop.ui.workers import running_workers
from tests.fakes import FakeChatModel

WindowFactory = Callable[..., MainWindow]


@pytest.fixture(autouse=True)
def no_worker_left_running(qapp: QApplication) -> Iterator[None]:
    """Set up before (so torn down after) the windows: a test must not leave a job running."""
    yield
    left = running_workers()
    assert not left, f"a test left workers running: {left}"


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
        reply: str = "Weak labels elicit strong models [1].",
        delay_s: float = 0.0,
        model: FakeChatModel | None = None,
        **overrides: object,
    ) -> MainWindow:
        settings = Settings(embedding_backend="hashing", library_dir=str(isolated_dirs / "library"), **overrides)  # type: ignore[arg-type]
        chosen = model or FakeChatModel(reply, delay_s=delay_s)
        window = open_window(settings, "light", isolated_dirs / "config", lambda s: chosen)
        window.resize(1280, 800)
        window.show()
        windows.append(window)
        qtbot.waitUntil(lambda: window.session.embedder_ready and window.chat.model_ready, timeout=20000)
        return window

    yield factory
    for window in windows:  # closing waits for the window's jobs, then closes its library
        window.close()
        qtbot.waitUntil(lambda window=window: window.is_closed, timeout=30000)
        window.deleteLater()
