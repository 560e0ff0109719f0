"""Keyword ranking: papers with every term first; in large libraries very common terms are not
used to fill up the partial matches."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from desktop.core.records import Paper
from desktop.core.store import PRUNE_TERMS_ABOVE, PaperStore


def paper(text: str, number: int) -> Paper:
    return Paper(abstract=f"{text} filler words for paper number {number} " + "padding " * 30, sources=["s.txt"])


def test_all_terms_rank_before_some_terms(tmp_path: Path) -> None:
    store = PaperStore(tmp_path / "s.sqlite3")
    papers = [paper("graph networks molecules", 1), paper("graph networks", 2), paper("molecules only", 3)]
    store.add_batch(papers, np.zeros((3, 4), dtype=np.float32), [])
    ranked = store.keyword_search("graph networks molecules", 10)
    assert ranked[0][0] == papers[0].id
    assert {pid for pid, _ in ranked} == {p.id for p in papers}
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)


def test_common_terms_do_not_fill_partial_matches_in_a_large_library(tmp_path: Path) -> None:
    store = PaperStore(tmp_path / "s.sqlite3")
    count = PRUNE_TERMS_ABOVE + 500
    papers = [paper("common ground" + (" rareword" if i % 1000 == 0 else ""), i) for i in range(count)]
    store.add_batch(papers, np.zeros((count, 4), dtype=np.float32), [])
    ranked = store.keyword_search("common rareword absentword", 50)
    expected = {p.id for i, p in enumerate(papers) if i % 1000 == 0}
    assert {pid for pid, _ in ranked} == expected
