"""Loading at start: the embedding model and the vector index side by side; semantic search is on
only when both are ready, and a vector index that cannot open is reported, not hidden."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from desktop.core.base.config import Settings
from desktop.core.base.errors import LibraryError
from desktop.core.library.vectors import VectorIndex
from desktop.ui.services import AppServices


def services_for(isolated_dirs: Path) -> AppServices:
    settings = Settings(embedding_backend="hashing", library_dir=str(isolated_dirs / "library"))
    return AppServices(settings, isolated_dirs / "config")


def test_semantic_search_waits_for_the_vector_index(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = threading.Event()

    def slow_probe(index: VectorIndex) -> None:  # opening the index loads it (probe), as warming up does
        time.sleep(0.5)
        opened.set()

    monkeypatch.setattr(VectorIndex, "probe", slow_probe)
    services = services_for(isolated_dirs)
    try:
        job = services.load_embedder(threading.Event())
        messages = [next(job), next(job)]
        assert messages == ["Loading the embedding model…", "Opening the vector index…"]
        assert not services.embedder_ready and not opened.is_set()
        with pytest.raises(StopIteration) as finished:
            next(job)
        assert finished.value.value is True and opened.is_set() and services.embedder_ready
    finally:
        services.close()


def test_a_vector_index_that_cannot_open_is_reported(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_warm_up(index: VectorIndex) -> None:
        raise LibraryError("The vector index is damaged")

    monkeypatch.setattr(VectorIndex, "warm_up", broken_warm_up)
    services = services_for(isolated_dirs)
    try:
        with pytest.raises(LibraryError, match="damaged"):
            list(services.load_embedder(threading.Event()))
        assert not services.embedder_ready
    finally:
        services.close()
