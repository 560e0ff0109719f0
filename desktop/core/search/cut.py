"""Where a result list stops being relevant: the hits either ranking really supports, and one
relevance figure for each (its score as a share of the best hit's).

A ranking always returns its k best, relevant or not: an author's name finds the one paper that
names them, and the embedding model still ranks 49 others by meaning. A hit stays when its keyword
score is near the best one's, or when its similarity stands above the pool's (the median of the
candidates: names and off-topic queries have a flat pool, a topic has papers standing out of it)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from desktop.core.search.hybrid import Hit

# A keyword match scores (bm25) at least this share of the best one: below it, it only shares a
# common word of the query ("learning" of "multi-task learning").
KEYWORD_SHARE = 0.4
# A match by meaning stands this far (cosine) above the median candidate. Measured on the seeds
# and the real-world dumps (2,081 papers, all-MiniLM-L6-v2): names and queries the library does
# not hold lift their best hit 0.06-0.07 above the median; topics lift 0.10-0.35.
SIMILARITY_LIFT = 0.10
# When nothing matches well, the closest few are shown (and said to be only the closest).
CLOSEST = 3


@dataclass
class RelevantHits:
    """The hits that stay, their relevance (0-1, the best hit 1), and what the cut did."""

    hits: list[Hit]
    relevance: list[float]
    keyword_matches: int  # hits that hold the query's words
    left_out: int  # hits the rankings returned that the cut left out
    closest_only: bool = False  # nothing matched well: these are only the closest

    @property
    def count(self) -> int:
        return len(self.hits)


def relevant_hits(hits: list[Hit]) -> RelevantHits:
    """hits (in their ranking's order: hit.score falls) cut where relevance falls away. A ranking
    that did not run (keyword in Semantic mode) leaves its score None and keeps no hit. Hits
    without any ranking evidence (the newest papers of a filter) are kept as they are."""
    if not hits or all(hit.similarity is None and hit.keyword_score is None for hit in hits):
        return RelevantHits(list(hits), [1.0] * len(hits), 0, 0)
    strong = _strong_keyword(hits) | _strong_meaning(hits)
    kept = [hit for index, hit in enumerate(hits) if index in strong]
    closest_only = not kept
    if closest_only:
        kept = hits[:CLOSEST]
    best = kept[0].score if kept[0].score > 0 else 1.0
    return RelevantHits(
        kept,
        [min(1.0, max(0.0, hit.score / best)) for hit in kept],
        sum(1 for hit in kept if hit.keyword_score is not None),
        len(hits) - len(kept),
        closest_only,
    )


def _strong_keyword(hits: list[Hit]) -> set[int]:
    scores = [hit.keyword_score for hit in hits if hit.keyword_score is not None]
    if not scores:
        return set()
    floor = KEYWORD_SHARE * max(scores)
    return {i for i, hit in enumerate(hits) if hit.keyword_score is not None and hit.keyword_score >= floor}


def _strong_meaning(hits: list[Hit]) -> set[int]:
    similarities = [hit.similarity for hit in hits if hit.similarity is not None]
    if not similarities:
        return set()
    floor = statistics.median(similarities) + SIMILARITY_LIFT
    return {i for i, hit in enumerate(hits) if hit.similarity is not None and hit.similarity >= floor}
