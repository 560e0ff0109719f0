"""The window's persisted state (geometry, splitters) and the settings dialog's effects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QApplication

from desktop.ui import theme

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

MODEL_KEYS = ("llm_path", "n_gpu_layers", "n_ctx", "n_threads")


def restore(window: MainWindow) -> None:
    settings = window.services.settings
    window.resize(1280, 800)
    if settings.window_geometry:
        window.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode()))
    for name, splitter in (("body", window.body), ("right", window.right)):
        state = settings.splitter_states.get(name)
        if state:
            splitter.restoreState(QByteArray.fromBase64(state.encode()))


def save(window: MainWindow) -> None:
    settings = window.services.settings
    settings.window_geometry = bytes(window.saveGeometry().toBase64().data()).decode()
    settings.splitter_states = {
        "body": bytes(window.body.saveState().toBase64().data()).decode(),
        "right": bytes(window.right.saveState().toBase64().data()).decode(),
    }
    settings.save(window.services.config_dir)


def open_settings(window: MainWindow) -> None:
    """Shows the dialog; saves, re-themes and reloads the chat model as the edits require."""
    from desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.services.settings, window)
    if not dialog.exec():
        return
    old, new = window.services.settings, dialog.edited()
    window.services.settings = new
    new.save(window.services.config_dir)
    app = QApplication.instance()
    if new.theme != old.theme and isinstance(app, QApplication):
        window.colors.update(theme.apply(app, new.theme))
    if any(getattr(old, key) != getattr(new, key) for key in MODEL_KEYS) and not window.chat.busy:
        if window.services.model is not None:
            window.services.model.close()
            window.services.model = None
        window.chat.set_model_ready(False, "Loading the chat model…")
        window.pool.start(
            window.services.load_model, "load-model", window._loading, window._model_loaded, window._model_failed
        )
