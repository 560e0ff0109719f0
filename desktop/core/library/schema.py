"""The store's schema, as numbered migrations applied on open (`PRAGMA user_version`).

Version 1 is the first released schema. A library written by an older Abstracta is upgraded in
place the first time a writable Abstracta opens it; one written by a newer Abstracta is refused."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable

from desktop.core.base.errors import LibraryError

Migration = Callable[[sqlite3.Connection], None]

V1 = """
CREATE TABLE IF NOT EXISTS papers (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, abstract TEXT NOT NULL, authors TEXT NOT NULL,
    date_written TEXT NOT NULL, date_iso TEXT NOT NULL, year INTEGER, upvotes INTEGER,
    lang TEXT NOT NULL, external_id TEXT NOT NULL, categories TEXT NOT NULL,
    starred INTEGER NOT NULL DEFAULT 0, added_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS paper_sources (
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE, source TEXT NOT NULL,
    PRIMARY KEY (paper_id, source)
);
CREATE INDEX IF NOT EXISTS paper_sources_by_source ON paper_sources(source);
CREATE TABLE IF NOT EXISTS embeddings (
    paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE, vector BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5(
    title, abstract, tokenize = 'porter unicode61 remove_diacritics 2'
);
"""


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Runs each statement of script inside the caller's transaction (executescript would commit it)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement[:80]!r}")


def _create_v1(db: sqlite3.Connection) -> None:
    run_script(db, V1)


V2_COLUMNS = """
ALTER TABLE papers ADD COLUMN authors_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE papers ADD COLUMN author_count INTEGER;
ALTER TABLE papers ADD COLUMN venue TEXT NOT NULL DEFAULT '';
ALTER TABLE papers ADD COLUMN doi TEXT NOT NULL DEFAULT '';
ALTER TABLE papers ADD COLUMN arxiv_id TEXT NOT NULL DEFAULT '';
ALTER TABLE papers ADD COLUMN pmid TEXT NOT NULL DEFAULT '';
ALTER TABLE papers ADD COLUMN url TEXT NOT NULL DEFAULT '';
ALTER TABLE papers ADD COLUMN keywords_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE papers ADD COLUMN machine_summary TEXT NOT NULL DEFAULT '';
ALTER TABLE papers ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
ALTER TABLE papers ADD COLUMN canonical_key TEXT NOT NULL DEFAULT '';
CREATE TABLE paper_ids (
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE, kind TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (kind, value, paper_id)
);
CREATE INDEX paper_ids_by_paper ON paper_ids(paper_id);
"""
V2_INDEXES = """
ALTER TABLE papers DROP COLUMN authors;
ALTER TABLE papers DROP COLUMN external_id;
CREATE INDEX papers_by_title_key ON papers(title_key) WHERE title_key != '';
CREATE INDEX papers_by_canonical_key ON papers(canonical_key);
DROP TABLE papers_fts;
CREATE VIRTUAL TABLE papers_fts USING fts5(
    title, abstract, authors, extra, tokenize = 'porter unicode61 remove_diacritics 2'
);
"""
_COUNT = re.compile(r"^(\d+) authors?$")


def _v2_richer_records(db: sqlite3.Connection) -> None:
    """Author lists, identifiers, venue, URL, keywords; keys for duplicate matching; authors in
    the keyword index. Version 1 kept only an author count or one organisation, and one id."""
    from desktop.core.library.dedup import canonical_key, title_key
    from desktop.core.library.records import arxiv_id, doi
    from desktop.core.text.keywords import segment_cjk

    run_script(db, V2_COLUMNS)
    rows = db.execute("SELECT rowid, id, title, abstract, authors, external_id FROM papers").fetchall()
    for rowid, paper_id, title, abstract, authors, external in rows:
        count = _COUNT.match(authors or "")
        names = [] if count or not authors else [authors]
        identifiers = [("arxiv", arxiv_id(external)), ("doi", doi(external))]
        db.execute(
            "UPDATE papers SET authors_json = ?, author_count = ?, arxiv_id = ?, doi = ?, title_key = ?, "
            "canonical_key = ? WHERE rowid = ?",
            [
                json.dumps(names),
                int(count.group(1)) if count else (len(names) or None),
                identifiers[0][1],
                identifiers[1][1],
                title_key(title),
                canonical_key(abstract),
                rowid,
            ],
        )
        db.executemany(
            "INSERT OR IGNORE INTO paper_ids (paper_id, kind, value) VALUES (?, ?, ?)",
            [(paper_id, kind, value) for kind, value in identifiers if value],
        )
    run_script(db, V2_INDEXES)
    for rowid, _, title, abstract, authors, _ in rows:
        author_text = "" if _COUNT.match(authors or "") else authors or ""
        db.execute(
            "INSERT INTO papers_fts (rowid, title, abstract, authors, extra) VALUES (?, ?, ?, ?, '')",
            [rowid, segment_cjk(title), segment_cjk(abstract), segment_cjk(author_text)],
        )


V3 = """
CREATE TABLE IF NOT EXISTS notes (
    paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE, text TEXT NOT NULL, updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tags (
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE, tag TEXT NOT NULL,
    PRIMARY KEY (paper_id, tag)
);
CREATE INDEX IF NOT EXISTS tags_by_tag ON tags(tag);
CREATE TABLE IF NOT EXISTS embeddings_next (
    paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE, vector BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS reading (
    paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE, state TEXT NOT NULL, since REAL NOT NULL
);
"""


def _v3_notes_tags_reading(db: sqlite3.Connection) -> None:
    """Version 3: the reader's notes, tags and reading list (indexed for keyword search in the
    keyword index's spare `extra` column), and a side table for re-embedding with another model."""
    run_script(db, V3)


V4 = """
CREATE INDEX IF NOT EXISTS papers_by_lang_year ON papers(lang, year);
CREATE INDEX IF NOT EXISTS papers_starred ON papers(id) WHERE starred = 1;
"""


def _v4_count_indexes(db: sqlite3.Connection) -> None:
    """Version 4: the library panel's counts (languages, years, starred) read small indexes, not
    every paper's row: in a library of a million papers that is the difference between 0.1 s and 2 s
    before the window shows."""
    run_script(db, V4)


V5 = """
ALTER TABLE papers ADD COLUMN pdf_path TEXT NOT NULL DEFAULT '';
"""


def _v5_pdf_path(db: sqlite3.Connection) -> None:
    """Version 5: where a paper's PDF is on this machine (an imported PDF, a Zotero attachment, a
    BibTeX `file` field), for *Open PDF*. Papers stored before have none."""
    run_script(db, V5)


# MIGRATIONS[i] takes a store from version i to version i + 1.
MIGRATIONS: list[Migration] = [
    _create_v1,
    _v2_richer_records,
    _v3_notes_tags_reading,
    _v4_count_indexes,
    _v5_pdf_path,
]


def latest_version() -> int:
    return len(MIGRATIONS)


def stored_version(db: sqlite3.Connection) -> int:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version == 0 and db.execute("SELECT 1 FROM sqlite_master WHERE name = 'papers'").fetchone():
        return 1  # written before versions were recorded: the version 1 schema
    return version


def check_readable(db: sqlite3.Connection, path: str) -> None:
    """A read-only open cannot migrate: it needs the schema this code writes."""
    version = stored_version(db)
    if version != latest_version() and version != 0:
        _refuse_newer(version, path)
        raise LibraryError(
            f"The library {path} uses an older format (version {version}); open it once in a writable "
            "Abstracta (not a second, read-only window) to upgrade it."
        )


def migrate(db: sqlite3.Connection, path: str) -> int:
    """Applies the missing migrations, each in its own transaction; returns the version reached."""
    version = stored_version(db)
    _refuse_newer(version, path)
    if version and int(db.execute("PRAGMA user_version").fetchone()[0]) != version:
        db.execute(f"PRAGMA user_version = {version}")  # an unversioned version 1 store: record it
    for target, step in enumerate(MIGRATIONS[version:], start=version + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            db.execute(f"PRAGMA user_version = {target}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return latest_version()


def _refuse_newer(version: int, path: str) -> None:
    if version > latest_version():
        raise LibraryError(
            f"The library {path} was written by a newer Abstracta (format version {version}; this one "
            f"reads up to {latest_version()}). Update Abstracta to open it."
        )
