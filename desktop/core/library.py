"""The library: the SQLite store (truth, keywords) and the Chroma index (vectors), kept in step."""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np

from desktop.core.errors import LibraryError, LibraryLockedError
from desktop.core.records import Paper
from desktop.core.store import PaperStore
from desktop.core.vectors import COLLECTION, VectorIndex, paper_metadata

STORE_FILE = "library.sqlite3"
VECTOR_FOLDER = "chroma"
LOCK_FILE = "writer.lock"
DIRTY_MARKER = "vectors.dirty"
EMBEDDER_KEY = "embedding_model"
LIBRARY_ID_KEY = "library_id"


@dataclass
class LibraryStats:
    papers: int
    sources: dict[str, int]
    languages: dict[str, int]
    years: dict[int, int]
    starred: int
    folder: str

    def to_dict(self) -> dict[str, object]:
        return {
            "papers": self.papers,
            "sources": self.sources,
            "languages": self.languages,
            "years": {str(year): count for year, count in self.years.items()},
            "starred": self.starred,
            "library": self.folder,
        }


@dataclass
class Library:
    """One library folder. Writable opens take an exclusive lock: one writer process at a time."""

    folder: Path
    chroma_url: str = ""
    read_only: bool = False
    threads: int = 0
    notices: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)
        self._lock_handle: IO[str] | None = None
        self._vectors: VectorIndex | None = None
        self._vector_lock = threading.Lock()
        self._dirty_marked = False
        self.write_lock = threading.Lock()
        if self.read_only:
            if not (self.folder / STORE_FILE).is_file():
                self._create_empty()
            self.store = PaperStore(self.folder / STORE_FILE, read_only=True)
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"The library folder {self.folder} cannot be created: {error}") from error
        self._acquire_writer_lock()
        self.store = PaperStore(self.folder / STORE_FILE)

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

    def close(self) -> None:
        self.store.close()
        if self._dirty_marked:
            self._dirty_path.unlink(missing_ok=True)
            self._dirty_marked = False
        if self._lock_handle is not None:
            self._lock_handle.close()
            self._lock_handle = None

    # the vector side, opened on first use (Chroma is slow to import)
    @property
    def vectors(self) -> VectorIndex:
        with self._vector_lock:
            if self._vectors is None:
                self._vectors = self._open_vectors()
            return self._vectors

    @property
    def vectors_ready(self) -> bool:
        return self._vectors is not None

    @property
    def _dirty_path(self) -> Path:
        return self.folder / DIRTY_MARKER

    def _mark_vectors_dirty(self) -> None:
        """Before this process first writes to Chroma: a process killed mid-write can leave its
        files in a state that crashes the next process natively, so the next writer rebuilds them."""
        if not self._dirty_marked and not self.chroma_url:
            self._dirty_path.write_text(str(os.getpid()), encoding="ascii")
            self._dirty_marked = True

    def _open_vectors(self) -> VectorIndex:
        folder = self.folder / VECTOR_FOLDER
        if not self.read_only and not self.chroma_url and self._dirty_path.exists() and not self._dirty_marked:
            return self._rebuilt(folder, "the last session ended without closing it (killed or crashed)")
        try:
            index = VectorIndex(folder, self.chroma_url, self.threads, self.collection_name())
            index.probe()
        except Exception as error:
            if self.chroma_url or self.read_only:
                raise LibraryError(f"The vector index cannot be used: {error}") from error
            return self._rebuilt(folder, f"it could not be loaded ({error})")
        if not self.read_only:
            self._reconcile(index)
        return index

    def collection_name(self) -> str:
        """'papers' in the library's own folder; on a shared Chroma server, a name of this library's
        own, so that several libraries can use one server."""
        if not self.chroma_url:
            return COLLECTION
        library_id = self.store.meta(LIBRARY_ID_KEY)
        if library_id is None:
            if self.read_only:
                raise LibraryError(f"The library {self.folder} has never been used with a Chroma server.")
            library_id = uuid.uuid4().hex[:16]
            self.store.set_meta(LIBRARY_ID_KEY, library_id)
        return f"abstracta-{library_id}"

    def _rebuilt(self, folder: Path, reason: str) -> VectorIndex:
        """A new Chroma index filled from the embeddings in the store (the source of truth)."""
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        self._mark_vectors_dirty()
        if folder.exists():
            shutil.rmtree(folder)
        index = VectorIndex(folder, "", self.threads)
        self._reconcile(index)
        self.notices.append(f"The vector index was rebuilt from the stored embeddings: {reason}.")
        return index

    def _reconcile(self, index: VectorIndex) -> None:
        """Makes Chroma hold exactly the store's papers. Writes go to Chroma first on add and last on
        remove, so an interrupted write always leaves the counts different: equal counts mean in step."""
        if index.count() == self.store.count():
            return
        in_index = index.all_ids()
        in_store = set(self.store.all_ids())
        extra = sorted(in_index - in_store)
        if extra or in_store - in_index:
            self._mark_vectors_dirty()
        if extra:
            index.delete(extra)
        missing = in_store - in_index
        if missing:
            papers = self.store.get_many(sorted(missing))
            vectors = self.store.embeddings_for(sorted(missing))
            ids = [pid for pid in sorted(missing) if pid in vectors]
            for start in range(0, len(ids), 1000):
                chunk = ids[start : start + 1000]
                index.upsert(
                    chunk,
                    np.stack([vectors[pid] for pid in chunk]),
                    [paper_metadata(papers[pid].lang, papers[pid].year) for pid in chunk],
                )

    # writes (callers hold write_lock so one writer owns the store)
    def add_batch(self, papers: list[Paper], vectors: np.ndarray, merges: list[Paper]) -> None:
        """Vectors first (idempotent upsert), then the store in one transaction."""
        self._require_writable()
        self._mark_vectors_dirty()
        self.vectors.upsert(
            [paper.id for paper in papers],
            vectors,
            [paper_metadata(paper.lang, paper.year) for paper in papers],
        )
        self.store.add_batch(papers, vectors, merges)
        if merges:
            self.vectors.update_metadata(
                [paper.id for paper in merges], [paper_metadata(p.lang, p.year) for p in merges]
            )

    def remove_ids(self, ids: list[str]) -> int:
        self._require_writable()
        with self.write_lock:
            removed = self.store.remove(ids)
            self._mark_vectors_dirty()
            self.vectors.delete(ids)
        return removed

    def remove_source(self, source: str) -> int:
        self._require_writable()
        with self.write_lock:
            if source not in self.store.source_counts():
                raise LibraryError(f"No source named {source!r} in this library.")
            orphans = self.store.remove_source(source)
            self._mark_vectors_dirty()
            self.vectors.delete(orphans)
        return len(orphans)

    def set_starred(self, paper_id: str, starred: bool) -> None:
        self._require_writable()
        self.store.set_starred(paper_id, starred)

    def _require_writable(self) -> None:
        if self.read_only:
            raise LibraryLockedError(f"The library {self.folder} is open read-only.")

    def check_embedder(self, name: str) -> None:
        """Vectors from different models cannot share a library: the first import records the
        model; a different one later gets a clear error instead of meaningless results."""
        recorded = self.store.meta(EMBEDDER_KEY)
        if recorded is None:
            if not self.read_only and self.store.count() == 0:
                self.store.set_meta(EMBEDDER_KEY, name)
            return
        if recorded != name:
            raise LibraryError(
                f"This library was embedded with {recorded}, not {name}. Switch the embedding model back in "
                "Settings, or choose a new library folder for the new model and import your dumps there."
            )

    # reads
    def get(self, paper_id: str) -> Paper | None:
        paper = self.store.get(paper_id)
        if paper is None and len(paper_id) >= 6:
            matches = [pid for pid in self.store.all_ids() if pid.startswith(paper_id)]
            if len(matches) == 1:
                paper = self.store.get(matches[0])
        return paper

    def stats(self) -> LibraryStats:
        return LibraryStats(
            papers=self.store.count(),
            sources=self.store.source_counts(),
            languages=self.store.language_counts(),
            years=self.store.year_counts(),
            starred=len(self.store.starred_ids()),
            folder=str(self.folder),
        )
