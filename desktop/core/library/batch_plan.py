"""What one batch of records does to the library, decided before anything is written: which
records are new papers, which are copies of papers (stored or earlier in the batch) to merge, and
which stored papers a fuller copy replaces (a listing's cut-short abstract, then the whole one)."""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass, field

from desktop.core.library.dedup import Match, MatchKind
from desktop.core.library.records import Paper


@dataclass
class BatchOutcome:
    """What one add_batch did: ids of new papers, how many records were papers already known
    (near-duplicates among them), and how many stored papers a merge changed."""

    new: list[str] = field(default_factory=list)
    known: int = 0
    near_duplicates: int = 0
    merged: int = 0
    replaced: int = 0  # of the new ids, how many took the place of a cut-short stored copy


@dataclass
class Matched:
    """A batch's matches, and the store's commit count when they were made: still right if no
    write came in between."""

    matches: list[Match]
    at: int


@dataclass
class BatchPlan:
    fresh: dict[str, Paper] = field(default_factory=dict)  # new papers by id, copies merged in
    copies: dict[str, list[Paper]] = field(default_factory=dict)  # stored paper id → its copies
    replaced: dict[str, str] = field(default_factory=dict)  # stored id → the fresh paper in its place
    known: int = 0  # records that are papers already known (stored or earlier in the batch)
    near_duplicates: int = 0


def plan_batch(papers: Sequence[Paper], matches: Sequence[Match], embedded: Container[str]) -> BatchPlan:
    """embedded: the ids with a vector ready; a record needing one without it is counted as known
    (it was known when the batch was read and removed since)."""
    plan = BatchPlan()
    moved: dict[str, str] = {}  # a replaced id → the id that took its place

    def current(paper_id: str) -> str:
        while paper_id in moved:
            paper_id = moved[paper_id]
        return paper_id

    for paper, match in zip(papers, matches, strict=True):
        if match.new:
            if paper.id in embedded:
                plan.fresh[paper.id] = paper
            else:
                plan.known += 1
            continue
        plan.known += 1
        plan.near_duplicates += match.kind in (MatchKind.NEAR, MatchKind.TRUNCATED)
        target = current(match.target)
        if match.fuller and paper.id in embedded and paper.id not in plan.fresh:
            older = plan.fresh.pop(target, None)
            if older is not None:
                take_place_of(paper, older)
            else:
                plan.replaced[target] = paper.id
            plan.fresh[paper.id] = paper
            moved[target] = paper.id
        elif target in plan.fresh:
            plan.fresh[target].merge_from(paper)
        else:
            plan.copies.setdefault(target, []).append(paper)
    for target in [t for t in plan.copies if t in moved]:
        for copy in plan.copies.pop(target):
            plan.fresh[current(target)].merge_from(copy)
    return plan


def take_place_of(fuller: Paper, older: Paper) -> None:
    """The fuller copy keeps its abstract and takes everything else the older one had, its
    sources first (where the paper was first seen) and its star."""
    sources = list(older.sources) + [s for s in fuller.sources if s not in older.sources]
    fuller.merge_from(older)
    fuller.sources = sources
    fuller.starred = fuller.starred or older.starred
