"""Reads never wait for a write: readers have connections of their own (WAL), the writer its own."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from desktop.core.base.filters import SearchFilters
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.library.store import PaperStore
from desktop.core.models.embedding import HashingEmbedder
from desktop.core.search.hybrid import Searcher
from tests.core.helpers import abstract


def papers(count: int, topic: str) -> list[Paper]:
    return [Paper(abstract(f"{topic} number {i}"), f"{topic} paper {i}", sources=["dump.txt"]) for i in range(count)]


def test_a_read_during_an_open_write_sees_the_last_commit(tmp_path: Path) -> None:
    store = PaperStore(tmp_path / "s.sqlite3")
    first = papers(3, "robot grasping")
    store.add_batch(first, HashingEmbedder().embed([p.abstract for p in first]), [])
    inside, release, done = threading.Event(), threading.Event(), threading.Event()

    def long_write() -> None:
        more = papers(2, "protein folding")
        with store._connections.write():
            store.add_batch(more, HashingEmbedder().embed([p.abstract for p in more]), [])
            inside.set()
            release.wait(30)
        done.set()

    writer = threading.Thread(target=long_write)
    writer.start()
    try:
        assert inside.wait(30)
        # the write transaction is open (and holds its lock) while these reads run and return
        assert store.count() == 3
        assert set(store.get_many([p.id for p in first])) == {p.id for p in first}
        assert [pid for pid, _ in store.keyword_search("grasping", 10)]
        assert store.keyword_search("folding", 10) == []  # not committed yet: not seen
        assert not done.is_set()
    finally:
        release.set()
        writer.join(30)
    assert store.count() == 5 and store.keyword_search("folding", 10)
    store.close()


def test_the_writer_reads_its_own_uncommitted_rows(tmp_path: Path) -> None:
    store = PaperStore(tmp_path / "s.sqlite3")
    batch = papers(2, "graph networks")
    with store._connections.write():
        store.add_batch(batch, HashingEmbedder().embed([p.abstract for p in batch]), [])
        assert store.count() == 2 and store.known_ids([p.id for p in batch]) == {p.id for p in batch}
    store.close()


def test_search_answers_while_the_library_writer_is_busy(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    library = Library(tmp_path / "lib")
    batch = papers(5, "reinforcement learning")
    library.add_batch(batch, dict(zip([p.id for p in batch], embedder.embed([p.abstract for p in batch]), strict=True)))
    searcher = Searcher(library, embedder)
    busy, release = threading.Event(), threading.Event()

    def hold_the_writer() -> None:
        with library._store._connections.write():
            busy.set()
            release.wait(30)

    pending = library._thread.submit(hold_the_writer)
    try:
        assert busy.wait(30)
        hits = searcher.search("reinforcement learning", 3)
        assert len(hits) == 3 and not pending.done()
        assert library.stats().papers == 5 and library.filtered_ids(SearchFilters(source="dump.txt"))
    finally:
        release.set()
        pending.result(30)
    library.close()


def test_vectors_come_back_as_stored(tmp_path: Path) -> None:
    store = PaperStore(tmp_path / "s.sqlite3")
    batch = papers(2, "speech")
    vectors = HashingEmbedder().embed([p.abstract for p in batch])
    store.add_batch(batch, vectors, [])
    stored = store.embeddings_for([p.id for p in batch])
    assert np.allclose(stored[batch[0].id], vectors[0])
    store.close()
