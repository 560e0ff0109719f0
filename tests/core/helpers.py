"""Builders for small libraries in tests."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.ingest.import_report import ImportReport
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.library import Library
from desktop.core.models.embedding import HashingEmbedder
from desktop.core.search.hybrid import Searcher

if TYPE_CHECKING:
    import pytest


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def abstract(topic: str, extra: str = "") -> str:
    """A long-enough abstract about a topic (over 200 characters, so it reads as an abstract)."""
    return (
        f"We study {topic} in depth. Our method for {topic} improves on prior work across many "
        f"benchmarks and settings, and we analyse why {topic} matters for practitioners. {extra} "
        "Experiments show consistent gains and the code is released for others to reuse. We also "
        "discuss limitations, open questions and directions for future research in this area."
    )


def small_library(folder: Path, files: dict[str, str]) -> tuple[Library, Searcher, ImportReport]:
    embedder = HashingEmbedder()
    library = Library(folder / "lib")
    paths = [write(folder / "dumps" / name, text) for name, text in files.items()]
    report = run_import(library, embedder, paths)
    return library, Searcher(library, embedder), report


def hashing_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Settings for in-process CLI calls (the fast hashing embedder) and the --library arguments."""
    import json

    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.json").write_text(json.dumps({"embedding_backend": "hashing"}))
    monkeypatch.setenv("ABSTRACTA_CONFIG_DIR", str(config))
    return ["--library", str(tmp_path / "lib")]
