"""The window's own state (geometry, splitter positions), in the UI's session file.

Settings version 1 kept these in settings.json; the first start after the upgrade takes them from
there once."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter

from desktop.core.base import paths
from desktop.core.base.config import SETTINGS_FILE
from desktop.core.base.jsonfile import read_object, write_atomically

STATE_FILE = "window-state.json"
DEFAULT_SIZE = (1280, 800)


@dataclass
class WindowState:
    geometry: str = ""
    splitters: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path | None = None) -> WindowState:
        folder = folder or paths.config_dir()
        data = read_object(folder / STATE_FILE)
        if not data:  # the first start after settings version 1, which kept the state in settings.json
            legacy = read_object(folder / SETTINGS_FILE)
            data = {"geometry": legacy.get("window_geometry", ""), "splitters": legacy.get("splitter_states", {})}
        geometry = data.get("geometry", "")
        splitters = data.get("splitters", {})
        return cls(
            geometry if isinstance(geometry, str) else "",
            {k: v for k, v in splitters.items() if isinstance(v, str)} if isinstance(splitters, dict) else {},
        )

    def save(self, folder: Path | None = None) -> None:
        write_atomically((folder or paths.config_dir()) / STATE_FILE, asdict(self))

    def apply(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        window.resize(*DEFAULT_SIZE)
        if self.geometry:
            window.restoreGeometry(QByteArray.fromBase64(self.geometry.encode()))
        for name, splitter in splitters.items():
            state = self.splitters.get(name)
            if state:
                splitter.restoreState(QByteArray.fromBase64(state.encode()))

    @classmethod
    def capture(cls, window: QMainWindow, splitters: dict[str, QSplitter]) -> WindowState:
        return cls(
            _base64(window.saveGeometry()),
            {name: _base64(splitter.saveState()) for name, splitter in splitters.items()},
        )


def _base64(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode()
