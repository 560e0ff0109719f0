"""Settings: a versioned dataclass persisted as JSON in the config dir, overridable from the CLI.

The window's own state (geometry, splitters) is the UI's business and lives in its own file."""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop.core.base import paths
from desktop.core.base.choices import EmbeddingBackend, Theme
from desktop.core.base.jsonfile import read_object, write_atomically

SETTINGS_FILE = "settings.json"
SETTINGS_VERSION = 2
# Keys that version 1 kept here and the UI now keeps in its own state file.
UI_STATE_KEYS_V1 = ("window_geometry", "splitter_states")
log = logging.getLogger(__name__)


@dataclass
class Settings:
    """Everything a user can change. Empty strings mean 'the built-in default'."""

    llm_path: str = ""
    n_gpu_layers: int = 0
    n_ctx: int = 4096
    n_threads: int = 0
    max_tokens: int = 320
    temperature: float = 0.2
    top_k_sources: int = 5
    embedding_dir: str = ""
    embedding_backend: str = EmbeddingBackend.AUTO.value
    library_dir: str = ""
    chroma_url: str = ""
    theme: str = Theme.SYSTEM.value
    watched_folders: list[str] = field(default_factory=list)
    model_folders: list[str] = field(default_factory=list)  # more places to look for GGUF models
    model_profiles: dict[str, dict[str, Any]] = field(default_factory=dict)  # by model path: overrides

    @classmethod
    def load(cls, folder: Path | None = None) -> Settings:
        return cls.from_dict(read_settings_file(folder))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Known keys of the right type; unknown keys, wrong types and invalid choices are ignored."""
        defaults = cls()
        values: dict[str, Any] = {}
        for item in fields(cls):
            value = data.get(item.name)
            default = getattr(defaults, item.name)
            if isinstance(value, bool) != isinstance(default, bool):
                continue
            if isinstance(default, float) and isinstance(value, int):
                value = float(value)
            if isinstance(value, list):
                value = [entry for entry in value if isinstance(entry, str)]
            if isinstance(value, type(default)):
                values[item.name] = value
        settings = cls(**values)
        settings._drop_invalid_choices()
        return settings

    def _drop_invalid_choices(self) -> None:
        for name, kind in (("theme", Theme), ("embedding_backend", EmbeddingBackend)):
            if getattr(self, name) not in {member.value for member in kind}:
                log.warning("ignoring the setting %s=%r (not one of the choices)", name, getattr(self, name))
                setattr(self, name, getattr(Settings(), name))

    def save(self, folder: Path | None = None) -> None:
        write_atomically((folder or paths.config_dir()) / SETTINGS_FILE, {"version": SETTINGS_VERSION, **asdict(self)})

    def threads(self) -> int:
        """Threads for compute: the setting, else every core this process may use."""
        if self.n_threads > 0:
            return self.n_threads
        return available_cores()


def read_settings_file(folder: Path | None = None) -> dict[str, Any]:
    """The settings file as a dict, migrated to the current version ({} when missing or broken)."""
    data = read_object((folder or paths.config_dir()) / SETTINGS_FILE)
    return migrate_settings(data) if data else {}


def migrate_settings(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 (no version key) held the window state too; version 2 leaves it to the UI."""
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 2:
        data = {key: value for key, value in data.items() if key not in UI_STATE_KEYS_V1}
    data["version"] = SETTINGS_VERSION
    return data


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
