"""Keyword ranking over the FTS5 index, with bounded work per query.

FTS5's bm25 counts, on every query, the papers holding each term (a walk over the term's whole
posting list) and then scores every matching row before it sorts. In a library of a million papers
a query with common words ("evaluating generative models") would walk and score hundreds of
thousands of rows. So, as Lucene's common-terms query does, terms found in more than half of the
papers (this library's own stop words: bm25 gives them a weight of zero) are left out of the match
when rarer terms are present, and bm25 scores at most the newest `scored_rows` matches.
Document frequencies are counted once (bounded) and kept until the library changes size by 1%.
Libraries under PRUNE_TERMS_ABOVE papers, and most queries in larger ones, are ranked exactly."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable

from desktop.core.base.filters import SearchFilters
from desktop.core.library.connections import Connections
from desktop.core.text.keywords import fts_terms

SCORED_ROWS = 20_000  # bm25 runs over at most this many rows per expression
PRUNE_TERMS_ABOVE = 5000  # papers; below this every term is used
COMMON_SHARE = 0.5  # a term in more than half of the papers has a bm25 weight of zero (FTS5 clamps its idf)
RECOUNT_AFTER = 0.01  # frequencies are counted again once the library changed size by this share
MORE_THAN_COUNTED = sys.maxsize
BM25 = "bm25(papers_fts, 3.0, 1.0, 2.0, 1.0)"  # title, abstract, authors, extra

FilterSql = Callable[[SearchFilters], tuple[str, list[object]]]


class KeywordRanker:
    """(paper id, score; higher is better) for a query. Papers with every (not common) term come
    first; papers with only some follow when needed."""

    def __init__(
        self,
        connections: Connections,
        count: Callable[[], int],
        filter_sql: FilterSql,
        scored_rows: int = SCORED_ROWS,
    ) -> None:
        self._connections = connections
        self._lock = threading.Lock()  # guards the frequency cache only
        self._count = count
        self._filter_sql = filter_sql
        self.scored_rows = scored_rows
        self._frequencies: dict[str, int] = {}
        self._counted_at = 0

    def rank(self, query: str, limit: int, filters: SearchFilters) -> list[tuple[str, float]]:
        terms = fts_terms(query)
        if not terms:
            return []
        used = self.selective_terms(terms)
        ranked = self._bounded(" AND ".join(used), limit, filters)
        if len(ranked) >= limit or len(used) == 1:
            return ranked
        return _appended(ranked, self._bounded(" OR ".join(used), limit, filters), limit)

    def selective_terms(self, terms: list[str]) -> list[str]:
        """In a large library, the terms found in some papers but not in more than COMMON_SHARE of
        them (all terms when none is, and in a small library)."""
        total = self._count()
        if total < PRUNE_TERMS_ABOVE:
            return terms
        bound = int(total * COMMON_SHARE)
        counts = {term: self._frequency(term, total, bound) for term in terms}
        rare = [term for term in terms if 0 < counts[term] <= bound]
        return rare or terms

    def frequency(self, term: str) -> int:
        """Papers holding an FTS term (a quoted phrase from fts_terms), counted once and kept."""
        total = self._count()
        return min(total, self._frequency(term, total, total))

    def _frequency(self, term: str, total: int, bound: int) -> int:
        """Papers holding term, or MORE_THAN_COUNTED beyond bound (a common term's list is not
        walked to its end)."""
        with self._lock:
            if abs(total - self._counted_at) > self._counted_at * RECOUNT_AFTER:
                self._frequencies.clear()
                self._counted_at = total
            known = self._frequencies.get(term)
        if known is not None:
            return known
        sql = "SELECT count(*) FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ? LIMIT ?)"
        with self._connections.read() as db:
            try:
                count = int(db.execute(sql, [term, bound + 1]).fetchone()[0])
            except sqlite3.OperationalError:
                count = 0
        found = MORE_THAN_COUNTED if count > bound else count
        with self._lock:
            self._frequencies[term] = found
        return found

    def _bounded(self, expression: str, limit: int, filters: SearchFilters) -> list[tuple[str, float]]:
        """The best limit of the newest `scored_rows` matches of expression by bm25 (all matches
        when fewer). One pass: FTS5 walks the matches newest first and scores each once; the papers
        table is read for the best only."""
        clauses, values = self._filter_sql(filters)
        join = "JOIN papers p ON p.rowid = papers_fts.rowid" if filters.active else ""
        where = f"AND {clauses}" if filters.active else ""
        sql = (
            f"WITH newest AS (SELECT papers_fts.rowid AS row, {BM25} AS rank FROM papers_fts {join} "
            f"WHERE papers_fts MATCH ? {where} ORDER BY papers_fts.rowid DESC LIMIT ?), "
            "best AS (SELECT row, rank FROM newest ORDER BY rank LIMIT ?) "
            "SELECT p.id, best.rank FROM best JOIN papers p ON p.rowid = best.row ORDER BY best.rank"
        )
        arguments = [expression, *(values if filters.active else []), self.scored_rows, limit]
        with self._connections.read() as db:
            try:
                rows = db.execute(sql, arguments).fetchall()
            except sqlite3.OperationalError:
                return []
        return [(row[0], -float(row[1])) for row in rows]


def _appended(ranked: list[tuple[str, float]], more: list[tuple[str, float]], limit: int) -> list[tuple[str, float]]:
    """ranked, then those of more not in it, scored below ranked's lowest so the order holds."""
    if not ranked:
        return more[:limit]
    seen = {paper_id for paper_id, _ in ranked}
    floor = min(score for _, score in ranked)
    result = list(ranked)
    for paper_id, score in more:
        if len(result) >= limit:
            break
        if paper_id not in seen:
            result.append((paper_id, min(score, floor - 1e-6)))
            floor = min(floor, result[-1][1])
    return result
