"""Shared by the reliability tests: big dumps, settings for CLI subprocesses, and the check that a
library's store, vector index and keyword index agree."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from desktop.core.library.library import STORE_FILE, Library
from tests.core.helpers import abstract, write

PAPERS = 8000  # in a big dump: an import of it takes long enough to be killed at random points

def big_dump(path: Path, count: int = PAPERS) -> Path:
    lines = []
    for i in range(count):
        lines += [f"Synthetic paper {i}", abstract(f"topic {i} with keyword k{i}")]
    return write(path, "\n".join(lines) + "\n")


def hashing_config(root: Path) -> dict[str, str]:
    config = root / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.json").write_text(json.dumps({"embedding_backend": "hashing"}))
    return {**os.environ, "ABSTRACTA_CONFIG_DIR": str(config), "ABSTRACTA_HOME": str(root / "lib")}


def assert_consistent(folder: Path) -> int:
    library = Library(folder)
    try:
        store_ids = set(library.all_ids())
        vector_ids = library.vectors.all_ids()
        with sqlite3.connect(folder / STORE_FILE) as db:
            fts = db.execute("SELECT count(*) FROM papers_fts").fetchone()[0]
            vectors = db.execute("SELECT count(*) FROM embeddings").fetchone()[0]
        assert store_ids == vector_ids, (len(store_ids), len(vector_ids))
        assert fts == vectors == len(store_ids)
        return len(store_ids)
    finally:
        library.close()


def stored_count(folder: Path) -> int:
    try:
        with sqlite3.connect(f"file:{folder / STORE_FILE}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT count(*) FROM papers").fetchone()[0])
    except sqlite3.Error:
        return 0
