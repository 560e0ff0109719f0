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
from desktop.core.session import Session, open_session


def session_for(isolated_dirs: Path) -> Session:
    settings = Settings(embedding_backend="hashing", library_dir=str(isolated_dirs / "library"))
    return open_session(settings, writable=True, config_dir=isolated_dirs / "config", load_in_background=True)


def test_semantic_search_waits_for_the_vector_index(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = threading.Event()

    def slow_probe(index: VectorIndex) -> None:  # opening the index loads it (probe), as warming up does
        time.sleep(0.5)
        opened.set()

    monkeypatch.setattr(VectorIndex, "probe", slow_probe)
    session = session_for(isolated_dirs)
    try:
        job = session.load_embedder(threading.Event())
        messages = [next(job), next(job)]
        assert messages == ["Loading the embedding model…", "Opening the vector index…"]
        assert not session.embedder_ready and not opened.is_set()
        with pytest.raises(StopIteration) as finished:
            next(job)
        assert finished.value.value is True and opened.is_set() and session.embedder_ready
    finally:
        session.close()


def test_a_vector_index_that_cannot_open_is_reported(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_warm_up(index: VectorIndex) -> None:
        raise LibraryError("The vector index is damaged")

    monkeypatch.setattr(VectorIndex, "warm_up", broken_warm_up)
    session = session_for(isolated_dirs)
    try:
        with pytest.raises(LibraryError, match="damaged"):
            list(session.load_embedder(threading.Event()))
        assert not session.embedder_ready
    finally:
        session.close()
