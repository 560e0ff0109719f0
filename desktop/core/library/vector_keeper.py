"""The library's vector index (Chroma), kept in step with the store, which is the truth: opened
once, repaired on open when a killed process may have left it damaged, rebuilt from the stored
embeddings when it cannot load. Every method runs on the library's owner thread."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import numpy as np

from desktop.core.base.errors import LibraryError
from desktop.core.library.store import PaperStore
from desktop.core.library.vectors import COLLECTION, VectorIndex, paper_metadata

VECTOR_FOLDER = "chroma"
DIRTY_MARKER = "vectors.dirty"
LIBRARY_ID_KEY = "library_id"
RECONCILE_CHUNK = 5000  # vectors per upsert when rebuilding: fewer index resizes and saves (see docs/performance.md)


class VectorKeeper:
    def __init__(
        self, folder: Path, chroma_url: str, read_only: bool, threads: int, store: PaperStore, notices: list[str]
    ) -> None:
        self.folder, self.chroma_url, self.read_only, self.threads = folder, chroma_url, read_only, threads
        self._store = store
        self._notices = notices  # the library's: what the user is told when it opens
        self.index: VectorIndex | None = None
        self._dirty_marked = False

    def open(self) -> VectorIndex:
        if self.index is None:
            self.index = self._open()
        return self.index

    @property
    def _dirty_path(self) -> Path:
        return self.folder / DIRTY_MARKER

    def mark_dirty(self) -> None:
        """Before this process first writes to Chroma: a process killed mid-write can leave its
        files in a state that crashes the next process natively, so the next writer rebuilds them."""
        if not self._dirty_marked and not self.chroma_url:
            self._dirty_path.write_text(str(os.getpid()), encoding="ascii")
            self._dirty_marked = True

    def closed_cleanly(self) -> None:
        """The library closed after its writes: the next open need not rebuild the index."""
        if self._dirty_marked:
            self._dirty_path.unlink(missing_ok=True)
            self._dirty_marked = False

    def _open(self) -> VectorIndex:
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
            self.reconcile(index)
        return index

    def collection_name(self) -> str:
        """'papers' in the library's own folder; on a shared Chroma server, a name of this library's
        own, so that several libraries can use one server."""
        if not self.chroma_url:
            return COLLECTION
        library_id = self._store.meta(LIBRARY_ID_KEY)
        if library_id is None:
            if self.read_only:
                raise LibraryError(f"The library {self.folder} has never been used with a Chroma server.")
            library_id = uuid.uuid4().hex[:16]
            self._store.set_meta(LIBRARY_ID_KEY, library_id)
        return f"abstracta-{library_id}"

    def _rebuilt(self, folder: Path, reason: str) -> VectorIndex:
        """A new Chroma index filled from the embeddings in the store (the source of truth)."""
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        self.mark_dirty()
        if folder.exists():
            shutil.rmtree(folder)
        index = VectorIndex(folder, "", self.threads)
        self.reconcile(index)
        self._notices.append(f"The vector index was rebuilt from the stored embeddings: {reason}.")
        return index

    def reconcile(self, index: VectorIndex) -> None:
        """Makes Chroma hold exactly the store's papers. Writes go to Chroma first on add and last on
        remove, so an interrupted write always leaves the counts different: equal counts mean in step."""
        if index.count() == self._store.count():
            return
        in_index = index.all_ids()
        in_store = set(self._store.all_ids())
        extra = sorted(in_index - in_store)
        missing = sorted(in_store - in_index)
        if extra or missing:
            self.mark_dirty()
        if extra:
            index.delete(extra)
        for start in range(0, len(missing), RECONCILE_CHUNK):
            chunk = missing[start : start + RECONCILE_CHUNK]
            papers = self._store.get_many(chunk)
            vectors = self._store.embeddings_for(chunk)
            ids = [pid for pid in chunk if pid in vectors and pid in papers]
            if ids:
                index.upsert(
                    ids,
                    np.stack([vectors[pid] for pid in ids]),
                    [paper_metadata(papers[pid].lang, papers[pid].year) for pid in ids],
                )
