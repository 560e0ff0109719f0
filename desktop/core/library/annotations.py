"""The reader's own data about papers: a note, tags and a reading state. Kept in the store with the
papers (so they survive re-imports and merges, and go with a paper only when it is removed), and
indexed for keyword search in the keyword index's `extra` column.

Thread rules as for the store: reads from any thread, writes from the library's writer thread."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from desktop.core.base.errors import LibraryError
from desktop.core.library.connections import Connections, rows_in
from desktop.core.library.records import READING_STATES, Paper
from desktop.core.text.keywords import segment_cjk

T = TypeVar("T")


class OnWriter(Protocol):
    def __call__(self, work: Callable[[], T]) -> T: ...


def clean_tag(tag: str) -> str:
    """A tag as stored: trimmed, inner spaces single, no leading '#'."""
    return " ".join(tag.strip().lstrip("#").split())


class Annotations:
    def __init__(self, connections: Connections) -> None:
        self._connections = connections

    # reads
    def fill(self, papers: dict[str, Paper]) -> None:
        """Sets the note, tags and reading state of each paper (one query each for all of them)."""
        ids = list(papers)
        with self._connections.read() as db:
            for row in rows_in(db, "SELECT paper_id, text FROM notes WHERE paper_id IN ({marks})", ids):
                papers[row[0]].note = row[1]
            for row in rows_in(db, "SELECT paper_id, tag FROM tags WHERE paper_id IN ({marks}) ORDER BY tag", ids):
                papers[row[0]].tags.append(row[1])
            for row in rows_in(db, "SELECT paper_id, state FROM reading WHERE paper_id IN ({marks})", ids):
                papers[row[0]].reading_state = row[1]

    def tag_counts(self) -> dict[str, int]:
        with self._connections.read() as db:
            rows = db.execute("SELECT tag, count(*) FROM tags GROUP BY tag ORDER BY lower(tag)")
            return {row[0]: row[1] for row in rows}

    def ids_with_tag(self, tag: str) -> list[str]:
        with self._connections.read() as db:
            return [row[0] for row in db.execute("SELECT paper_id FROM tags WHERE tag = ?", [tag])]

    def reading_list(self) -> list[tuple[str, str, float]]:
        """(paper id, state, since) for every paper on the list, unread first, then newest first."""
        order = "CASE state WHEN 'reading' THEN 0 WHEN 'to read' THEN 1 ELSE 2 END, since DESC"
        with self._connections.read() as db:
            rows = db.execute(f"SELECT paper_id, state, since FROM reading ORDER BY {order}")
            return [(row[0], row[1], row[2]) for row in rows]

    def noted_ids(self) -> set[str]:
        with self._connections.read() as db:
            return {row[0] for row in db.execute("SELECT paper_id FROM notes")}

    # writes
    def set_note(self, paper_id: str, text: str) -> None:
        with self._connections.write() as db:
            _check_stored(db, paper_id)
            if text.strip():
                db.execute(
                    "INSERT INTO notes (paper_id, text, updated_at) VALUES (?, ?, ?) ON CONFLICT(paper_id) "
                    "DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                    [paper_id, text, time.time()],
                )
            else:
                db.execute("DELETE FROM notes WHERE paper_id = ?", [paper_id])
            _reindex(db, [paper_id])

    def set_tags(self, paper_id: str, tags: Sequence[str]) -> list[str]:
        """Replaces a paper's tags; returns them as stored."""
        cleaned = list(dict.fromkeys(tag for tag in map(clean_tag, tags) if tag))
        with self._connections.write() as db:
            _check_stored(db, paper_id)
            db.execute("DELETE FROM tags WHERE paper_id = ?", [paper_id])
            db.executemany("INSERT INTO tags (paper_id, tag) VALUES (?, ?)", [(paper_id, t) for t in cleaned])
            _reindex(db, [paper_id])
        return cleaned

    def add_tags(self, paper_ids: Sequence[str], tags: Sequence[str]) -> None:
        cleaned = [tag for tag in map(clean_tag, tags) if tag]
        with self._connections.write() as db:
            db.executemany(
                "INSERT OR IGNORE INTO tags (paper_id, tag) SELECT id, ? FROM papers WHERE id = ?",
                [(tag, paper_id) for paper_id in paper_ids for tag in cleaned],
            )
            _reindex(db, paper_ids)

    def rename_tag(self, old: str, new: str) -> int:
        """Renames a tag on every paper (merging into `new` where a paper has both)."""
        new = clean_tag(new)
        if not new:
            return self.delete_tag(old)
        with self._connections.write() as db:
            ids = [row[0] for row in db.execute("SELECT paper_id FROM tags WHERE tag = ?", [old])]
            db.executemany("INSERT OR IGNORE INTO tags (paper_id, tag) VALUES (?, ?)", [(i, new) for i in ids])
            db.execute("DELETE FROM tags WHERE tag = ? AND tag != ?", [old, new])
            _reindex(db, ids)
            return len(ids)

    def delete_tag(self, tag: str) -> int:
        with self._connections.write() as db:
            ids = [row[0] for row in db.execute("SELECT paper_id FROM tags WHERE tag = ?", [tag])]
            db.execute("DELETE FROM tags WHERE tag = ?", [tag])
            _reindex(db, ids)
            return len(ids)

    def set_reading(self, paper_id: str, state: str) -> None:
        if state not in READING_STATES:
            raise ValueError(f"reading state must be one of {', '.join(s for s in READING_STATES if s)}")
        with self._connections.write() as db:
            _check_stored(db, paper_id)
            if state:
                db.execute(
                    "INSERT INTO reading (paper_id, state, since) VALUES (?, ?, ?) ON CONFLICT(paper_id) "
                    "DO UPDATE SET state = excluded.state, since = excluded.since",
                    [paper_id, state, time.time()],
                )
            else:
                db.execute("DELETE FROM reading WHERE paper_id = ?", [paper_id])

    def store_with_new_paper(self, paper: Paper) -> None:
        """A new paper that took an older copy's place carries its note, tags and state (inside
        the caller's transaction)."""
        with self._connections.write() as db:
            self._store_with_new_paper(db, paper)

    @staticmethod
    def store_merged(db: sqlite3.Connection, paper: Paper) -> None:
        """A stored paper's note and tags after a merge brought more (a Zotero item's new tags),
        inside the caller's transaction; its reading state is left as it is."""
        if paper.note:
            db.execute(
                "INSERT OR REPLACE INTO notes (paper_id, text, updated_at) VALUES (?, ?, ?)",
                [paper.id, paper.note, time.time()],
            )
        db.executemany(
            "INSERT OR IGNORE INTO tags (paper_id, tag) VALUES (?, ?)", [(paper.id, tag) for tag in paper.tags]
        )
        _reindex(db, [paper.id])

    @staticmethod
    def _store_with_new_paper(db: sqlite3.Connection, paper: Paper) -> None:
        if paper.note:
            db.execute(
                "INSERT OR REPLACE INTO notes (paper_id, text, updated_at) VALUES (?, ?, ?)",
                [paper.id, paper.note, time.time()],
            )
        db.executemany(
            "INSERT OR IGNORE INTO tags (paper_id, tag) VALUES (?, ?)", [(paper.id, tag) for tag in paper.tags]
        )
        if paper.reading_state:
            db.execute(
                "INSERT OR REPLACE INTO reading (paper_id, state, since) VALUES (?, ?, ?)",
                [paper.id, paper.reading_state, time.time()],
            )
        if paper.note or paper.tags:
            _reindex(db, [paper.id])



