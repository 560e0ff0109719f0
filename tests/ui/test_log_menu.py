"""Help → Open log folder shows the folder of the log file a bug report can carry."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from desktop.core.base.logs import log_file


def test_help_opens_the_log_folder(make_window, isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = make_window()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help")
    action = next(a for a in help_menu.actions() if a.text().replace("&", "") == "Open log folder")
    action.trigger()
    assert [Path(url.toLocalFile()) for url in opened] == [log_file().parent]
    assert log_file().parent.is_dir() and log_file().parent.is_relative_to(isolated_dirs)
