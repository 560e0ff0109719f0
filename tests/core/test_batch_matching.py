"""A batch is matched against the library once per import: the writer reuses the matches made
before embedding, unless another write came in between."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.ingest.pipeline import run_import
from desktop.core.library import library as library_module
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import HashingEmbedder
from tests.core.helpers import abstract, write


def counting_resolve(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = library_module.resolve

    def resolve(papers, store):  # type: ignore[no-untyped-def]
        calls.append(len(papers))
        return real(papers, store)

    monkeypatch.setattr(library_module, "resolve", resolve)
    return calls


def test_an_import_matches_each_batch_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting_resolve(monkeypatch)
    dump = write(tmp_path / "dump.txt", "\n".join(abstract(f"topic {i}") for i in range(600)))
    library = Library(tmp_path / "lib")
    report = run_import(library, HashingEmbedder(), [dump])
    assert report.new == 600 and library.count() == 600
    assert len(calls) > 1 and sum(calls) == 600  # every record matched once, batch by batch (twice: 1,200)
    library.close()


def test_a_write_between_matching_and_adding_makes_the_writer_match_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(tmp_path / "lib")
    embedder = HashingEmbedder()
    paper = Paper(abstract("graph neural networks"), "Graphs", sources=["a.txt"])
    copy = Paper(abstract("graph neural networks"), "Graphs", sources=["b.txt"])
    matched = library.match_batch([copy])
    assert matched.matches[0].new
    # another import stores the same paper before this batch reaches the writer
    library.add_batch([paper], {paper.id: embedder.embed([paper.abstract])[0]})
    calls = counting_resolve(monkeypatch)
    outcome = library.add_batch([copy], {copy.id: embedder.embed([copy.abstract])[0]}, matched)
    assert calls == [1] and outcome.new == [] and library.count() == 1
    assert library.get(paper.id) is not None and library.get(paper.id).sources == ["a.txt", "b.txt"]  # type: ignore[union-attr]
    library.close()
