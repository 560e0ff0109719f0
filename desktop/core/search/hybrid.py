"""Search: semantic (Chroma), keyword (FTS5 bm25) and hybrid (reciprocal rank fusion)."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np

from desktop.core.base.choices import SearchMode
from desktop.core.base.filters import SearchFilters
from desktop.core.base.owner_thread import OwnerThread
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import Embedder
from desktop.core.text.cjk import cjk_query, has_cjk
from desktop.core.text.keywords import Snippet, make_snippet, query_terms

RRF_K = 60
CANDIDATES = 50


def keyword_weight(query: str) -> float:
    """Weight of the keyword ranking in the fusion: one- or two-word queries are usually names
    (MuZero, SimPLe) where exact matches should lead; longer ones are questions, weighted evenly."""
    terms = len(query_terms(query))
    return {1: 3.0, 2: 2.0}.get(terms, 1.0)


def reads_language(embedder: Embedder | None, query: str) -> bool:
    """Whether the embedding model reads the query's language. An English-only model (the bundled
    all-MiniLM-L6-v2) puts all Chinese text close together, so that a Chinese query would rank
    unrelated Chinese papers by meaning: such a query is ranked by its words instead."""
    return not has_cjk(query) or (embedder is not None and embedder.multilingual)


@dataclass
class Hit:
    """One result: the paper, its fused score, the per-ranker evidence and a snippet."""

    paper: Paper
    score: float
    similarity: float | None = None
    keyword_score: float | None = None
    snippet: Snippet = field(default_factory=lambda: Snippet(""))

    def to_dict(self) -> dict[str, object]:
        data = self.paper.to_dict()
        data.update(
            score=round(self.score, 6),
            similarity=None if self.similarity is None else round(self.similarity, 4),
            keyword_score=None if self.keyword_score is None else round(self.keyword_score, 4),
            snippet=self.snippet.marked(),
        )
        return data


class Searcher:
    """Runs queries against a library; the embedder is needed for semantic and hybrid modes.
    Given a ranker thread (the session's), keyword ranking runs there beside the query's
    embedding and the vector search; without one, after them."""

    def __init__(self, library: Library, embedder: Embedder | None, ranker: OwnerThread | None = None) -> None:
        self.library = library
        self.embedder = embedder
        self.ranker = ranker

    def semantic_ranking(self, vector: np.ndarray, limit: int, filters: SearchFilters) -> list[tuple[str, float]]:
        fetch = limit * 8 if filters.needs_store else limit
        ranked = self.library.vectors.query(vector, fetch, filters.chroma_where())
        if filters.needs_store:
            allowed = self.library.filtered_ids(filters)
            ranked = [(pid, score) for pid, score in ranked if pid in allowed]
            if len(ranked) < limit and len(allowed) <= 20_000:
                ranked = self._exact_ranking(vector, sorted(allowed), limit)
        return ranked[:limit]

    def _exact_ranking(self, vector: np.ndarray, ids: list[str], limit: int) -> list[tuple[str, float]]:
        stored = self.library.embeddings_for(ids)
        present = [pid for pid in ids if pid in stored]
        if not present:
            return []
        scores = np.stack([stored[pid] for pid in present]) @ np.asarray(vector, dtype=np.float32)
        order = np.argsort(-scores)[:limit]
        return [(present[i], float(scores[i])) for i in order]

    def search(
        self, query: str, k: int = 10, mode: str = SearchMode.HYBRID, filters: SearchFilters | None = None
    ) -> list[Hit]:
        """The k best papers for query. Without an embedder (still loading), keyword ranking only.
        With no query but a filter (an author, a dump…), the newest papers that pass it."""
        filters = filters or SearchFilters()
        query = query.strip()
        if not query:
            return self._newest(k, filters) if filters.active else []
        mode = SearchMode(mode)
        keywords = query
        if not reads_language(self.embedder, query):
            mode, keywords = SearchMode.KEYWORD, cjk_query(query) or query  # see reads_language
        dense: list[tuple[str, float]] = []
        sparse: list[tuple[str, float]] = []
        pending: Future[list[tuple[str, float]]] | None = None
        semantic = mode is not SearchMode.KEYWORD and self.embedder is not None
        if mode is not SearchMode.SEMANTIC:

            def rank() -> list[tuple[str, float]]:
                return self.library.keyword_ranking(keywords, max(k, CANDIDATES), filters)

            if self.ranker is not None and semantic:
                pending = self.ranker.submit(rank)  # SQLite runs beside the embedding and Chroma
            else:
                sparse = rank()
        if semantic and self.embedder is not None:
            self.library.check_embedder(self.embedder.name)
            vector = self.embedder.embed([query])[0]
            dense = self.semantic_ranking(vector, max(k, CANDIDATES), filters)
        if pending is not None:
            sparse = pending.result()
        return self._fuse(keywords, dense, sparse, k, mode)

    def _fuse(
        self, query: str, dense: list[tuple[str, float]], sparse: list[tuple[str, float]], k: int, mode: SearchMode
    ) -> list[Hit]:
        similarity = dict(dense)
        keyword = dict(sparse)
        if mode is SearchMode.SEMANTIC or not sparse:
            ordered = [(pid, score) for pid, score in dense]
        elif mode is SearchMode.KEYWORD or not dense:
            ordered = [(pid, score) for pid, score in sparse]
        else:
            fused: dict[str, float] = {}
            for ranking, weight in ((dense, 1.0), (sparse, keyword_weight(query))):
                for rank, (pid, _) in enumerate(ranking):
                    fused[pid] = fused.get(pid, 0.0) + weight / (RRF_K + rank + 1)
            ordered = sorted(fused.items(), key=lambda item: -item[1])
        ordered = ordered[:k]
        papers = self.library.get_many([pid for pid, _ in ordered])
        hits = []
        for pid, score in ordered:
            paper = papers.get(pid)
            if paper is None:
                continue
            hits.append(Hit(paper, score, similarity.get(pid), keyword.get(pid), make_snippet(paper.abstract, query)))
        return hits

    def _newest(self, k: int, filters: SearchFilters) -> list[Hit]:
        ids = self.library.newest_ids(filters, k)
        papers = self.library.get_many(ids)
        return [Hit(papers[pid], 0.0, snippet=make_snippet(papers[pid].abstract, "")) for pid in ids if pid in papers]

    def similar(self, paper_id: str, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        """Papers nearest to a paper's stored vector, the paper itself left out."""
        paper = self.library.get(paper_id)
        if paper is None:
            return []
        vector = self.library.embeddings_for([paper.id]).get(paper.id)
        if vector is None:
            return []
        ranked = [
            (pid, s) for pid, s in self.semantic_ranking(vector, k + 1, filters or SearchFilters()) if pid != paper.id
        ]
        papers = self.library.get_many([pid for pid, _ in ranked[:k]])
        return [
            Hit(papers[pid], score, score, None, make_snippet(papers[pid].abstract, ""))
            for pid, score in ranked[:k]
            if pid in papers
        ]
