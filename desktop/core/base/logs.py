"""The log a user can send with a bug report: a rotating file in the user's log folder (errors
with their tracebacks, and what the app did around them), and, for the command line, the
warnings on stderr (everything with --verbose).

Thread rules: configure once, at start, on the main thread; logging itself is thread-safe."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from desktop.core.base import paths

LOG_FILE = "abstracta.log"
MAX_BYTES = 1_000_000  # then the file rotates; BACKUPS older ones are kept
BACKUPS = 3
FILE_FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"
CONSOLE_FORMAT = "abstracta: %(levelname)s: %(message)s"
_installed: list[logging.Handler] = []  # by configure_logging: a second call replaces them


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a record comes (tests and bundles replace it)."""

    @property  # type: ignore[override]
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE


def configure_logging(verbose: bool = False, console: bool = True) -> Path | None:
    """Logs INFO and up (DEBUG with verbose) to the rotating file, and WARNING and up (or the
    ABSTRACTA_LOG level; DEBUG with verbose) to stderr. Returns the file, or None when its folder
    cannot be written (then stderr only, and a warning says why)."""
    root = logging.getLogger()
    while _installed:
        old = _installed.pop()
        root.removeHandler(old)
        old.close()
    console_level = logging.DEBUG if verbose else _level(os.environ.get("ABSTRACTA_LOG", "WARNING"))
    file_level = logging.DEBUG if verbose else logging.INFO
    if console:
        stream = _Stderr()
        stream.setLevel(console_level)
        stream.setFormatter(logging.Formatter(CONSOLE_FORMAT))
        _install(root, stream)
    root.setLevel(min(file_level, console_level))
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError as error:
        logging.getLogger(__name__).warning("the log file cannot be written (%s); logging to stderr only", error)
        return None
    handler.setLevel(file_level)
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    _install(root, handler)
    return path


def _install(root: logging.Logger, handler: logging.Handler) -> None:
    root.addHandler(handler)
    _installed.append(handler)


def _level(name: str) -> int:
    level = logging.getLevelName(name.upper())
    return level if isinstance(level, int) else logging.WARNING
