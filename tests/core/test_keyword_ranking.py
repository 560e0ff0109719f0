"""Keyword ranking: papers with every term first; in large libraries very common terms are left
out, and bm25 scores a bounded number of rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from desktop.core.base.filters import SearchFilters
from desktop.core.library.keyword_ranking import PRUNE_TERMS_ABOVE
from desktop.core.library.records import Paper
from desktop.core.library.store import PaperStore


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


def ranker_store(tmp_path: Path, abstracts: list[str], scored_rows: int) -> tuple[PaperStore, list[Paper]]:
    store = PaperStore(tmp_path / "s.sqlite3")
    papers = [paper(text, i) for i, text in enumerate(abstracts)]
    store.add_batch(papers, np.zeros((len(papers), 4), dtype=np.float32), [])
    store.keyword_ranker.scored_rows = scored_rows
    return store, papers


def test_the_ranking_is_exact_while_fewer_rows_than_the_bound_match(tmp_path: Path) -> None:
    abstracts = [("network pruning" if i % 3 else "pruning of a network") + " x" * (i % 7) for i in range(60)]
    store, _ = ranker_store(tmp_path, abstracts, scored_rows=10_000)
    exact = store.keyword_search("network pruning", 20)
    store.keyword_ranker.scored_rows = 61
    assert store.keyword_search("network pruning", 20) == exact


def test_over_the_bound_only_the_newest_matches_are_scored(tmp_path: Path) -> None:
    abstracts = ["network pruning"] * 2 + ["pruning a network"] * 200
    store, papers = ranker_store(tmp_path, abstracts, scored_rows=50)
    ranked = [pid for pid, _ in store.keyword_search("network pruning", 20)]
    assert len(ranked) == 20 and set(ranked) <= {p.id for p in papers[-50:]}


def test_over_the_bound_filters_still_apply(tmp_path: Path) -> None:
    abstracts = ["graph networks"] * 120
    store, papers = ranker_store(tmp_path, abstracts, scored_rows=30)
    store.annotations.set_tags(papers[5].id, ["keep"])
    store.annotations.set_tags(papers[100].id, ["keep"])
    ranked = store.keyword_search("graph networks", 10, SearchFilters(tag="keep"))
    assert {pid for pid, _ in ranked} == {papers[5].id, papers[100].id}


def test_common_terms_are_left_out_of_the_match_when_rarer_ones_are_present(tmp_path: Path) -> None:
    count = PRUNE_TERMS_ABOVE + 100
    abstracts = ["common ground" + (" rareword" if i % 50 == 0 else "") for i in range(count)]
    abstracts += ["rareword without the frequent one"]
    store, papers = ranker_store(tmp_path, abstracts, scored_rows=20_000)
    ranked = {pid for pid, _ in store.keyword_search("common rareword", 500)}
    assert papers[-1].id in ranked  # lacks "common", which nearly every paper has
    assert ranked == {p.id for p in papers if "rareword" in p.abstract}


def test_term_frequencies_are_counted_again_when_the_library_grows(tmp_path: Path) -> None:
    abstracts = ["growing topic" if i % 6 == 0 else "steady topic" for i in range(PRUNE_TERMS_ABOVE + 1000)]
    store, _ = ranker_store(tmp_path, abstracts, scored_rows=20_000)
    assert store.keyword_ranker.selective_terms(['"growing"', '"topic"']) == ['"growing"']
    more = [paper("growing topic", 100_000 + i) for i in range(6000)]  # now in more than half
    store.add_batch(more, np.zeros((len(more), 4), dtype=np.float32), [])
    assert store.keyword_ranker.selective_terms(['"growing"', '"topic"']) == ['"growing"', '"topic"']
