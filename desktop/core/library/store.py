"""The paper store: SQLite with an FTS5 keyword index. It is the library's source of truth."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from desktop.core.base.filters import SearchFilters
from desktop.core.library import paper_rows, schema
from desktop.core.library.annotations import Annotations
from desktop.core.library.connections import Connections, rows_in
from desktop.core.library.keyword_ranking import KeywordRanker
from desktop.core.library.records import Paper
from desktop.core.text.keywords import query_terms, segment_cjk

NO_FILTERS = SearchFilters()


def author_expression(author: str) -> str:
    """An FTS5 expression for papers with an author of that name (its words, in any order)."""
    words = [segment_cjk(term).replace('"', "") for term in query_terms(author)]
    return " AND ".join(f'authors : "{" ".join(word.split())}"' for word in words) or 'authors : ""'


class PaperStore:
    """One SQLite file in WAL mode; every write is one transaction.

    Thread rules: reads from any thread, each on a reader connection of its own (see
    Connections), so they never wait for a write; writes from one thread at a time (the
    library's writer thread, see Library), so two writes never interleave."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        self._connections = Connections(path, read_only)
        self._count: tuple[tuple[object, ...], int] = ((), 0)  # (version counted at, papers)
        try:
            if read_only:
                with self._connections.read() as db:
                    schema.check_readable(db, str(path))
            else:
                writer = self._connections.writer
                writer.execute("PRAGMA journal_mode = WAL")
                writer.execute("PRAGMA synchronous = NORMAL")
                schema.migrate(writer, str(path))
        except BaseException:
            self._connections.close()
            raise
        self.annotations = Annotations(self._connections)
        self.keyword_ranker = KeywordRanker(self._connections, self.count, self._filter_sql)

    def close(self) -> None:
        self._connections.close()

    @property
    def commits(self) -> int:
        """Write transactions committed since the store was opened."""
        return self._connections.commits

    # reads
    def count(self) -> int:
        """Papers stored; counted again only after a write here or in another process."""
        with self._connections.read() as db:
            version = self._connections.version(db)
            counted_at, count = self._count
            if version != counted_at:
                count = int(db.execute("SELECT count(*) FROM papers").fetchone()[0])
                self._count = (version, count)
            return count

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        with self._connections.read() as db:
            return {row[0] for row in rows_in(db, "SELECT id FROM papers WHERE id IN ({marks})", list(ids))}

    def ids_with_source(self, ids: set[str], source: str) -> set[str]:
        """Those of ids already recorded as coming from source."""
        sql = "SELECT paper_id FROM paper_sources WHERE source = ? AND paper_id IN ({marks})"
        with self._connections.read() as db:
            return {row[0] for row in rows_in(db, sql, sorted(ids), [source])}

    def get_many(self, ids: list[str]) -> dict[str, Paper]:
        sources: dict[str, list[str]] = {}
        identifiers: dict[str, list[tuple[str, str]]] = {}
        with self._connections.read() as db:
            sql = "SELECT paper_id, source FROM paper_sources WHERE paper_id IN ({marks}) ORDER BY rowid"
            for row in rows_in(db, sql, ids):
                sources.setdefault(row[0], []).append(row[1])
            sql = "SELECT paper_id, kind, value FROM paper_ids WHERE paper_id IN ({marks}) ORDER BY rowid"
            for row in rows_in(db, sql, ids):
                identifiers.setdefault(row[0], []).append((row[1], row[2]))
            rows = rows_in(db, f"SELECT {paper_rows.COLUMNS} FROM papers WHERE id IN ({{marks}})", ids)
            papers = {
                row["id"]: paper_rows.paper_from_row(row, sources.get(row["id"], []), identifiers.get(row["id"], []))
                for row in rows
            }
            self.annotations.fill(papers)
            return papers

    # lookups for duplicate matching (dedup.StoredPapers)
    def ids_for_identifiers(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """(kind, value) → the papers with it, as (id, title)."""
        found: dict[tuple[str, str], list[tuple[str, str]]] = {}
        sql = "SELECT i.paper_id, p.title FROM paper_ids i JOIN papers p ON p.id = i.paper_id WHERE i.kind = ? AND i.value = ?"
        with self._connections.read() as db:
            for kind, value in pairs:
                rows = db.execute(sql, [kind, value]).fetchall()
                if rows:
                    found[(kind, value)] = [(row[0], row[1]) for row in rows]
        return found

    def ids_for_canonical(self, keys: Iterable[str]) -> dict[str, str]:
        sql = "SELECT canonical_key, id FROM papers WHERE canonical_key IN ({marks})"
        with self._connections.read() as db:
            return {row[0]: row[1] for row in rows_in(db, sql, sorted(set(keys)))}

    def abstracts_for_titles(self, keys: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
        found: dict[str, list[tuple[str, str]]] = {}
        sql = "SELECT title_key, id, abstract FROM papers WHERE title_key IN ({marks})"
        with self._connections.read() as db:
            for row in rows_in(db, sql, sorted(set(keys))):
                found.setdefault(row[0], []).append((row[1], row[2]))
        return found

    def get(self, paper_id: str) -> Paper | None:
        return self.get_many([paper_id]).get(paper_id)

    def all_ids(self) -> list[str]:
        with self._connections.read() as db:
            return [row[0] for row in db.execute("SELECT id FROM papers ORDER BY rowid")]

    def ids_with_prefix(self, prefix: str, limit: int = 2) -> list[str]:
        """Ids that start with prefix (an index range scan, not a table scan)."""
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else ""
        with self._connections.read() as db:
            rows = db.execute("SELECT id FROM papers WHERE id >= ? AND id < ? LIMIT ?", [prefix, upper, limit])
            return [row[0] for row in rows]

    def filtered_ids(self, filters: SearchFilters) -> set[str]:
        clauses, values = self._filter_sql(filters)
        with self._connections.read() as db:
            rows = db.execute(f"SELECT id FROM papers p WHERE {clauses}", values)
            return {row[0] for row in rows}

    def newest_ids(self, filters: SearchFilters, limit: int, oldest: bool = False) -> list[str]:
        """The newest papers that pass the filters (dated ones by date, then the latest added), or
        the oldest dated ones."""
        clauses, values = self._filter_sql(filters)
        order = "p.date_iso ASC, p.rowid ASC" if oldest else "p.date_iso DESC, p.rowid DESC"
        dated = " AND p.date_iso <> ''" if oldest else ""
        with self._connections.read() as db:
            rows = db.execute(
                f"SELECT id FROM papers p WHERE {clauses}{dated} ORDER BY {order} LIMIT ?",
                [*values, limit],
            )
            return [row[0] for row in rows]

    def author_counts(self, limit: int) -> list[tuple[str, int]]:
        """The authors with the most papers, most first."""
        counts: dict[str, int] = {}
        with self._connections.read() as db:
            for row in db.execute("SELECT authors_json FROM papers WHERE author_count > 0"):
                for name in json.loads(row[0]):
                    counts[name] = counts.get(name, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]

    @staticmethod
    def _filter_sql(filters: SearchFilters) -> tuple[str, list[object]]:
        clauses, values = ["1"], []  # type: list[str], list[object]
        if filters.source:
            clauses.append("EXISTS (SELECT 1 FROM paper_sources s WHERE s.paper_id = p.id AND s.source = ?)")
            values.append(filters.source)
        if filters.lang:
            clauses.append("p.lang = ?")
            values.append(filters.lang)
        if filters.year:
            clauses.append("p.year = ?")
            values.append(filters.year)
        if filters.tag:
            clauses.append("EXISTS (SELECT 1 FROM tags t WHERE t.paper_id = p.id AND t.tag = ?)")
            values.append(filters.tag)
        if filters.author:
            clauses.append("p.rowid IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)")
            values.append(author_expression(filters.author))
        return " AND ".join(clauses), values

    def keyword_search(self, query: str, limit: int, filters: SearchFilters = NO_FILTERS) -> list[tuple[str, float]]:
        """(id, bm25 score; higher is better), see KeywordRanker."""
        return self.keyword_ranker.rank(query, limit, filters)

    def term_frequency(self, term: str) -> int:
        """Papers holding an FTS term (see KeywordRanker.frequency)."""
        return self.keyword_ranker.frequency(term)

    def has_phrase(self, phrase: str) -> bool:
        """Whether any title or abstract contains the phrase (its words in order)."""
        words = [segment_cjk(t) for t in query_terms(phrase)]
        if not words:
            return False
        expression = '"' + " ".join(" ".join(w.replace('"', "").split()) for w in words) + '"'
        with self._connections.read() as db:
            try:
                row = db.execute(
                    "SELECT 1 FROM papers_fts WHERE papers_fts MATCH ? LIMIT 1", [expression]
                ).fetchone()
            except sqlite3.OperationalError:
                return False
        return row is not None

    def embeddings_for(self, ids: list[str]) -> dict[str, np.ndarray]:
        sql = "SELECT paper_id, vector FROM embeddings WHERE paper_id IN ({marks})"
        with self._connections.read() as db:
            return {row[0]: np.frombuffer(row[1], dtype=np.float32) for row in rows_in(db, sql, ids)}

    def source_counts(self) -> dict[str, int]:
        sql = "SELECT source, count(*) FROM paper_sources GROUP BY source ORDER BY source"
        with self._connections.read() as db:
            return {row[0]: int(row[1]) for row in db.execute(sql)}

    def language_and_year_counts(self) -> tuple[dict[str, int], dict[int, int]]:
        """Papers by language (most first) and by year (oldest first), in one pass over an index."""
        languages: dict[str, int] = {}
        years: dict[int, int] = {}
        sql = "SELECT lang, year, count(*) FROM papers INDEXED BY papers_by_lang_year GROUP BY lang, year"
        with self._connections.read() as db:
            for lang, year, count in db.execute(sql):
                languages[lang] = languages.get(lang, 0) + int(count)
                if year is not None:
                    years[int(year)] = years.get(int(year), 0) + int(count)
        by_count = dict(sorted(languages.items(), key=lambda item: (-item[1], item[0])))
        return by_count, dict(sorted(years.items()))

    def starred_ids(self) -> list[str]:
        with self._connections.read() as db:
            return [
                row[0] for row in db.execute("SELECT id FROM papers INDEXED BY papers_starred WHERE starred = 1")
            ]

    def sources_of(self, paper_id: str) -> list[str]:
        with self._connections.read() as db:
            rows = db.execute("SELECT source FROM paper_sources WHERE paper_id = ?", [paper_id])
            return [row[0] for row in rows]

    def ids_of_source(self, source: str) -> list[str]:
        with self._connections.read() as db:
            rows = db.execute("SELECT paper_id FROM paper_sources WHERE source = ?", [source])
            return [row[0] for row in rows]

    def meta(self, key: str) -> str | None:
        with self._connections.read() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
            return None if row is None else str(row[0])

    # writes
    def set_meta(self, key: str, value: str) -> None:
        with self._connections.write() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

    def add_batch(
        self, papers: list[Paper], vectors: np.ndarray, merges: list[Paper], replaced: Sequence[str] = ()
    ) -> None:
        """Inserts new papers with their vectors, applies merges and removes the papers the new
        ones replace, all in one transaction."""
        now = time.time()
        with self._connections.write() as db:
            for paper, vector in zip(papers, vectors, strict=True):
                cursor = db.execute(
                    paper_rows.INSERT, [paper.id, *paper_rows.values(paper), int(paper.starred), now]
                )
                db.execute(
                    "INSERT INTO papers_fts (rowid, title, abstract, authors, extra) VALUES (?, ?, ?, ?, '')",
                    [cursor.lastrowid, *paper_rows.index_text(paper)],
                )
                db.execute(
                    "INSERT INTO embeddings (paper_id, vector) VALUES (?, ?)",
                    [paper.id, np.asarray(vector, dtype=np.float32).tobytes()],
                )
                _insert_sources_and_ids(db, paper)
                if paper.note or paper.tags or paper.reading_state:
                    self.annotations.store_with_new_paper(paper)
            for paper in merges:
                _update_merged(db, paper)
                if paper.note or paper.tags:
                    Annotations.store_merged(db, paper)
            if replaced:
                self.remove(list(replaced))

    def remove(self, ids: list[str]) -> int:
        removed = 0
        with self._connections.write() as db:
            for paper_id in ids:
                row = db.execute("SELECT rowid FROM papers WHERE id = ?", [paper_id]).fetchone()
                if row is None:
                    continue
                db.execute("DELETE FROM papers_fts WHERE rowid = ?", [row[0]])
                db.execute("DELETE FROM papers WHERE id = ?", [paper_id])
                removed += 1
        return removed

    def remove_source(self, source: str) -> list[str]:
        """Drops a source; papers found only there are deleted and their ids returned."""
        with self._connections.write() as db:
            ids = self.ids_of_source(source)
            orphans = [
                pid
                for pid in ids
                if db.execute("SELECT count(*) FROM paper_sources WHERE paper_id = ?", [pid]).fetchone()[0] == 1
            ]
            db.execute("DELETE FROM paper_sources WHERE source = ?", [source])
            self.remove(orphans)
        return orphans

    def ids_without_staged_embedding(self, limit: int) -> list[str]:
        sql = "SELECT id FROM papers WHERE id NOT IN (SELECT paper_id FROM embeddings_next) ORDER BY rowid LIMIT ?"
        with self._connections.read() as db:
            return [row[0] for row in db.execute(sql, [limit])]

    def stage_embeddings(self, vectors: Mapping[str, np.ndarray]) -> None:
        rows = [(pid, np.asarray(v, dtype=np.float32).tobytes()) for pid, v in vectors.items()]
        with self._connections.write() as db:
            db.executemany("INSERT OR REPLACE INTO embeddings_next (paper_id, vector) VALUES (?, ?)", rows)

    def swap_in_staged_embeddings(self, model_name: str, model_key: str) -> int:
        with self._connections.write() as db:
            db.execute("DELETE FROM embeddings")
            db.execute("INSERT INTO embeddings (paper_id, vector) SELECT paper_id, vector FROM embeddings_next")
            db.execute("DELETE FROM embeddings_next")
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [model_key, model_name])
            return int(db.execute("SELECT count(*) FROM embeddings").fetchone()[0])

    def clear_staged_embeddings(self) -> None:
        with self._connections.write() as db:
            db.execute("DELETE FROM embeddings_next")

    def set_starred(self, paper_id: str, starred: bool) -> None:
        with self._connections.write() as db:
            db.execute("UPDATE papers SET starred = ? WHERE id = ?", [int(starred), paper_id])


def _insert_sources_and_ids(db: sqlite3.Connection, paper: Paper) -> None:
    db.executemany(
        "INSERT OR IGNORE INTO paper_sources (paper_id, source) VALUES (?, ?)",
        [(paper.id, source) for source in paper.sources],
    )
    db.executemany(
        "INSERT OR IGNORE INTO paper_ids (paper_id, kind, value) VALUES (?, ?, ?)",
        [(paper.id, kind, value) for kind, value in paper.identifiers()],
    )


def _update_merged(db: sqlite3.Connection, paper: Paper) -> None:
    db.execute(paper_rows.UPDATE, [*paper_rows.values(paper), paper.id])
    row = db.execute("SELECT rowid FROM papers WHERE id = ?", [paper.id]).fetchone()
    title, _, authors = paper_rows.index_text(paper)
    db.execute("UPDATE papers_fts SET title = ?, authors = ? WHERE rowid = ?", [title, authors, row[0]])
    _insert_sources_and_ids(db, paper)
