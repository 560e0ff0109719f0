"""The library: the SQLite store (truth, keywords) and the Chroma index (vectors), kept in step.

Thread rules: reads may be called from any thread, and never wait for a write (see the store).
Every write runs on the library's one owner thread (`OwnerThread`), which also opens the vector
index; a caller on another thread waits for its write, so the GUI thread calls writes through a
worker, never directly. Embedding is the caller's job, done before `add_batch`, so the writer is
never busy with it. A read-only library refuses writes."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import IO, TypeVar

import numpy as np

from desktop.core.base.errors import LibraryError, LibraryLockedError
from desktop.core.base.filters import SearchFilters
from desktop.core.base.owner_thread import OwnerThread, OwnerThreadClosed
from desktop.core.library.annotations import LibraryAnnotations
from desktop.core.library.batch_plan import BatchOutcome, Matched, plan_batch, take_place_of
from desktop.core.library.dedup import Match, resolve
from desktop.core.library.library_stats import LibraryStats
from desktop.core.library.records import Paper
from desktop.core.library.store import PaperStore
from desktop.core.library.vector_keeper import VectorKeeper
from desktop.core.library.vectors import VectorIndex, paper_metadata

STORE_FILE = "library.sqlite3"
LOCK_FILE = "writer.lock"
EMBEDDER_KEY = "embedding_model"
T = TypeVar("T")


class Library:
    """One library folder. Writable opens take an exclusive lock: one writer process at a time."""

    def __init__(self, folder: Path | str, chroma_url: str = "", read_only: bool = False, threads: int = 0) -> None:
        self.folder = Path(folder)
        self.chroma_url = chroma_url
        self.read_only = read_only
        self.threads = threads
        self.notices: list[str] = []
        self._lock_handle: IO[str] | None = None
        if read_only:
            if not (self.folder / STORE_FILE).is_file():
                self._create_empty()
            self._store = PaperStore(self.folder / STORE_FILE, read_only=True)
            self._keeper = VectorKeeper(self.folder, chroma_url, read_only, threads, self._store, self.notices)
            self._thread = OwnerThread("library-index")  # opens the vector index
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"The library folder {self.folder} cannot be created: {error}") from error
        self._acquire_writer_lock()
        try:
            self._store = PaperStore(self.folder / STORE_FILE)
        except BaseException:
            self._release_writer_lock()
            raise
        self._keeper = VectorKeeper(self.folder, chroma_url, read_only, threads, self._store, self.notices)
        self._thread = OwnerThread("library-writer")

    def _create_empty(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        PaperStore(self.folder / STORE_FILE).close()

    def _acquire_writer_lock(self) -> None:
        handle = open(self.folder / LOCK_FILE, "a+", encoding="utf-8")  # noqa: SIM115 - held while open
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            handle.seek(0)
            owner = handle.read().strip() or "another process"
            handle.close()
            raise LibraryLockedError(
                f"The library {self.folder} is open in another Abstracta (pid {owner}). "
                "Close it first; this one can only read."
            ) from error
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._lock_handle = handle

    def _release_writer_lock(self) -> None:
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None

    def close(self) -> None:
        """Finishes the writes already asked for, then closes the store and releases the lock."""
        self._thread.close()
        self._store.close()
        self._keeper.closed_cleanly()
        self._release_writer_lock()

    def _on_writer(self, work: Callable[[], T]) -> T:
        """Runs work on the writer thread and returns its result."""
        if self.read_only:
            raise LibraryLockedError(f"The library {self.folder} is open read-only.")
        try:
            return self._thread.run(work)
        except OwnerThreadClosed as error:
            raise LibraryError("The library is closed; nothing more can be written.") from error

    # the vector side, opened on first use (Chroma is slow to import), on the library's thread
    # (opening may repair the index, which writes)
    @property
    def vectors(self) -> VectorIndex:
        index = self._keeper.index
        return index if index is not None else self._thread.run(self._keeper.open)

    def open_vectors(self) -> Future[None]:
        """Opens the vector index and loads it into memory, in the background; the future says
        when it is done (and holds what opening it raised)."""
        return self._thread.submit(lambda: self.vectors.warm_up())

    @property
    def vectors_ready(self) -> bool:
        return self._keeper.index is not None

    def collection_name(self) -> str:
        return self._keeper.collection_name()

    # writes: each runs on the writer thread
    def add_batch(
        self, papers: list[Paper], vectors: Mapping[str, np.ndarray], matched: Matched | None = None
    ) -> BatchOutcome:
        """Adds the papers that are new (those with a vector) and merges the others into the copies
        already stored. Vectors go to Chroma first (an idempotent upsert), then the store commits.
        matched: the batch's matches from match_batch, used when nothing was written since (else
        the batch is matched again here), so a batch is matched once."""
        return self._on_writer(lambda: self._add_batch(papers, vectors, matched))

    def _add_batch(self, papers: list[Paper], vectors: Mapping[str, np.ndarray], matched: Matched | None) -> BatchOutcome:
        current = matched is not None and matched.at == self._store.commits
        matches = matched.matches if matched is not None and current else resolve(papers, self._store)
        plan = plan_batch(papers, matches, vectors)
        outcome = BatchOutcome(known=plan.known, near_duplicates=plan.near_duplicates, replaced=len(plan.replaced))
        merges = self._merged_copies(plan.copies)
        outcome.merged = len(merges)
        if not plan.fresh and not merges:
            return outcome
        older = self._store.get_many(sorted(plan.replaced))
        for old_id, new_id in plan.replaced.items():
            if old_id in older:
                take_place_of(plan.fresh[new_id], older[old_id])
        self._keeper.mark_dirty()
        index = self.vectors
        new = list(plan.fresh.values())
        matrix = np.stack([vectors[p.id] for p in new]) if new else np.zeros((0, 1), dtype=np.float32)
        index.upsert([p.id for p in new], matrix, [paper_metadata(p.lang, p.year) for p in new])
        # the cut-short copies go in the transaction that stores their fuller ones: never two, never none
        self._store.add_batch(new, matrix, merges, list(plan.replaced))
        if merges:
            index.update_metadata([p.id for p in merges], [paper_metadata(p.lang, p.year) for p in merges])
        if plan.replaced:  # a crash before this leaves extra vectors, which the next open removes
            index.delete(list(plan.replaced))
        outcome.new = [p.id for p in new]
        return outcome

    def _merged_copies(self, copies: dict[str, list[Paper]]) -> list[Paper]:
        """The stored papers that gain something (a source, authors, an identifier…) from their
        copies. A copy from a source the paper already lists was merged when that source was read,
        unless it brings an identifier the paper lacks: a duplicate within one dump, a batch apart."""
        stored = self._store.get_many(sorted(target for target, found in copies.items() if found))
        changed = []
        for target, found in copies.items():
            existing = stored.get(target)
            if existing is None:
                continue
            listed = self._store.sources_of(target)
            known = set(existing.identifiers())
            pending = [
                c
                for c in found
                if not c.sources or c.revisable or c.sources[0] not in listed or not set(c.identifiers()) <= known
            ]
            if any([existing.merge_from(copy) for copy in pending]):
                changed.append(existing)
        return changed

    def remove_ids(self, ids: list[str]) -> int:
        def work() -> int:
            removed = self._store.remove(ids)
            self._keeper.mark_dirty()
            self.vectors.delete(ids)
            return removed

        return self._on_writer(work)

    def remove_source(self, source: str) -> int:
        def work() -> int:
            if source not in self._store.source_counts():
                raise LibraryError(f"No source named {source!r} in this library.")
            orphans = self._store.remove_source(source)
            self._keeper.mark_dirty()
            self.vectors.delete(orphans)
            return len(orphans)

        return self._on_writer(work)

    @property
    def annotations(self) -> LibraryAnnotations:
        """Notes, tags and the reading list (writes on the writer thread)."""
        return LibraryAnnotations(self._store.annotations, self._on_writer)

    def meta(self, key: str) -> str | None:
        """A value the library keeps about itself (the embedding model, watched files' state…)."""
        return self._store.meta(key)

    def set_meta(self, key: str, value: str) -> None:
        self._on_writer(lambda: self._store.set_meta(key, value))

    def update_meta(self, key: str, change: Callable[[str | None], str | None]) -> None:
        """Sets a value from the one stored, both on the writer thread: two imports at once that
        each change a list (the unfinished files, the dumps' paths) lose neither's change."""

        def work() -> None:
            old = self._store.meta(key)
            new = change(old)
            if new is not None and new != old:
                self._store.set_meta(key, new)

        self._on_writer(work)

    # re-embedding with another model (see reembed.py): new vectors are staged until all are there
    def ids_to_reembed(self, limit: int) -> list[str]:
        return self._store.ids_without_staged_embedding(limit)

    def stage_embeddings(self, vectors: Mapping[str, np.ndarray]) -> None:
        self._on_writer(lambda: self._store.stage_embeddings(vectors))

    def clear_staged_embeddings(self) -> None:
        self._on_writer(self._store.clear_staged_embeddings)

    def replace_embeddings(self, model_name: str) -> int:
        """The staged vectors replace the old ones in one transaction; the library records the new
        model, and the vector index is rebuilt from them."""

        def work() -> int:
            count = self._store.swap_in_staged_embeddings(model_name, EMBEDDER_KEY)
            self._keeper.mark_dirty()
            self.vectors.reset()
            self._keeper.reconcile(self.vectors)
            return count

        return self._on_writer(work)

    def set_starred(self, paper_id: str, starred: bool) -> None:
        self._on_writer(lambda: self._store.set_starred(paper_id, starred))

    def check_embedder(self, name: str, record: bool = False) -> None:
        """Vectors from different models cannot share a library: the first import records the
        model (record: this caller is about to write vectors); a different one later gets a clear
        error instead of meaningless results. Without record, only reads (a search never waits)."""
        recorded = self._store.meta(EMBEDDER_KEY)
        if recorded is None:
            if record and not self.read_only:
                self._on_writer(lambda: self._record_embedder(name))
            return
        if recorded != name:
            raise LibraryError(
                f"This library was embedded with {recorded}, not {name}. Switch the embedding model back in "
                "Settings, or choose a new library folder for the new model and import your dumps there."
            )

    def _record_embedder(self, name: str) -> None:
        if self._store.meta(EMBEDDER_KEY) is None and self._store.count() == 0:
            self._store.set_meta(EMBEDDER_KEY, name)

    # reads
    def count(self) -> int:
        return self._store.count()

    def get(self, paper_id: str) -> Paper | None:
        """A paper by its id, or by a prefix of it (6 characters or more) that only it has."""
        paper = self._store.get(paper_id)
        if paper is None and len(paper_id) >= 6:
            matches = self._store.ids_with_prefix(paper_id)
            if len(matches) == 1:
                paper = self._store.get(matches[0])
        return paper

    def get_many(self, ids: list[str]) -> dict[str, Paper]:
        return self._store.get_many(ids)

    def all_ids(self) -> list[str]:
        return self._store.all_ids()

    def known_ids(self, ids: list[str]) -> set[str]:
        return self._store.known_ids(ids)

    def match(self, papers: list[Paper]) -> list[Match]:
        """For each record, the paper it already is (stored, or earlier in the list), or new."""
        return resolve(papers, self._store)

    def match_batch(self, papers: list[Paper]) -> Matched:
        """The matches of a batch about to be embedded and added (see add_batch)."""
        at = self._store.commits  # read first: a write during the matching makes them stale
        return Matched(resolve(papers, self._store), at)

    def all_from_source(self, papers: list[Paper]) -> bool:
        """Whether every paper is stored and already lists the source it comes from (so a copy
        from that source has nothing left to merge)."""
        by_source: dict[str, set[str]] = {}
        for paper in papers:
            by_source.setdefault(paper.sources[0] if paper.sources else "", set()).add(paper.id)
        return all(self._store.ids_with_source(ids, source) == ids for source, ids in by_source.items())

    def mentions(self, phrase: str) -> bool:
        """Whether any title or abstract in the library contains the phrase."""
        return self._store.has_phrase(phrase)

    def starred(self) -> list[Paper]:
        ids = self._store.starred_ids()
        found = self._store.get_many(ids)
        return [found[pid] for pid in ids if pid in found]

    def filtered_ids(self, filters: SearchFilters) -> set[str]:
        return self._store.filtered_ids(filters)

    def newest_ids(self, filters: SearchFilters, limit: int, oldest: bool = False) -> list[str]:
        return self._store.newest_ids(filters, limit, oldest)

    def keyword_ranking(self, query: str, limit: int, filters: SearchFilters) -> list[tuple[str, float]]:
        return self._store.keyword_search(query, limit, filters)

    def author_counts(self, limit: int = 10) -> list[tuple[str, int]]:
        return self._store.author_counts(limit)

    def term_frequency(self, term: str) -> int:
        """Papers holding an FTS term: the document frequency relevance weighs words by."""
        return self._store.term_frequency(term)

    def embeddings_for(self, ids: list[str]) -> dict[str, np.ndarray]:
        return self._store.embeddings_for(ids)

    def stats(self) -> LibraryStats:
        languages, years = self._store.language_and_year_counts()
        return LibraryStats(
            papers=sum(languages.values()),  # every paper has a language: no second pass to count them
            sources=self._store.source_counts(),
            languages=languages,
            years=years,
            starred=len(self._store.starred_ids()),
            folder=str(self.folder),
        )
