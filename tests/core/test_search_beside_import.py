"""A search typed during an import does not wait for it: imports run on a background thread below
the app's CPU priority, and a query finding the embedding model busy with a batch uses a second
copy of it."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from desktop.core.base.config import Settings
from desktop.core.base.jobs import drive
from desktop.core.models.embedding import HashingEmbedder, SentenceTransformerEmbedder
from desktop.core.session import BACKGROUND_NICE, open_session
from tests.core.helpers import abstract, write


class WhereEmbedded(HashingEmbedder):
    """Records the thread and its CPU priority for each batch it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, int]] = []

    def embed(self, texts: Sequence[str], max_tokens: int | None = None) -> np.ndarray:
        self.seen.append((threading.current_thread().name, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
        return super().embed(texts, max_tokens)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread priorities are Linux's")
def test_imports_run_on_the_background_thread_below_the_apps_priority(tmp_path: Path) -> None:
    session = open_session(Settings(embedding_backend="hashing", library_dir=str(tmp_path / "lib")), writable=True)
    recorder = WhereEmbedded()
    session.embedder = recorder
    dump = write(tmp_path / "d.txt", "\n".join(f"Paper {i}\n{abstract(f'topic {i}')}" for i in range(40)))
    try:
        report = drive(session.import_files([str(dump)]))
    finally:
        session.close()
    ours = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert report.new == 40 and recorder.seen
    assert all(name == "background-jobs" and nice == ours + BACKGROUND_NICE for name, nice in recorder.seen)


@pytest.mark.real_models
def test_a_query_does_not_wait_for_a_batch_being_embedded() -> None:
    embedder = SentenceTransformerEmbedder()
    embedder.warm_up()
    embedder.prepare_for_parallel_use()  # as the session does before an import
    started = time.perf_counter()
    embedder.embed([abstract(f"topic {i}") for i in range(8)])
    batch_s = time.perf_counter() - started
    batch = [abstract(f"topic {i}") for i in range(400)]
    done = threading.Event()
    worker = threading.Thread(target=lambda: (embedder.embed(batch), done.set()))
    worker.start()
    time.sleep(batch_s)  # the batch holds the main copy of the model now
    query = embedder.embed(["robot grasping with tactile sensors"])
    assert not done.is_set(), "the batch ended before the query: nothing was measured"
    worker.join(600)
    again = embedder.embed(["robot grasping with tactile sensors"])
    assert np.allclose(query, again, atol=1e-3)  # the second copy answers as the first does


class PreparingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.prepared = 0

    def prepare_for_parallel_use(self) -> None:
        self.prepared += 1


@pytest.mark.parametrize(("app", "prepared"), [(True, 1), (False, 0)])
def test_only_the_app_readies_a_second_copy_for_searches_beside_an_import(
    tmp_path: Path, app: bool, prepared: int
) -> None:
    settings = Settings(embedding_backend="hashing", library_dir=str(tmp_path / "lib"))
    session = open_session(settings, writable=True, load_in_background=app)
    recorder = PreparingEmbedder()
    session.embedder = recorder
    try:
        drive(session.import_files([str(write(tmp_path / "d.txt", f"A paper\n{abstract('graphs')}"))]))
    finally:
        session.close()
    assert recorder.prepared == prepared  # the CLI imports alone: no second copy in its memory


def test_a_caller_interrupted_during_a_background_step_closes_the_job_after_it(tmp_path: Path) -> None:
    """Ctrl+C reaching the waiting caller while a step runs on the background thread: the job is
    closed there once the step ends, not from the caller while it still executes."""
    session = open_session(Settings(embedding_backend="hashing", library_dir=str(tmp_path / "lib")), writable=True)
    step_started, release = threading.Event(), threading.Event()
    closed_on: list[str] = []

    def job():  # type: ignore[no-untyped-def]
        try:
            step_started.set()
            release.wait(10)
            yield "step"
        finally:
            closed_on.append(threading.current_thread().name)

    outcome: list[BaseException] = []

    def caller() -> None:
        try:
            next(session._in_background(job()))
        except BaseException as error:  # the injected interrupt, or what closing raised
            outcome.append(error)

    waiting = threading.Thread(target=caller)
    waiting.start()
    assert step_started.wait(10)
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(waiting.ident or 0), ctypes.py_object(KeyboardInterrupt))
    time.sleep(0.3)  # the interrupt lands in the caller's wait for the step
    release.set()
    waiting.join(10)
    session.close()
    assert [type(error) for error in outcome] == [KeyboardInterrupt]  # not "generator already executing"
    assert closed_on == ["background-jobs"]


class FlakyCollection:
    """Fails the first queries the way Chroma's local HNSW reader does while the first index is made."""

    def __init__(self, real: object, failures: int, message: str) -> None:
        self.real, self.failures, self.message, self.calls = real, failures, message, 0

    def query(self, **arguments: object) -> object:
        from chromadb.errors import InternalError

        self.calls += 1
        if self.calls <= self.failures:
            raise InternalError(self.message)
        return self.real.query(**arguments)  # type: ignore[attr-defined]


NOT_ON_DISK = "Error executing plan: Internal error: Error creating hnsw segment reader: Nothing found on disk"


def test_a_query_racing_the_first_index_write_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.core.library import vectors as vectors_module

    monkeypatch.setattr(vectors_module, "QUERY_RETRY_DELAYS", (0.0, 0.0, 0.0))
    index = vectors_module.VectorIndex(tmp_path / "chroma")
    rows = np.eye(3, 8, dtype=np.float32)
    index.upsert(["a", "b", "c"], rows, [vectors_module.paper_metadata("en", None)] * 3)
    flaky = FlakyCollection(index.collection, failures=2, message=NOT_ON_DISK)
    index.collection = flaky
    assert [pid for pid, _ in index.query(rows[1], 1)] == ["b"]
    assert flaky.calls == 3

    index.collection = FlakyCollection(flaky.real, failures=10, message=NOT_ON_DISK)
    with pytest.raises(Exception, match="Nothing found on disk"):
        index.query(rows[1], 1)
    assert index.collection.calls == 4  # three retries, then the error is the caller's

    other = FlakyCollection(flaky.real, failures=1, message="Error loading hnsw index")
    index.collection = other
    with pytest.raises(Exception, match="Error loading hnsw index"):
        index.query(rows[1], 1)
    assert other.calls == 1  # any other error reaches the caller at once
