"""Re-embedding a library in place with another model: search keeps the old model until the end,
a stop keeps the work done, and the end leaves every paper with a vector of the new model."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop.core.base.errors import AbstractaError
from desktop.core.base.jobs import drive
from desktop.core.ingest.reembed import reembed
from desktop.core.models.embedding import HashingEmbedder
from desktop.core.search.hybrid import Searcher
from tests.core.helpers import abstract, small_library


class CountingEmbedder(HashingEmbedder):
    def __init__(self, dimension: int) -> None:
        super().__init__(dimension)
        self.texts = 0

    def embed(self, texts, max_tokens=None):  # type: ignore[no-untyped-def]
        self.texts += len(texts)
        return super().embed(texts, max_tokens)


def test_reembed_with_a_model_of_another_width_resumes_and_switches(tmp_path: Path) -> None:
    dump = "\n".join(abstract(f"topic {i} about graph search") for i in range(30))
    library, _, report = small_library(tmp_path, {"papers.txt": dump})
    assert report.new == 30
    wider = CountingEmbedder(512)
    cancel = threading.Event()
    job = reembed(library, wider, cancel, batch_size=10)
    next(job)
    cancel.set()
    assert drive(job) is False  # stopped after a batch: the old model still serves search
    old = Searcher(library, HashingEmbedder())
    assert old.search("graph search", 5, "semantic")
    assert wider.texts == 10

    again = CountingEmbedder(512)
    assert drive(reembed(library, again, batch_size=10)) is True
    assert again.texts == 20  # what the stopped run staged is not embedded again
    assert library.meta("embedding_model") == "hashing-512"
    assert {len(v) for v in library.embeddings_for(library.all_ids()).values()} == {512}
    assert library.vectors.count() == 30
    hits = Searcher(library, HashingEmbedder(512)).search("topic 7 about graph search", 3, "semantic")
    assert hits and hits[0].paper.abstract.startswith("We study topic 7 ")
    with pytest.raises(AbstractaError):
        Searcher(library, HashingEmbedder()).search("graph search", 3, "semantic")  # the old model is refused now
    library.close()
