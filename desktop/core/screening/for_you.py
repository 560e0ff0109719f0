"""For you: a set of papers (a new dump, a tag, a year, search results) ranked by the user's
interests, learned from their marks (see interests.py) by a linear model over the stored
sentence embeddings and TF-IDF, trained on the marked papers against a fixed random sample of the
library (the unmarked papers stand in as negatives, as arxiv-sanity's per-tag SVMs do) and the
papers marked Not interested. Each paper says why: the closest marked papers and the words that
weigh most. With fewer than two positives (cold start) the ranking is by similarity to what the
user marked or searched.

Thread rules: reads only; rankings run one at a time (a lock: two workers may ask at once).
It keeps the background sample, the embeddings and the TF-IDF vocabulary it has read, so ranking
again after a mark only reads the marks and retrains (≤ 0.3 s for 500 papers: bench)."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from scipy import sparse

from desktop.core.library.records import Paper
from desktop.core.screening.interests import Interests, MarkedLibrary, read_interests
from desktop.core.screening.models import Classifier, Features, ModelSpec, fit, relevance, tfidf_vectorizer

FEED_MODEL = ModelSpec(Classifier.LOGREG, Features.BOTH)
BACKGROUND = 1500  # unmarked papers sampled from the library as negatives
MIN_POSITIVES = 2
MIN_NEGATIVES = 20
TAG_SUGGESTIONS = 5  # papers listed per tag
TAG_BACKGROUND = 500  # negatives for a tag's own model (a smaller fit: one per tag)
WHY_PAPERS, WHY_WORDS = 2, 4
EXPLAINED = 50  # the top papers whose words are picked out (the rest say which marked papers they are near)


class FeedLibrary(MarkedLibrary, Protocol):
    def all_ids(self) -> list[str]: ...

    def get_many(self, ids: list[str]) -> dict[str, Paper]: ...

    def embeddings_for(self, ids: list[str]) -> dict[str, np.ndarray]: ...


@dataclass
class Ranked:
    paper: Paper
    score: float
    close: list[tuple[Paper, float]] = field(default_factory=list)  # the nearest marked papers
    words: list[str] = field(default_factory=list)  # the words that weigh most for it

    @property
    def why(self) -> str:
        parts = []
        if self.close:
            parts.append("like " + "; ".join(f"“{p.display_title[:70]}”" for p, _ in self.close))
        if self.words:
            parts.append("words: " + ", ".join(self.words))
        return " · ".join(parts)


@dataclass
class Feed:
    ranked: list[Ranked]
    by_tag: dict[str, list[Ranked]]  # the user's tags with the new papers suggested for each
    cold_start: bool
    note: str
    marked: int  # papers of the set left out because the user already marked them
    elapsed_s: float = 0.0


class ForYou:
    def __init__(self, library: FeedLibrary, spec: ModelSpec = FEED_MODEL, seed: int = 0) -> None:
        self.library, self.spec, self.seed = library, spec, seed
        self._vectors: dict[str, np.ndarray] = {}
        self._papers: dict[str, Paper] = {}
        self._background: list[str] | None = None
        self._vectorizer: Any = None
        self._vocabulary_from: frozenset[str] = frozenset()
        self._words: Any = None  # the TF-IDF rows read so far, one matrix
        self._row_of: dict[str, int] = {}  # paper id → its row there
        self._names: np.ndarray = np.array([])
        self._lock = threading.Lock()
        self._known: tuple[tuple[str, ...], np.ndarray] = ((), np.zeros((0, 0)))

    # reading, kept between rankings
    def _ensure(self, ids: Sequence[str]) -> None:
        missing = [pid for pid in ids if pid not in self._papers]
        if missing:
            self._papers.update(self.library.get_many(missing))
            self._vectors.update(self.library.embeddings_for(missing))

    def background(self) -> list[str]:
        if self._background is None:
            every = self.library.all_ids()
            rng = np.random.default_rng(self.seed)
            picked: Any = rng.choice(len(every), size=min(BACKGROUND, len(every)), replace=False) if every else []
            self._background = [every[i] for i in sorted(picked)]
        return self._background

    def _fit_vocabulary(self, ids: Sequence[str]) -> None:
        """TF-IDF fitted once on the background and the set being ranked (again only for a new set)."""
        wanted = frozenset(ids)
        if self._vectorizer is not None and wanted <= self._vocabulary_from:
            return
        corpus = [pid for pid in dict.fromkeys([*self.background(), *ids]) if pid in self._papers]
        self._vectorizer = tfidf_vectorizer(self.spec)
        rows = self._vectorizer.fit_transform([_text(self._papers[pid]) for pid in corpus]).tocsr()
        self._names = self._vectorizer.get_feature_names_out()
        self._words, self._row_of = rows, {pid: i for i, pid in enumerate(corpus)}
        self._vocabulary_from = wanted | frozenset(self.background())

    def _rows(self, ids: Sequence[str]) -> Any:
        dimension = len(next(iter(self._vectors.values()))) if self._vectors else 1
        dense = np.stack([self._vectors.get(pid, np.zeros(dimension, np.float32)) for pid in ids]).astype(np.float64)
        if not self.spec.needs_text:
            return dense
        unseen = list(dict.fromkeys(pid for pid in ids if pid not in self._row_of))
        if unseen:  # papers outside the vocabulary's corpus (a mark elsewhere in the library)
            fresh = self._vectorizer.transform([_text(self._papers[pid]) for pid in unseen]).tocsr()
            self._row_of.update({pid: self._words.shape[0] + i for i, pid in enumerate(unseen)})
            self._words = sparse.vstack([self._words, fresh], format="csr")
        words = self._words[[self._row_of[pid] for pid in ids]]
        return (
            words if not self.spec.needs_embeddings else sparse.hstack([words, sparse.csr_matrix(dense)], format="csr")
        )

    # ranking
    def rank(
        self, candidate_ids: Sequence[str], query_vector: np.ndarray | None = None, similarity_only: bool = False
    ) -> Feed:
        """The candidates best first (those the user marked already left out). similarity_only:
        the cold-start ranking whatever the marks (the bench's baseline)."""
        with self._lock:
            return self._rank(candidate_ids, query_vector, similarity_only)

    def _rank(self, candidate_ids: Sequence[str], query_vector: np.ndarray | None, similarity_only: bool) -> Feed:
        started = time.perf_counter()
        interests = read_interests(self.library)
        candidates = [pid for pid in dict.fromkeys(candidate_ids) if pid not in interests.marked]
        positives = list(interests.positives)
        self._ensure([*candidates, *positives, *interests.negatives, *self.background()])
        candidates = [pid for pid in candidates if pid in self._papers]
        positives = [pid for pid in positives if pid in self._papers]
        if not candidates:
            return Feed([], {}, False, "Nothing new to rank here.", len(candidate_ids) - len(candidates))
        if self.spec.needs_text:
            self._fit_vocabulary(candidates)
        if len(positives) < MIN_POSITIVES or similarity_only:
            feed = self._cold(candidates, positives, query_vector)
        else:
            scores, model = self._scores(candidates, positives, interests.negatives)
            order = np.argsort(-scores, kind="stable")
            ranked = [
                self._explained(candidates[i], float(scores[i]), positives, model if n < EXPLAINED else None)
                for n, i in enumerate(order)
            ]
            feed = Feed(ranked, self._by_tag(candidates, interests), False, "", 0)
        feed.marked = len(set(candidate_ids)) - len(candidates)
        feed.elapsed_s = time.perf_counter() - started
        return feed

    def _scores(self, candidates: list[str], positives: list[str], negatives: set[str]) -> tuple[np.ndarray, Any]:
        others = self._unmarked(candidates, set(positives)) + sorted(negatives & set(self._papers))
        ids = positives + others
        labels = np.asarray([1] * len(positives) + [0] * len(others), dtype=np.int64)
        model = fit(self.spec, self._rows(ids), labels)
        return relevance(model, self._rows(candidates)), model

    def _unmarked(self, candidates: list[str], positives: set[str]) -> list[str]:
        """The sampled papers that stand in as negatives: those outside the set being ranked, or,
        in a library that holds little else, the set's own unmarked papers too (as arxiv-sanity)."""
        ranking = set(candidates)
        outside = [pid for pid in self.background() if pid not in positives and pid not in ranking]
        if len(outside) >= MIN_NEGATIVES:
            return outside
        return [pid for pid in dict.fromkeys([*outside, *candidates]) if pid not in positives]

    def _by_tag(self, candidates: list[str], interests: Interests) -> dict[str, list[Ranked]]:
        """Per tag, the candidates its own model ranks on its side (embeddings only: one quick fit per tag)."""
        spec = ModelSpec(self.spec.classifier, Features.EMBEDDING)
        found: dict[str, list[Ranked]] = {}
        rows = self._dense(candidates)
        for tag, members in interests.by_tag.items():
            positives = [pid for pid in members if pid in self._vectors]
            if len(positives) < MIN_POSITIVES:
                continue
            others = self._unmarked(candidates, members)[:TAG_BACKGROUND]
            labels = np.asarray([1] * len(positives) + [0] * len(others), dtype=np.int64)
            scores = relevance(fit(spec, self._dense(positives + others), labels), rows)
            chosen = [i for i in np.argsort(-scores) if scores[i] > 0][:TAG_SUGGESTIONS]
            if chosen:
                found[tag] = [self._explained(candidates[i], float(scores[i]), positives, None) for i in chosen]
        return found

    def _cold(self, candidates: list[str], positives: list[str], query_vector: np.ndarray | None) -> Feed:
        anchors = [self._vectors[pid] for pid in positives if pid in self._vectors]
        if query_vector is not None:
            anchors.append(np.asarray(query_vector, dtype=np.float32).ravel())
        advice = "Star, tag or put a few papers on your reading list (or mark some Not interested) to rank by your interests."
        if not anchors:
            ranked = [Ranked(self._papers[pid], 0.0) for pid in candidates]
            return Feed(ranked, {}, True, "In the order they came. " + advice, 0)
        similarity = (self._dense(candidates) @ np.stack(anchors).T.astype(np.float64)).max(axis=1)
        order = np.argsort(-similarity, kind="stable")
        ranked = [self._explained(candidates[i], float(similarity[i]), positives, None) for i in order]
        what = (
            "what you marked and searched"
            if positives and query_vector is not None
            else ("what you marked" if positives else "your search")
        )
        return Feed(ranked, {}, True, f"By similarity to {what}. " + advice, 0)

    def _dense(self, ids: Sequence[str]) -> np.ndarray:
        dimension = len(next(iter(self._vectors.values()))) if self._vectors else 1
        return np.stack([self._vectors.get(pid, np.zeros(dimension, np.float32)) for pid in ids]).astype(np.float64)

    def _explained(self, paper_id: str, score: float, positives: list[str], model: Any) -> Ranked:
        ranked = Ranked(self._papers[paper_id], score)
        known = tuple(pid for pid in positives if pid in self._vectors)
        if known and paper_id in self._vectors:
            if self._known[0] != known:  # the marked papers' vectors, stacked once per ranking
                self._known = (known, self._dense(known))
            similarity = self._known[1] @ self._vectors[paper_id].astype(np.float64)
            ranked.close = [
                (self._papers[known[i]], float(similarity[i])) for i in np.argsort(-similarity)[:WHY_PAPERS]
            ]
        if model is not None and self.spec.needs_text and paper_id in self._row_of:
            ranked.words = self._weighing_words(self._words[self._row_of[paper_id]], model)
        return ranked

    def _weighing_words(self, row: Any, model: Any) -> list[str]:
        """The candidate's words with the largest positive weight × TF-IDF in the model."""
        weights = np.asarray(model.coef_).ravel()[row.indices] * row.data
        best = np.argsort(-weights)[:WHY_WORDS]
        return [str(self._names[row.indices[i]]) for i in best if weights[i] > 0]


def _text(paper: Paper) -> str:
    return f"{paper.title}. {paper.abstract}"
