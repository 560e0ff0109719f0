"""Re-embedding a library in place with another embedding model (a multilingual one, say), with
progress and cancel, without re-importing. New vectors are staged beside the old ones, so search
keeps working with the old model until the end, and a stop or a kill keeps the work done: running
it again with the same model goes on where it stopped. At the end the new vectors replace the old
in one transaction, the library records the new model and its vector index is rebuilt."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator

from desktop.core.ingest.pipeline import Progress, embedding_text
from desktop.core.library.library import Library
from desktop.core.models.embedding import Embedder

REEMBED_TARGET_KEY = "reembed_target"
BATCH_SIZE = 256


def reembed(
    library: Library, embedder: Embedder, cancel: threading.Event | None = None, batch_size: int = BATCH_SIZE
) -> Generator[Progress, None, bool]:
    """Yields progress after each batch; returns True when the library now uses embedder's model
    (False when cancelled: what was staged is kept for the next run with the same model)."""
    if library.meta(REEMBED_TARGET_KEY) != embedder.name:
        library.clear_staged_embeddings()  # staged with another model: not reusable
        library.set_meta(REEMBED_TARGET_KEY, embedder.name)
    total = library.count()
    started = time.perf_counter()
    done = total - len(library.ids_to_reembed(total + 1))
    while True:
        ids = library.ids_to_reembed(batch_size)
        if not ids:
            break
        papers = library.get_many(ids)
        present = [pid for pid in ids if pid in papers]
        vectors = embedder.embed([embedding_text(papers[pid]) for pid in present])
        library.stage_embeddings(dict(zip(present, vectors, strict=True)))
        done += len(present)
        yield Progress("re-embedding", "embedding", done, total, done, 0, time.perf_counter() - started)
        if cancel is not None and cancel.is_set():
            return False
    library.replace_embeddings(embedder.name)
    library.set_meta(REEMBED_TARGET_KEY, "")
    yield Progress("re-embedding", "done", total, total, total, 0, time.perf_counter() - started)
    return True
