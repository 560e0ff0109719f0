"""An import reports progress by bytes from its first small batch, for every format, and a
duplicate a batch apart still brings its identifier."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from desktop.core.base.filters import SearchFilters
from desktop.core.ingest.pipeline import FIRST_BATCH, import_paths
from desktop.core.library.library import Library
from desktop.core.models.embedding import HashingEmbedder
from tests.core.helpers import abstract, write


def test_a_json_array_reports_bytes_read_from_its_first_small_batch(tmp_path: Path) -> None:
    records = [{"title": f"Paper {i}", "abstract": abstract(f"topic {i}")} for i in range(300)]
    dump = write(tmp_path / "papers.json", json.dumps(records))
    other = write(tmp_path / "more.txt", "\n".join(abstract(f"subject {i}") for i in range(20)))
    library = Library(tmp_path / "lib")
    try:
        steps = list(import_paths(library, HashingEmbedder(), [dump, other]))
    finally:
        library.close()
    stored = [step for step in steps if step.phase == "embedding"]
    first = stored[0]
    assert first.papers_seen == FIRST_BATCH and 0 < first.fraction < 0.2  # bytes, before the file's end
    assert [b.papers_seen - a.papers_seen for a, b in itertools.pairwise(stored[:4])] == [32, 64, 128]
    fractions = [step.fraction for step in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {(step.file_number, step.file_count) for step in steps} == {(1, 2), (2, 2)}
    assert steps[-1].papers_seen == 320  # counted over both files


def test_a_duplicate_a_batch_apart_keeps_both_identifiers(tmp_path: Path) -> None:
    def record(arxiv: str, title: str, text: str) -> str:  # as in the arXiv metadata snapshot
        return json.dumps({"id": arxiv, "submitter": "A. Author", "categories": "math.RA", "title": title, "abstract": text})

    text = abstract("zero divisors of hypercomplex numbers")
    lines = [record("0704.0026", "Zero-divisors", text)]
    lines += [record(f"0705.{i:04d}", f"Other {i}", abstract(f"topic {i}")) for i in range(40)]
    lines.append(record("0704.0112", "Zero-divisors", text))  # the same abstract, in a later batch
    dump = write(tmp_path / "arxiv.jsonl", "\n".join(lines))
    library = Library(tmp_path / "lib")
    try:
        report = list(import_paths(library, HashingEmbedder(), [dump]))
        assert report[-1].papers_seen == 42
        papers = library.get_many(library.newest_ids(SearchFilters(), 100)).values()
        paper = next(p for p in papers if p.title == "Zero-divisors")
        assert {value for kind, value in paper.identifiers() if kind == "arxiv"} == {"0704.0026", "0704.0112"}
    finally:
        library.close()
