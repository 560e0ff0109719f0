"""Watched folders: dumps that appear or change in them are imported; a file removed from a folder
keeps its papers (removing them is the user's choice, by source, in the library panel or CLI).

Each file's size and modification time at its last import are kept in the library itself, so a
file is read once per change, however often the app or `abstracta watch` starts."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.ingest.import_report import FileReport, ImportReport
from desktop.core.ingest.pipeline import Progress, expand_paths, import_paths
from desktop.core.library.library import Library
from desktop.core.models.embedding import Embedder

WATCH_STATE_KEY = "watched_files"
SETTLE_S = 2.0  # a file changed more recently than this may still be being written
DUMP_SUFFIXES = frozenset(
    {"", ".txt", ".text", ".csv", ".tsv", ".tab", ".json", ".jsonl", ".ndjson", ".bib", ".bibtex", ".ris", ".nbib"}
    | {".medline", ".md", ".pdf"}
)


@dataclass
class WatchScan:
    """One look at the folders: files to import now, and folders that could not be read."""

    pending: list[Path] = field(default_factory=list)
    problems: list[FileReport] = field(default_factory=list)


class FolderWatcher:
    """Finds the dumps in the watched folders that are new or changed since they were imported."""

    def __init__(self, library: Library, folders: Sequence[str | os.PathLike[str]]) -> None:
        self.library = library
        self.folders = [Path(folder).expanduser() for folder in folders]
        self._seen: dict[str, tuple[int, int]] = {}
        self._reported: set[tuple[str, str]] = set()

    def scan(self, now: float | None = None) -> WatchScan:
        now = time.time() if now is None else now
        result = WatchScan()
        imported = self._imported()
        for folder in self.folders:
            if not folder.is_dir():
                result.problems.append(FileReport(str(folder), error="watched folder not found"))
                continue
            for path in expand_paths([folder], result.problems):
                if path.suffix.lower() not in DUMP_SUFFIXES:
                    continue
                try:
                    stat = path.stat()
                except OSError:
                    continue
                signature = (stat.st_size, stat.st_mtime_ns)
                key = str(path.resolve())
                if imported.get(key) == list(signature) or now - stat.st_mtime < SETTLE_S:
                    continue
                self._seen[key] = signature
                result.pending.append(path)
        return result

    def mark_imported(self, report: ImportReport) -> None:
        """Remembers the files this import read, failed ones too: a file that cannot be read is
        reported once, and read again only when it changes. A cancelled import remembers none."""
        if report.cancelled:
            return
        imported = self._imported()
        for item in report.files:
            key = str(Path(item.path).resolve())
            if key in self._seen:
                imported[key] = list(self._seen.pop(key))
        self.library.set_meta(WATCH_STATE_KEY, json.dumps(imported))

    def first_seen(self, problems: list[FileReport]) -> list[FileReport]:
        """The problems (a folder gone…) not reported before by this watcher: each is told once."""
        fresh = [item for item in problems if (item.path, item.error) not in self._reported]
        self._reported.update((item.path, item.error) for item in fresh)
        return fresh

    def _imported(self) -> dict[str, list[int]]:
        try:
            state = json.loads(self.library.meta(WATCH_STATE_KEY) or "{}")
        except json.JSONDecodeError:
            return {}
        return state if isinstance(state, dict) else {}


def import_watched(
    watcher: FolderWatcher, embedder: Embedder, cancel: threading.Event | None = None
) -> Generator[Progress, None, ImportReport | None]:
    """One round: imports what changed in the watched folders (None when nothing did)."""
    scan = watcher.scan()
    problems = watcher.first_seen(scan.problems)
    if not scan.pending:
        return ImportReport(files=problems) if problems else None
    report = yield from import_paths(watcher.library, embedder, scan.pending, cancel=cancel)
    watcher.mark_imported(report)
    report.files.extend(problems)
    return report
