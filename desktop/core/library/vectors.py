"""The dense index: a Chroma collection in cosine space, embedded or on a server."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from desktop.core.base.errors import LibraryError

COLLECTION = "papers"
# Chroma's local HNSW reader can report "Nothing found on disk" when a query lands while the writer
# is creating the collection's first index (a race inside Chroma, seen once in a few hundred runs of
# searches beside an import); the same query a moment later succeeds.
NOT_YET_ON_DISK = "Nothing found on disk"
QUERY_RETRY_DELAYS = (0.02, 0.05, 0.1, 0.2, 0.4, 0.8)
logging.getLogger("chromadb").setLevel(logging.ERROR)


def chroma_settings() -> Any:
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


class VectorIndex:
    """Ids and vectors (with lang/year metadata for filters) in one Chroma collection."""

    def __init__(self, folder: Path | None = None, url: str = "", threads: int = 0, name: str = COLLECTION) -> None:
        import chromadb

        try:
            if url:
                parsed = urlparse(url if "://" in url else f"http://{url}")
                self.client = chromadb.HttpClient(
                    host=parsed.hostname or "localhost",
                    port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                    ssl=parsed.scheme == "https",
                    settings=chroma_settings(),
                )
            else:
                assert folder is not None
                self.client = chromadb.PersistentClient(path=str(folder), settings=chroma_settings())
            configuration: Any = {"hnsw": {"space": "cosine"}}
            if threads > 0:
                configuration["hnsw"]["num_threads"] = threads
            self._configuration = configuration
            self.collection = self._collection(name)
        except Exception as error:
            where = url or str(folder)
            raise LibraryError(f"The vector index at {where} could not be opened: {error}") from error

    def _collection(self, name: str) -> Any:
        return self.client.get_or_create_collection(
            name,
            configuration=self._configuration,
            embedding_function=None,  # type: ignore[arg-type]
        )

    def reset(self) -> None:
        """An empty collection of the same name (another embedding model may have another width)."""
        name = self.collection.name
        self.client.delete_collection(name)
        self.collection = self._collection(name)

    def probe(self) -> None:
        """Loads the index for real (count and one query), so damage shows now, not mid-search."""
        if self.count():
            first = self.collection.get(limit=1, include=["embeddings"])
            embeddings = first.get("embeddings")
            if embeddings is not None and len(embeddings):
                self.query(np.asarray(embeddings[0], dtype=np.float32), 1)

    def warm_up(self) -> None:
        """Loads the index into memory now (Chroma loads it on the first query otherwise)."""
        self.probe()

    def count(self) -> int:
        return int(self.collection.count())

    def all_ids(self) -> set[str]:
        ids: set[str] = set()
        offset = 0
        while True:
            batch = self.collection.get(include=[], limit=5000, offset=offset)["ids"]
            ids.update(batch)
            if len(batch) < 5000:
                return ids
            offset += len(batch)

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict[str, Any]]) -> None:
        if not ids:
            return
        self.collection.upsert(
            ids=list(ids),
            embeddings=np.asarray(vectors, dtype=np.float32),
            metadatas=list(metadatas),  # type: ignore[arg-type]
        )

    def update_metadata(self, ids: Sequence[str], metadatas: Sequence[dict[str, Any]]) -> None:
        if ids:
            self.collection.update(ids=list(ids), metadatas=list(metadatas))  # type: ignore[arg-type]

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), 5000):
            self.collection.delete(ids=list(ids[start : start + 5000]))

    def query(self, vector: np.ndarray, limit: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """(id, cosine similarity) best first; fewer when the index holds fewer (not counted first:
        counting a million-vector collection costs more than the query)."""
        if limit <= 0:
            return []
        for delay in (*QUERY_RETRY_DELAYS, None):
            try:
                result = self.collection.query(
                    query_embeddings=[np.asarray(vector, dtype=np.float32)],  # type: ignore[arg-type,list-item]
                    n_results=limit,
                    where=where or None,
                    include=["distances"],  # type: ignore[list-item]
                )
                break
            except Exception as error:
                if delay is None or NOT_YET_ON_DISK not in str(error):
                    raise
                time.sleep(delay)
        ids = result["ids"][0]
        distances = (result.get("distances") or [[]])[0]
        return [(pid, 1.0 - float(distance)) for pid, distance in zip(ids, distances, strict=False)]


def paper_metadata(lang: str, year: int | None) -> dict[str, Any]:
    return {"lang": lang, "year": year or 0}
