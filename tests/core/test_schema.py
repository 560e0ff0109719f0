"""The store's schema versions: migrations applied on open, from every released version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.core.base.errors import LibraryError
from desktop.core.library import schema
from desktop.core.library.store import PaperStore

# The schema the first release wrote, frozen here as it was (without a user_version).
RELEASED_V1 = schema.V1
V1_PAPER = (
    "INSERT INTO papers (id, title, abstract, authors, date_written, date_iso, year, upvotes, lang, external_id, "
    "categories, starred, added_at) VALUES ('abc123', 'A Stored Paper', 'An abstract kept across upgrades.', "
    "'2 authors', 'Oct 9, 2023', '2023-10-09', 2023, 4, 'en', '', '', 1, 0)"
)


def version_1_library(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.executescript(RELEASED_V1)
        db.execute(V1_PAPER)
        db.execute("INSERT INTO paper_sources (paper_id, source) VALUES ('abc123', 'old.txt')")
        db.execute("INSERT INTO papers_fts (rowid, title, abstract) VALUES (1, 'A Stored Paper', 'upgrades')")
    return path


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def test_a_version_1_store_is_migrated_on_open_and_keeps_its_papers(tmp_path: Path) -> None:
    path = version_1_library(tmp_path / "library.sqlite3")
    assert user_version(path) == 0
    store = PaperStore(path)
    try:
        paper = store.get("abc123")
        assert paper is not None and (paper.title, paper.sources, paper.starred) == (
            "A Stored Paper",
            ["old.txt"],
            True,
        )
        assert store.keyword_search("upgrades", 5)[0][0] == "abc123"
        # the panel's counts read the indexes version 4 added (INDEXED BY fails without them)
        assert store.language_and_year_counts() == ({"en": 1}, {2023: 1})
        assert store.starred_ids() == ["abc123"]
    finally:
        store.close()
    assert user_version(path) == schema.latest_version()


def test_a_new_store_starts_at_the_latest_version(tmp_path: Path) -> None:
    PaperStore(tmp_path / "new.sqlite3").close()
    assert user_version(tmp_path / "new.sqlite3") == schema.latest_version()


def test_a_store_from_a_newer_abstracta_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    PaperStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {schema.latest_version() + 5}")
    for read_only in (False, True):
        with pytest.raises(LibraryError, match="newer Abstracta"):
            PaperStore(path, read_only=read_only)


def test_a_failed_migration_leaves_the_store_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = version_1_library(tmp_path / "library.sqlite3")

    def broken(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE papers ADD COLUMN half_done TEXT")
        raise RuntimeError("power cut")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    with pytest.raises(RuntimeError, match="power cut"):
        PaperStore(path)
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(papers)")}
    assert "half_done" not in columns and user_version(path) == len(schema.MIGRATIONS) - 1


def test_a_read_only_open_of_an_older_store_says_how_to_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = version_1_library(tmp_path / "library.sqlite3")
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, lambda db: None])
    with pytest.raises(LibraryError, match="older format"):
        PaperStore(path, read_only=True)
