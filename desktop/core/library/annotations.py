"""The reader's own data about papers: a note, tags and a reading state. Kept in the store with the
papers (so they survive re-imports and merges, and go with a paper only when it is removed), and
indexed for keyword search in the keyword index's `extra` column.

Thread rules as for the store: reads from any thread, writes from the library's writer thread."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, TypeVar

from desktop.core.library.records import READING_STATES, Paper
from desktop.core.text.keywords import segment_cjk

RowsIn = Callable[[str, Sequence[str]], Iterator[sqlite3.Row]]
T = TypeVar("T")


class OnWriter(Protocol):
    def __call__(self, work: Callable[[], T]) -> T: ...


def clean_tag(tag: str) -> str:
    """A tag as stored: trimmed, inner spaces single, no leading '#'."""
    return " ".join(tag.strip().lstrip("#").split())


class Annotations:
    def __init__(
        self,
        db: sqlite3.Connection,
        lock: threading.RLock,
        transaction: Callable[[], AbstractContextManager[None]],
        rows_in: RowsIn,
    ) -> None:
        self._db, self._lock, self._transaction, self._rows_in = db, lock, transaction, rows_in

    # reads
    def fill(self, papers: dict[str, Paper]) -> None:
        """Sets the note, tags and reading state of each paper (one query each for all of them)."""
        ids = list(papers)
        with self._lock:
            for row in self._rows_in("SELECT paper_id, text FROM notes WHERE paper_id IN ({marks})", ids):
                papers[row[0]].note = row[1]
            for row in self._rows_in("SELECT paper_id, tag FROM tags WHERE paper_id IN ({marks}) ORDER BY tag", ids):
                papers[row[0]].tags.append(row[1])
            for row in self._rows_in("SELECT paper_id, state FROM reading WHERE paper_id IN ({marks})", ids):
                papers[row[0]].reading_state = row[1]

    def tag_counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT tag, count(*) FROM tags GROUP BY tag ORDER BY lower(tag)")
            return {row[0]: row[1] for row in rows}

    def ids_with_tag(self, tag: str) -> list[str]:
        with self._lock:
            return [row[0] for row in self._db.execute("SELECT paper_id FROM tags WHERE tag = ?", [tag])]

    def reading_list(self) -> list[tuple[str, str, float]]:
        """(paper id, state, since) for every paper on the list, unread first, then newest first."""
        order = "CASE state WHEN 'reading' THEN 0 WHEN 'to read' THEN 1 ELSE 2 END, since DESC"
        with self._lock:
            rows = self._db.execute(f"SELECT paper_id, state, since FROM reading ORDER BY {order}")
            return [(row[0], row[1], row[2]) for row in rows]

    def noted_ids(self) -> set[str]:
        with self._lock:
            return {row[0] for row in self._db.execute("SELECT paper_id FROM notes")}

    # writes
    def set_note(self, paper_id: str, text: str) -> None:
        with self._lock, self._transaction():
            if text.strip():
                self._db.execute(
                    "INSERT INTO notes (paper_id, text, updated_at) VALUES (?, ?, ?) ON CONFLICT(paper_id) "
                    "DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                    [paper_id, text, time.time()],
                )
            else:
                self._db.execute("DELETE FROM notes WHERE paper_id = ?", [paper_id])
            self._reindex([paper_id])

    def set_tags(self, paper_id: str, tags: Sequence[str]) -> list[str]:
        """Replaces a paper's tags; returns them as stored."""
        cleaned = list(dict.fromkeys(tag for tag in map(clean_tag, tags) if tag))
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM tags WHERE paper_id = ?", [paper_id])
            self._db.executemany("INSERT INTO tags (paper_id, tag) VALUES (?, ?)", [(paper_id, t) for t in cleaned])
            self._reindex([paper_id])
        return cleaned

    def add_tags(self, paper_ids: Sequence[str], tags: Sequence[str]) -> None:
        cleaned = [tag for tag in map(clean_tag, tags) if tag]
        with self._lock, self._transaction():
            self._db.executemany(
                "INSERT OR IGNORE INTO tags (paper_id, tag) SELECT id, ? FROM papers WHERE id = ?",
                [(tag, paper_id) for paper_id in paper_ids for tag in cleaned],
            )
            self._reindex(paper_ids)

    def rename_tag(self, old: str, new: str) -> int:
        """Renames a tag on every paper (merging into `new` where a paper has both)."""
        new = clean_tag(new)
        if not new:
            return self.delete_tag(old)
        with self._lock, self._transaction():
            ids = [row[0] for row in self._db.execute("SELECT paper_id FROM tags WHERE tag = ?", [old])]
            self._db.executemany("INSERT OR IGNORE INTO tags (paper_id, tag) VALUES (?, ?)", [(i, new) for i in ids])
            self._db.execute("DELETE FROM tags WHERE tag = ? AND tag != ?", [old, new])
            self._reindex(ids)
            return len(ids)

    def delete_tag(self, tag: str) -> int:
        with self._lock, self._transaction():
            ids = [row[0] for row in self._db.execute("SELECT paper_id FROM tags WHERE tag = ?", [tag])]
            self._db.execute("DELETE FROM tags WHERE tag = ?", [tag])
            self._reindex(ids)
            return len(ids)

    def set_reading(self, paper_id: str, state: str) -> None:
        if state not in READING_STATES:
            raise ValueError(f"reading state must be one of {', '.join(s for s in READING_STATES if s)}")
        with self._lock, self._transaction():
            if state:
                self._db.execute(
                    "INSERT INTO reading (paper_id, state, since) VALUES (?, ?, ?) ON CONFLICT(paper_id) "
                    "DO UPDATE SET state = excluded.state, since = excluded.since",
                    [paper_id, state, time.time()],
                )
            else:
                self._db.execute("DELETE FROM reading WHERE paper_id = ?", [paper_id])

    def store_with_new_paper(self, paper: Paper) -> None:
        """A new paper that took an older copy's place carries its note, tags and state (inside
        the caller's transaction)."""
        if paper.note:
            self._db.execute(
                "INSERT OR REPLACE INTO notes (paper_id, text, updated_at) VALUES (?, ?, ?)",
                [paper.id, paper.note, time.time()],
            )
        self._db.executemany(
            "INSERT OR IGNORE INTO tags (paper_id, tag) VALUES (?, ?)", [(paper.id, tag) for tag in paper.tags]
        )
        if paper.reading_state:
            self._db.execute(
                "INSERT OR REPLACE INTO reading (paper_id, state, since) VALUES (?, ?, ?)",
                [paper.id, paper.reading_state, time.time()],
            )
        if paper.note or paper.tags:
            self._reindex([paper.id])

    def _reindex(self, paper_ids: Sequence[str]) -> None:
        """The note and tags of each paper into the keyword index (callers hold the transaction)."""
        for paper_id in paper_ids:
            row = self._db.execute("SELECT rowid FROM papers WHERE id = ?", [paper_id]).fetchone()
            if row is None:
                continue
            note = self._db.execute("SELECT text FROM notes WHERE paper_id = ?", [paper_id]).fetchone()
            tags = [r[0] for r in self._db.execute("SELECT tag FROM tags WHERE paper_id = ?", [paper_id])]
            extra = " ".join([note[0] if note else "", *tags])
            self._db.execute("UPDATE papers_fts SET extra = ? WHERE rowid = ?", [segment_cjk(extra), row[0]])


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
