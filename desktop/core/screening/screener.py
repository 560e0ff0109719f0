"""Screening a review: the record most likely relevant next, a decision, a retrain, and so on.

Include, Exclude and Maybe are kept at once (see reviews.py); every Include or Exclude retrains
the model (Maybe is screened but not learned from). Until a record has been included and one
excluded there is nothing to learn from: the inclusion criteria (when written) or the included
records rank by similarity, else the order is random (fixed per review).

Thread rules: one Screener is used by one job at a time (the UI runs its calls on a worker)."""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from scipy import sparse

from desktop.core.library.records import Paper
from desktop.core.screening.marks import Decision
from desktop.core.screening.models import DEFAULT, ModelSpec, feature_matrix, fit, relevance
from desktop.core.screening.reviews import Review, ReviewLibrary, Reviews

Embed = Callable[[Sequence[str]], np.ndarray]
# Excluded records in a row after which the screen says most relevant ones are probably found
# (the "stop after N irrelevant in a row" rule reviewers use with ASReview), at least this many
# and at least this share of the set.
QUIET_RUN = 50
QUIET_SHARE = 0.05


class ScreenLibrary(ReviewLibrary, Protocol):
    def embeddings_for(self, ids: list[str]) -> dict[str, np.ndarray]: ...


@dataclass
class Suggestion:
    """The next record to screen and why it comes now."""

    paper: Paper
    score: float | None
    reason: str


def paper_text(paper: Paper) -> str:
    return f"{paper.title}. {paper.abstract}".strip(". ")