def _check_stored(db: sqlite3.Connection, paper_id: str) -> None:
    """A clear error for a paper removed meanwhile (its dump removed while its note was typed)."""
    if db.execute("SELECT 1 FROM papers WHERE id = ?", [paper_id]).fetchone() is None:
        raise LibraryError(f"The paper {paper_id[:10]} is no longer in the library (it was removed).")


def _reindex(db: sqlite3.Connection, paper_ids: Sequence[str]) -> None:
    """The note and tags of each paper into the keyword index (inside the caller's transaction)."""
    for paper_id in paper_ids:
        row = db.execute("SELECT rowid FROM papers WHERE id = ?", [paper_id]).fetchone()
        if row is None:
            continue
        note = db.execute("SELECT text FROM notes WHERE paper_id = ?", [paper_id]).fetchone()
        tags = [r[0] for r in db.execute("SELECT tag FROM tags WHERE paper_id = ?", [paper_id])]
        extra = " ".join([note[0] if note else "", *tags])
        db.execute("UPDATE papers_fts SET extra = ? WHERE rowid = ?", [segment_cjk(extra), row[0]])


class LibraryAnnotations:
    """The library's face of Annotations: reads as they are, writes run on the library's writer."""

    def __init__(self, annotations: Annotations, on_writer: OnWriter) -> None:
        self._annotations, self._on_writer = annotations, on_writer

    def tag_counts(self) -> dict[str, int]:
        return self._annotations.tag_counts()

    def ids_with_tag(self, tag: str) -> list[str]:
        return self._annotations.ids_with_tag(tag)

    def reading_list(self) -> list[tuple[str, str, float]]:
        return self._annotations.reading_list()

    def noted_ids(self) -> set[str]:
        return self._annotations.noted_ids()

    def set_note(self, paper_id: str, text: str) -> None:
        self._on_writer(lambda: self._annotations.set_note(paper_id, text))

    def set_tags(self, paper_id: str, tags: Sequence[str]) -> list[str]:
        return self._on_writer(lambda: self._annotations.set_tags(paper_id, tags))

    def add_tags(self, paper_ids: Sequence[str], tags: Sequence[str]) -> None:
        self._on_writer(lambda: self._annotations.add_tags(paper_ids, tags))

    def rename_tag(self, old: str, new: str) -> int:
        return self._on_writer(lambda: self._annotations.rename_tag(old, new))

    def delete_tag(self, tag: str) -> int:
        return self._on_writer(lambda: self._annotations.delete_tag(tag))

    def set_reading(self, paper_id: str, state: str) -> None:
        self._on_writer(lambda: self._annotations.set_reading(paper_id, state))
