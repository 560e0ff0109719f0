"""Start the desktop app: theme, window, background loading, and the screenshot contract."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.base import paths
from desktop.core.base.config import Settings
from desktop.core.base.errors import AbstractaError
from desktop.core.session import ModelFactory, open_session
from desktop.ui import theme
from desktop.ui.main_window import MainWindow

SCREENSHOT_TIMEOUT_MS = 600_000
log = logging.getLogger(__name__)


def make_application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Abstracta")
    app.setOrganizationName("Abstracta")
    icon = paths.resources_dir() / "abstracta.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def install_excepthook(window: MainWindow) -> None:
    """An unexpected error is shown in the status bar and logged; the app keeps running."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, error, trace))
        window.statusBar().showMessage(f"Unexpected error: {error}", 15000)

    sys.excepthook = hook


def open_window(
    settings: Settings,
    theme_name: str = "",
    config_dir: Path | None = None,
    model_factory: ModelFactory | None = None,
) -> MainWindow:
    app = make_application()
    colors = theme.apply(app, theme_name or settings.theme)
    session = open_session(settings, True, True, config_dir, model_factory, load_in_background=True)
    window = MainWindow(session, colors)
    return window


def has_display() -> bool:
    """Qt aborts the process when it finds no display; tell the user instead."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(args: argparse.Namespace, settings: Settings) -> int:
    if not has_display():
        print(
            "abstracta: no display found (DISPLAY and WAYLAND_DISPLAY are unset). Run it in a desktop session, "
            "or set QT_QPA_PLATFORM=offscreen with --screenshot. The command line works without one: abstracta --help",
            file=sys.stderr,
        )
        return 1
    app = make_application()
    try:
        window = open_window(settings, getattr(args, "theme", None) or "")
    except AbstractaError as error:
        QMessageBox.critical(None, "Abstracta", str(error))
        return 1
    install_excepthook(window)
    size = window_size(getattr(args, "size", None))
    if size is not None:
        window.resize(*size)
    elif getattr(args, "screenshot", None):
        window.resize(1280, 800)
    window.show()
    if getattr(args, "screenshot", None):
        code = ScreenshotRun(app, window, args.query or "", args.ask or "", Path(args.screenshot)).run()
    else:
        if getattr(args, "query", None):
            window.search_bar.query.setText(args.query)
        if getattr(args, "ask", None):
            window.chat.input.setPlainText(args.ask)
        code = app.exec()
    window.shutdown_now()
    return code


def window_size(text: str | None) -> tuple[int, int] | None:
    """--size WxH (1366x768, say) as (width, height); None when not given."""
    if not text:
        return None
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()):
        raise SystemExit(f"abstracta gui: --size takes WIDTHxHEIGHT, such as 1366x768 (got {text!r})")
    return int(width), int(height)


class ScreenshotRun:
    """Loads, searches, asks, waits for what is asked, saves a PNG of the window, then quits."""

    def __init__(self, app: QApplication, window: MainWindow, query: str, question: str, target: Path) -> None:
        self.app, self.window, self.query, self.question, self.target = app, window, query, question, target
        self.exit_code = 0
        self.steps_left = {"search": bool(query), "answer": bool(question)}
        self.asked = False

    def run(self) -> int:
        window = self.window
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, self._timeout)
        window.search_done.connect(self._searched)
        window.answer_done.connect(self._answered)
        if self.query:
            if window.session.embedder_ready:
                self._search()
            else:
                window.embedder_ready.connect(self._search)
                window.embedder_failed.connect(lambda _: self._search())
        if self.question:  # asked once both models are loaded, as a user would
            window.model_ready.connect(self._ready_to_ask)
            window.embedder_ready.connect(self._ready_to_ask)
            window.embedder_failed.connect(lambda _: self._ready_to_ask())
            window.model_failed.connect(lambda error: self._give_up(f"chat model failed: {error}"))
            self._ready_to_ask()
        if not any(self.steps_left.values()):
            QTimer.singleShot(500, self._save)
        self.app.exec()
        return self.exit_code

    def _search(self) -> None:
        self.window.search_bar.query.setText(self.query)
        self.window.run_search()

    def _ready_to_ask(self) -> None:
        window = self.window
        if self.question and not self.asked and window.session.model is not None and window.session.embedder_ready:
            self.asked = True
            QTimer.singleShot(0, self._ask)

    def _ask(self) -> None:
        self.window.chat.input.setPlainText(self.question)
        self.window.chat.send()  # as a user would: the box is cleared, the question kept in its history

    def _searched(self) -> None:
        self.steps_left["search"] = False
        self._maybe_save()

    def _answered(self) -> None:
        entries = self.window.chat.entries
        if entries and entries[-1].evidence:  # as a user clicking the first evidence sentence
            first = entries[-1].evidence[0]
            self.window.open_paper(first.paper, first.sentence)
        self.steps_left["answer"] = False
        self._maybe_save()

    def _maybe_save(self) -> None:
        if not any(self.steps_left.values()):
            QTimer.singleShot(300, self._save)

    def _give_up(self, reason: str) -> None:
        log.error("screenshot: %s", reason)
        self.exit_code = 1
        self._save()

    def _timeout(self) -> None:
        self._give_up("timed out waiting for " + ", ".join(k for k, v in self.steps_left.items() if v))

    def _save(self) -> None:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        if not self.window.grab().save(str(self.target), "PNG"):
            log.error("could not write %s", self.target)
            self.exit_code = 1
        self.window.closed.connect(self.app.quit)
        self.window.close()
