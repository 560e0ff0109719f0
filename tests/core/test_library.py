"""The library: dedup and merge, consistency of store and vectors, search modes and filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.base.errors import LibraryLockedError
from desktop.core.ingest.pipeline import import_paths, run_import
from desktop.core.library.library import Library
from desktop.core.models.embedding import HashingEmbedder
from desktop.core.search.hybrid import Searcher, SearchFilters
from tests.core.helpers import abstract, small_library, write

DUMP_A = (
    "\n".join(
        [
            "Graph Neural Networks for Molecules",
            abstract("molecular graphs"),
            "Robot Grasping with Tactile Sensing",
            abstract("robot grasping"),
        ]
    )
    + "\n"
)
DUMP_B = (
    "Daily Papers\n\nGraph Neural Networks for Molecules\n\n"
    + abstract("molecular graphs")
    + "\n\n  • 3 authors\n·\nMay 2, 2022\n\nProtein Folding at Scale\n\n"
    + abstract("protein folding")
    + "\n\n  • 5 authors\n·\nJun 1, 2023 4\n"
)
ZH_DUMP = "深度强化学习在机器人控制中的应用研究。" * 15 + "\ntranslated by 谷歌翻译\n"


def test_import_dedups_merges_and_reimport_adds_nothing(tmp_path: Path) -> None:
    library, _, report = small_library(tmp_path, {"a.txt": DUMP_A, "b.txt": DUMP_B})
    assert (report.new, report.duplicates, library.count()) == (3, 1, 3)
    merged = next(p for p in library.get_many(library.all_ids()).values() if p.title.startswith("Graph"))
    assert merged.sources == ["a.txt", "b.txt"]
    assert (merged.date_iso, merged.authors_text) == ("2022-05-02", "3 authors")
    again = run_import(library, HashingEmbedder(), [tmp_path / "dumps"])
    assert (again.new, again.duplicates, library.count()) == (0, 4, 3)
    assert library.vectors.count() == 3


def test_known_hashes_are_not_embedded_again(tmp_path: Path) -> None:
    class CountingEmbedder(HashingEmbedder):
        texts = 0

        def embed(self, texts, max_tokens=None):  # type: ignore[no-untyped-def]
            CountingEmbedder.texts += len(texts)
            return super().embed(texts)

    library = Library(tmp_path / "lib")
    dump = write(tmp_path / "a.txt", DUMP_A)
    run_import(library, CountingEmbedder(), [dump])
    run_import(library, CountingEmbedder(), [dump])
    assert CountingEmbedder.texts == 2


def test_failed_file_is_reported_and_others_import(tmp_path: Path) -> None:
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    write(tmp_path / "dumps" / "a.txt", DUMP_A)
    report = run_import(Library(tmp_path / "lib"), HashingEmbedder(), [tmp_path / "dumps"])
    by_name = {Path(f.path).name: f for f in report.files}
    assert "PNG" in by_name["image.png"].error and by_name["a.txt"].new == 2


def test_progress_and_cancel_between_batches(tmp_path: Path) -> None:
    import threading

    lines = []
    for i in range(40):
        lines += [f"Paper number {i}", abstract(f"topic {i}")]
    dump = write(tmp_path / "many.txt", "\n".join(lines))
    library = Library(tmp_path / "lib")
    cancel = threading.Event()
    generator = import_paths(library, HashingEmbedder(), [dump], batch_size=10, cancel=cancel)
    first = next(generator)
    assert first.file == "many.txt" and first.total_bytes == dump.stat().st_size
    progress = next(generator)
    assert progress.papers_new == 10 and 0 < progress.fraction <= 1
    cancel.set()
    with pytest.raises(StopIteration) as stop:
        next(generator)
    assert stop.value.value.cancelled
    assert library.count() == library.vectors.count() == 10


def test_search_modes_filters_and_snippets(tmp_path: Path) -> None:
    _library, searcher, _ = small_library(tmp_path, {"a.txt": DUMP_A, "b.txt": DUMP_B, "zh.txt": ZH_DUMP})
    keyword = searcher.search("grasping", 5, "keyword")
    assert keyword[0].paper.title == "Robot Grasping with Tactile Sensing"
    assert "**grasping**" in keyword[0].snippet.marked()
    semantic = searcher.search("protein folding", 5, "semantic")
    assert semantic[0].paper.title == "Protein Folding at Scale" and semantic[0].similarity is not None
    hybrid = searcher.search("molecular graphs", 5)
    assert hybrid[0].paper.title == "Graph Neural Networks for Molecules"
    only_b = searcher.search("robot grasping", 5, "hybrid", SearchFilters(source="b.txt"))
    assert all("b.txt" in hit.paper.sources for hit in only_b) and only_b
    years = searcher.search("protein", 5, "hybrid", SearchFilters(year=2023))
    assert [hit.paper.title for hit in years] == ["Protein Folding at Scale"]
    chinese = searcher.search("机器人", 5, "keyword")
    assert chinese and chinese[0].paper.lang == "zh"
    assert searcher.search("强化学习", 5, "keyword", SearchFilters(lang="zh"))


def test_similar_leaves_out_the_paper_itself(tmp_path: Path) -> None:
    _library, searcher, _ = small_library(tmp_path, {"a.txt": DUMP_A, "b.txt": DUMP_B})
    target = searcher.search("protein folding", 1)[0].paper
    similar = searcher.similar(target.id, 5)
    assert similar and target.id not in {hit.paper.id for hit in similar}


def test_remove_source_keeps_papers_found_elsewhere(tmp_path: Path) -> None:
    library, _, _ = small_library(tmp_path, {"a.txt": DUMP_A, "b.txt": DUMP_B})
    assert library.remove_source("b.txt") == 1
    assert library.count() == library.vectors.count() == 2
    assert library.stats().sources == {"a.txt": 2}


def test_second_writer_is_refused_but_a_reader_works(tmp_path: Path) -> None:
    library, _, _ = small_library(tmp_path, {"a.txt": DUMP_A})
    with pytest.raises(LibraryLockedError) as error:
        Library(tmp_path / "lib")
    assert "another Abstracta" in str(error.value)
    reader = Library(tmp_path / "lib", read_only=True)
    assert reader.count() == 2
    reader.close()
    library.close()
    Library(tmp_path / "lib").close()


def test_reconcile_removes_vectors_the_store_never_committed(tmp_path: Path) -> None:
    import numpy as np

    library, _, _ = small_library(tmp_path, {"a.txt": DUMP_A})
    library.vectors.upsert(["orphan"], np.ones((1, 384), dtype=np.float32) / 384**0.5, [{"lang": "en", "year": 0}])
    library.close()
    reopened = Library(tmp_path / "lib")
    assert reopened.vectors.count() == reopened.count() == 2


def test_persistence_across_instances(tmp_path: Path) -> None:
    library, _, _ = small_library(tmp_path, {"a.txt": DUMP_A})
    library.close()
    again = Library(tmp_path / "lib")
    assert Searcher(again, HashingEmbedder()).search("grasping", 1)[0].paper.title.startswith("Robot")


def test_a_library_refuses_vectors_from_another_embedding_model(tmp_path: Path) -> None:
    from desktop.core.base.errors import LibraryError

    library, _, _ = small_library(tmp_path, {"a.txt": DUMP_A})
    other = HashingEmbedder(dimension=128)
    with pytest.raises(LibraryError, match="embedded with hashing-384"):
        Searcher(library, other).search("grasping", 3)
    report = run_import(library, other, [write(tmp_path / "b.txt", DUMP_B)])
    assert "embedded with hashing-384" in report.files[0].error
    assert library.count() == 2
