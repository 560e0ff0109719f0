"""The store's SQLite connections: the writer's own, and a pool of readers beside it.

In WAL mode a reader sees the last commit while a write transaction is open, so a search never
waits for an import's batch. Each `read()` block is one read transaction (one consistent
snapshot); a thread inside its own write reads through the writer's connection (it sees what it
has written so far).

Thread rules: `read()` from any thread (nested blocks on one thread share a connection);
`write()` from one thread at a time (the library's writer thread; tests may write from theirs).
`close()` when no read or write is running."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from desktop.core.base.errors import LibraryLockedError

IN_CHUNK = 500  # ids per IN list (SQLite limits the number of bound values)


def rows_in(
    db: sqlite3.Connection, sql: str, ids: Sequence[str], leading: Sequence[object] = ()
) -> Iterator[sqlite3.Row]:
    """Runs sql, whose {marks} stands for an IN list, over ids in chunks SQLite accepts."""
    for start in range(0, len(ids), IN_CHUNK):
        chunk = list(ids[start : start + IN_CHUNK])
        yield from db.execute(sql.format(marks=",".join("?" * len(chunk))), [*leading, *chunk])


class Connections:
    def __init__(self, path: Path, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self._uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
        self._writer = None if read_only else self._open(reader=False)
        self._write_lock = threading.RLock()
        self._writing: int | None = None  # the thread inside a write transaction
        self._pool_lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._readers: list[sqlite3.Connection] = []
        self._current = threading.local()  # this thread's reader inside a read() block
        self.commits = 0  # write transactions committed through this object

    def _open(self, reader: bool) -> sqlite3.Connection:
        db = sqlite3.connect(self._uri, uri=True, check_same_thread=False, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys = ON")
        if reader and not self.read_only:
            db.execute("PRAGMA query_only = ON")
        return db

    @property
    def writer(self) -> sqlite3.Connection:
        """The write connection itself (for the schema's migrations when the store opens)."""
        if self._writer is None:
            raise LibraryLockedError(f"The library store {self.path} is open read-only.")
        return self._writer

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection to read from, inside one read transaction (one snapshot)."""
        if self._writer is not None and self._writing == threading.get_ident():
            yield self._writer
            return
        current: sqlite3.Connection | None = getattr(self._current, "db", None)
        if current is not None:
            yield current
            return
        db = self._borrow()
        self._current.db = db
        db.execute("BEGIN")
        try:
            yield db
        finally:
            self._current.db = None
            if db.in_transaction:
                db.execute("COMMIT")  # a read transaction: commit only ends it
            self._give_back(db)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on the writer's connection; a nested block joins the outer one."""
        writer = self.writer
        with self._write_lock:
            if self._writing == threading.get_ident():
                yield writer
                return
            writer.execute("BEGIN IMMEDIATE")
            self._writing = threading.get_ident()
            try:
                yield writer
                writer.execute("COMMIT")
            except BaseException:
                if writer.in_transaction:
                    writer.execute("ROLLBACK")
                raise
            finally:
                self._writing = None
            self.commits += 1

    def version(self, db: sqlite3.Connection) -> tuple[object, ...]:
        """A value that changes whenever what db sees may have changed (for caches of counts)."""
        if db is self._writer:
            return ("writer", db.total_changes)
        if self.read_only:  # another process writes: SQLite tells each connection of its commits
            return ("reader", id(db), int(db.execute("PRAGMA data_version").fetchone()[0]))
        return ("commits", self.commits)  # this process is the only writer

    def _borrow(self) -> sqlite3.Connection:
        with self._pool_lock:
            if self._idle:
                return self._idle.pop()
        db = self._open(reader=True)
        with self._pool_lock:
            self._readers.append(db)
        return db

    def _give_back(self, db: sqlite3.Connection) -> None:
        with self._pool_lock:
            self._idle.append(db)

    def close(self) -> None:
        with self._pool_lock:
            readers, self._readers, self._idle = self._readers, [], []
        for db in readers:
            db.close()
        if self._writer is not None:
            with self._write_lock:
                self._writer.close()