class Screener:
    def __init__(
        self, library: ScreenLibrary, review: Review, spec: ModelSpec = DEFAULT, embed: Embed | None = None
    ) -> None:
        self.library, self.review, self.spec = library, review, spec
        self.reviews = Reviews(library)
        found = library.get_many(review.ids)
        self.papers = [found[pid] for pid in review.ids if pid in found]
        self.index = {paper.id: i for i, paper in enumerate(self.papers)}
        texts = [paper_text(paper) for paper in self.papers]
        vectors = library.embeddings_for([paper.id for paper in self.papers]) if spec.needs_embeddings else {}
        dimension = len(next(iter(vectors.values()))) if vectors else 1
        embeddings = (
            np.stack([vectors.get(p.id, np.zeros(dimension, np.float32)) for p in self.papers]) if self.papers else None
        )
        self.rows: Any
        vectorizer: Any
        self.rows, vectorizer = feature_matrix(spec, texts, embeddings) if self.papers else (None, None)
        self.criteria_row = self._criteria_row(review.criteria, vectorizer, embed)
        self.retrain_s = 0.0
        self._order = np.random.default_rng(zlib.crc32(review.name.encode())).permutation(len(self.papers))

    def _criteria_row(self, criteria: str, vectorizer: Any, embed: Embed | None) -> Any:
        """The criteria as one more included record (a pseudo-record), or None."""
        if not criteria.strip() or self.rows is None:
            return None
        words = vectorizer.transform([criteria]) if vectorizer is not None else None
        vector = None
        if self.spec.needs_embeddings:
            if embed is None:
                return None  # a row without its embedding part would not fit the model's columns
            vector = np.asarray(embed([criteria]), dtype=np.float64).reshape(1, -1)
        if words is None:
            return vector
        return words if vector is None else sparse.hstack([words, sparse.csr_matrix(vector)], format="csr")

    # what has been screened
    @property
    def total(self) -> int:
        return len(self.papers)

    def decisions(self) -> dict[str, Decision]:
        return {pid: made for pid, made in self.review.log if pid in self.index}

    def curve(self) -> list[int]:
        """Included records among the first 1, 2, … screened (the recall curve's points)."""
        found, points = 0, []
        for pid, made in self.review.log:
            if pid in self.index:
                found += made == Decision.INCLUDED
                points.append(found)
        return points

    def excluded_in_a_row(self) -> int:
        run = 0
        for pid, made in reversed(self.review.log):
            if pid not in self.index or made == Decision.MAYBE:
                continue
            if made != Decision.EXCLUDED:
                break
            run += 1
        return run

    def quiet_hint(self) -> str:
        """A hint when many irrelevant records have come in a row ('' otherwise)."""
        run, needed = self.excluded_in_a_row(), max(QUIET_RUN, int(QUIET_SHARE * self.total))
        if run < needed or len(self.decisions()) >= self.total:
            return ""
        return (
            f"{run} excluded in a row: the relevant records are probably found (a common stopping rule). "
            "Screen on to be surer, or export."
        )

    # the next record
    def ranked(self) -> tuple[list[int], np.ndarray | None, str]:
        """Unscreened records best first, their scores (None: not from a model), and why."""
        decided = self.decisions()
        pool = [i for i in self._order if self.papers[i].id not in decided]
        if not pool:
            return [], None, ""
        labelled = [
            (self.index[pid], int(made == Decision.INCLUDED)) for pid, made in decided.items() if made != Decision.MAYBE
        ]
        labels = np.asarray([label for _, label in labelled], dtype=np.int64)
        if labels.size and 0 < labels.sum() < labels.size:
            return self._by_model(pool, labelled)
        positives = [i for i, label in labelled if label]
        anchor = self.rows[positives] if positives else self.criteria_row
        if anchor is None:
            return pool, None, "random order until one record is included and one excluded"
        similarity = _cosine(self.rows[pool], anchor)
        order = np.argsort(-similarity, kind="stable")
        why = "closest to the records you included" if positives else "closest to your inclusion criteria"
        return [pool[i] for i in order], similarity[order], why

    def _by_model(self, pool: list[int], labelled: list[tuple[int, int]]) -> tuple[list[int], np.ndarray, str]:
        started = time.perf_counter()
        rows = self.rows[[i for i, _ in labelled]]
        labels = np.asarray([label for _, label in labelled], dtype=np.int64)
        if self.criteria_row is not None:
            stack = sparse.vstack if sparse.issparse(rows) else np.vstack
            rows, labels = stack([rows, self.criteria_row]), np.append(labels, 1)
        model = fit(self.spec, rows, labels)
        scores = relevance(model, self.rows[pool])
        self.retrain_s = time.perf_counter() - started
        order = np.argsort(-scores, kind="stable")
        return (
            [pool[i] for i in order],
            scores[order],
            f"most likely relevant ({self.spec.name}, retrained on {len(labelled)} decisions)",
        )

    def next(self) -> Suggestion | None:
        ranked, scores, why = self.ranked()
        if not ranked:
            return None
        return Suggestion(self.papers[ranked[0]], None if scores is None else float(scores[0]), why)

    # decisions (writes: call from a worker)
    def decide(self, paper_id: str, decision: Decision) -> Suggestion | None:
        self.reviews.decide(self.review, paper_id, Decision(decision))
        return self.next()

    def undo(self) -> tuple[str, Decision] | None:
        return self.reviews.undo(self.review)

    def papers_with(self, decision: Decision | None) -> list[tuple[Paper, Decision | None]]:
        """The screened papers with that decision (None: every paper of the set, screened order
        first), each with its decision."""
        decided = self.decisions()
        screened = [(self.papers[self.index[pid]], made) for pid, made in decided.items()]
        if decision is not None:
            return [(paper, made) for paper, made in screened if made == decision]
        rest = [(paper, None) for paper in self.papers if paper.id not in decided]
        return [*screened, *rest]


def _cosine(rows: Any, anchor: Any) -> np.ndarray:
    """Each row's best cosine similarity to any anchor row (rows are L2-normalised or close)."""
    product = rows @ anchor.T
    dense = product.toarray() if sparse.issparse(product) else np.asarray(product)
    return np.asarray(dense.max(axis=1)).ravel()
