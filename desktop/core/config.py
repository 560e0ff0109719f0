"""Settings: a dataclass persisted as JSON in the config dir, overridable from the CLI."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from desktop.core import paths

SETTINGS_FILE = "settings.json"


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
    embedding_backend: str = "auto"
    library_dir: str = ""
    chroma_url: str = ""
    theme: str = "system"
    window_geometry: str = ""
    splitter_states: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path | None = None) -> Settings:
        path = (folder or paths.config_dir()) / SETTINGS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        values = {}
        defaults = cls()
        for key, value in data.items() if isinstance(data, dict) else []:
            if key in known and isinstance(value, type(getattr(defaults, key))):
                values[key] = value
        return cls(**values)

    def save(self, folder: Path | None = None) -> None:
        target = folder or paths.config_dir()
        target.mkdir(parents=True, exist_ok=True)
        temporary = target / (SETTINGS_FILE + ".tmp")
        temporary.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        os.replace(temporary, target / SETTINGS_FILE)

    def threads(self) -> int:
        """Threads for compute: the setting, else every core this process may use."""
        if self.n_threads > 0:
            return self.n_threads
        return available_cores()


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
