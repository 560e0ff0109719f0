"""For you, measured (part of `python -m bench --screening`): precision of the top 10 with the
newest papers held out and interests from the rest, against similarity-only ranking; and the time
to re-rank a 500-paper dump after a mark, in libraries of 1k and 100k papers."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from bench.synth import Synthesiser
from desktop.core.ingest.formats import read_dump
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.screening.for_you import ForYou
from desktop.core.screening.labelled import LabelledSet

HELD_OUT = 0.3  # the newest share of the papers: the "new dump" the feed ranks
TOP = 10
MIN_TRAIN = 4  # a category or review needs this many older positives to be simulated
INTEREST = "interest"
DUMP_SIZE = 500
MARKS = 7  # re-rankings timed, each after one more mark


def _library(folder: Path, papers: list[Paper], vectors: np.ndarray) -> Library:
    library = Library(folder)
    library.add_batch(papers, {paper.id: vector for paper, vector in zip(papers, vectors, strict=True)})
    return library


def _precision(feed_ids: list[str], relevant: set[str]) -> float:
    return sum(pid in relevant for pid in feed_ids[:TOP]) / TOP


def _simulate_sets(library: Library, order: list[str], groups: dict[str, set[str]]) -> dict[str, Any]:
    """Per group: its older members tagged (the user's interest), the newest papers ranked."""
    split = int(len(order) * (1 - HELD_OUT))
    older, newest = order[:split], order[split:]
    figures: dict[str, Any] = {}
    for name, members in groups.items():
        train = [pid for pid in older if pid in members]
        relevant = {pid for pid in newest if pid in members}
        if len(train) < MIN_TRAIN or not relevant:
            continue
        library.annotations.add_tags(train, [INTEREST])
        ranker = ForYou(library)
        model = ranker.rank(newest)
        similar = ranker.rank(newest, similarity_only=True)
        library.annotations.delete_tag(INTEREST)
        figures[name] = {
            "train": len(train),
            "held_out_relevant": len(relevant),
            "held_out": len(newest),
            "for_you_p10": _precision([r.paper.id for r in model.ranked], relevant),
            "similarity_p10": _precision([r.paper.id for r in similar.ranked], relevant),
        }
    if figures:
        figures["mean"] = {
            key: statistics.mean(cell[key] for name, cell in figures.items() if name != "mean")
            for key in ("for_you_p10", "similarity_p10")
        }
    return figures


def arxiv_feed(embedder: Any, work: Path) -> dict[str, Any]:
    """The arXiv sample's top-level categories (math, cond-mat, hep-ph…), newest by arXiv id held out."""
    papers = list(
        {
            p.id: p
            for p in read_dump(
                str(Path(__file__).resolve().parents[2] / "shared" / "realworld" / "arxiv_snapshot_sample.jsonl")
            ).records()
        }.values()
    )
    papers.sort(key=lambda p: p.arxiv_id)
    library = _library(work / "feed-arxiv", papers, embedder.embed([f"{p.title}. {p.abstract}" for p in papers]))
    try:
        groups: dict[str, set[str]] = {}
        for paper in papers:
            for category in {c.split(".")[0] for c in paper.categories.split()}:
                groups.setdefault(category, set()).add(paper.id)
        return _simulate_sets(library, [p.id for p in papers], groups)
    finally:
        library.close()


def review_feed(reviews: Iterable[tuple[str, LabelledSet, np.ndarray]], work: Path) -> dict[str, Any]:
    """Each review's included records as the interest, newest by PubMed id held out."""
    figures: dict[str, Any] = {}
    for name, records, vectors in reviews:
        papers, rows, labels = [], [], []
        seen: set[str] = set()
        for i in np.argsort([int(pid) if pid.isdigit() else 0 for pid in records.ids], kind="stable"):
            paper = Paper(
                abstract=records.abstracts[i] or records.titles[i], title=records.titles[i], pmid=records.ids[i]
            )
            if paper.id in seen:
                continue
            seen.add(paper.id)
            papers.append(paper)
            rows.append(vectors[i])
            labels.append(int(records.labels[i]))
        library = _library(work / f"feed-{name.replace('/', '-')}", papers, np.stack(rows))
        try:
            included = {p.id for p, label in zip(papers, labels, strict=True) if label}
            figures[name] = _simulate_sets(library, [p.id for p in papers], {"included": included}).get("included")
        finally:
            library.close()
    cells = [cell for cell in figures.values() if cell]
    figures["mean"] = {k: statistics.mean(c[k] for c in cells) for k in ("for_you_p10", "similarity_p10")}
    return figures


def rerank_speed(seeds: Path, work: Path, sizes: list[int], log: Any = print) -> dict[str, Any]:
    """A library of each size (synthetic papers, real embeddings of seed sentences), a 500-paper dump
    in it, 20 starred and 10 tagged papers; then a mark at a time, each followed by a timed re-rank."""
    from desktop.core.models.embedding import SentenceTransformerEmbedder

    synthesiser = Synthesiser(seeds, SentenceTransformerEmbedder())
    figures: dict[str, Any] = {}
    for size in sizes:
        library = Library(work / f"rerank-{size}")
        started = time.perf_counter()
        synthesiser.fill(library, size, seed=size, batch=5000)
        ids = library.all_ids()
        log(f"  filled {size:,} papers in {time.perf_counter() - started:.0f} s")
        rng = np.random.default_rng(size)
        dump = [ids[i] for i in rng.choice(len(ids), DUMP_SIZE, replace=False)]
        others = [pid for pid in ids[:5000] if pid not in set(dump)]
        for pid in others[:20]:
            library.set_starred(pid, True)
        library.annotations.add_tags(others[20:30], ["thesis"])
        ranker = ForYou(library)
        started = time.perf_counter()
        ranker.rank(dump)
        first = time.perf_counter() - started
        times = []
        for mark in range(MARKS):
            library.set_starred(others[30 + mark], True)
            feed = ranker.rank(dump)
            times.append(feed.elapsed_s)
        library.close()
        figures[str(size)] = {
            "first_rank_s": first,
            "rerank_s_median": statistics.median(times),
            "rerank_s_max": max(times),
        }
        log(
            f"  {size:,} papers: first ranking {first:.2f} s, re-rank after a mark {statistics.median(times):.3f} s "
            f"(max {max(times):.3f} s)"
        )
    return figures
