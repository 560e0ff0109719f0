"""Everything at once on one session, as in the app (shared by the reliability test and the bench):
an import of dump after dump, a watched folder receiving files, removals of dumps and papers,
searches, questions (a fake chat model) and note and tag edits. No job may fail, and at the end
the library holds exactly what was imported and not removed, its store, keyword index and vector
index agree, and every note and tag is the last one written."""

from __future__ import annotations

import itertools
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.base.config import Settings
from desktop.core.base.filters import SearchFilters
from desktop.core.base.jobs import drive
from desktop.core.session import Session, open_session
from tests.core.helpers import abstract, write
from tests.fakes import FakeChatModel
from tests.reliability.helpers import assert_consistent

REMOVED_PAPERS = 10  # single papers removed from the first dump
NOTED_DUMP = "import-001.txt"  # the dump whose papers get notes and tags (never removed)


@dataclass
class ConcurrentResult:
    seconds: float = 0.0
    imported_dumps: int = 0
    watched_files: int = 0
    removed_dumps: int = 0
    searches: int = 0
    answers: int = 0
    note_edits: int = 0
    papers: int = 0
    errors: list[str] = field(default_factory=list)


class _Papers:
    """Dumps of papers no other dump holds (numbered across the run)."""

    def __init__(self) -> None:
        self._numbers = itertools.count()
        self._lock = threading.Lock()

    def dump(self, path: Path, size: int) -> Path:
        with self._lock:
            numbers = [next(self._numbers) for _ in range(size)]
        lines = []
        for n in numbers:
            lines += [f"Concurrent run paper number {n:06d}", abstract(f"concurrency topic {n} with keyword c{n}")]
        return write(path, "\n".join(lines) + "\n")


def run_concurrent(root: Path, seconds: float, dump_size: int = 300, watched_size: int = 60) -> ConcurrentResult:
    settings = Settings(embedding_backend="hashing", library_dir=str(root / "lib"), top_k_sources=3)
    model = FakeChatModel("Papers say so [1].")
    session = open_session(settings, writable=True, model_factory=lambda _: model, load_in_background=True)
    drive(session.load_embedder(threading.Event()))  # as the window opens its session
    session.load_model()
    result = ConcurrentResult()
    papers = _Papers()
    stop = threading.Event()
    imported: queue.Queue[tuple[str, int]] = queue.Queue()  # (dump name, papers) as each import ends
    kept: dict[str, int] = {}  # dump name → papers it should hold at the end
    notes: dict[str, tuple[str, list[str]]] = {}  # paper id → the last note and tags written
    watched = root / "watched"
    watched.mkdir()
    lock = threading.Lock()

    def guarded(name: str, work: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                work()
            except BaseException as error:  # every failure is reported, none stops the others silently
                result.errors.append(f"{name}: {type(error).__name__}: {error}")
                stop.set()

        return run

    def importer() -> None:
        for number in itertools.count():
            if stop.is_set():
                return
            path = papers.dump(root / "dumps" / f"import-{number:03d}.txt", dump_size)
            report = drive(session.import_files([str(path)]))
            assert report.new == dump_size and not report.failed, report.to_dict()
            with lock:
                kept[path.name] = dump_size
                result.imported_dumps += 1
            imported.put((path.name, dump_size))

    def feeder() -> None:
        for number in itertools.count():
            if stop.wait(1.0):
                return
            path = papers.dump(root / "incoming" / f"watched-{number:03d}.txt", watched_size)
            os.replace(path, watched / path.name)  # appears whole, as a finished download does
            with lock:
                kept[path.name] = watched_size
                result.watched_files += 1

    def watcher() -> None:
        while not stop.wait(0.5):
            drive(session.import_watched(folders=[str(watched)]))

    def remover() -> None:
        while not stop.is_set():
            try:
                name, size = imported.get(timeout=0.5)
            except queue.Empty:
                continue
            number = int(name.split("-")[1].split(".")[0])
            if number == 0:  # single papers from the first dump
                chosen = sorted(session.library.filtered_ids(SearchFilters(source=name)))[:REMOVED_PAPERS]
                assert session.library.remove_ids(chosen) == REMOVED_PAPERS
                with lock:
                    kept[name] = size - REMOVED_PAPERS
            elif number % 3 == 2:  # every third dump goes again
                assert session.library.remove_source(name) == size
                with lock:
                    del kept[name]
                    result.removed_dumps += 1

    def searcher() -> None:
        for number in itertools.count():
            if stop.is_set():
                return
            mode = ("hybrid", "keyword", "semantic")[number % 3]
            for hit in session.search(f"concurrency topic {number % 500} keyword", mode, k=5):
                assert hit.paper.id and hit.paper.abstract
            with lock:
                result.searches += 1

    def questioner() -> None:
        while not stop.is_set():
            answer = drive(session.ask("What does concurrency topic 7 show?"))
            assert answer.text
            with lock:
                result.answers += 1

    def note_editor() -> None:
        for number in itertools.count():
            if stop.wait(0.05):
                return
            ids = sorted(session.library.filtered_ids(SearchFilters(source=NOTED_DUMP)))[:40]
            if not ids:
                continue
            paper_id = ids[number % len(ids)]
            note, tags = f"note {number}", [f"tag{number % 4}", "concurrent"]
            with lock:  # what was last written, in the order the writes reach the library
                session.library.annotations.set_note(paper_id, note)
                session.library.annotations.set_tags(paper_id, tags)
                notes[paper_id] = (note, sorted(tags))
                result.note_edits += 1

    jobs = {
        "import": importer,
        "feed": feeder,
        "watch": watcher,
        "remove": remover,
        "search-1": searcher,
        "search-2": searcher,
        "ask": questioner,
        "notes": note_editor,
    }
    threads = [threading.Thread(target=guarded(name, job), name=name) for name, job in jobs.items()]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(300)
    assert not any(thread.is_alive() for thread in threads), "a job did not stop"
    time.sleep(2.1)  # the last watched files settle, then one more look imports them
    drive(session.import_watched(folders=[str(watched)]))
    result.seconds = time.monotonic() - started
    try:
        check_outcome(session, kept, notes, result)
    finally:
        session.close()
    result.papers = assert_consistent(root / "lib")
    assert result.papers == sum(kept.values())
    return result


def check_outcome(
    session: Session, kept: dict[str, int], notes: dict[str, tuple[str, list[str]]], result: ConcurrentResult
) -> None:
    assert result.errors == [], result.errors
    sources = session.library.stats().sources
    assert sources == kept, {name: (sources.get(name), kept.get(name)) for name in kept.keys() | sources.keys()}
    stored = session.library.get_many(list(notes))
    assert set(stored) == set(notes)
    for paper_id, (note, tags) in notes.items():
        assert (stored[paper_id].note, sorted(stored[paper_id].tags)) == (note, tags), paper_id
    noted = session.search("note", "keyword", SearchFilters(tag="concurrent"), k=100)
    assert {hit.paper.id for hit in noted} == set(notes)  # the keyword index holds the notes and tags
