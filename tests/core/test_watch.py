"""Watched folders: new and changed dumps import once per change, half-written files wait,
removed files keep their papers, and `abstracta watch` runs until stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from desktop.core.base.jobs import drive
from desktop.core.ingest.watch import SETTLE_S, FolderWatcher, import_watched
from desktop.core.library.library import Library
from desktop.core.models.embedding import HashingEmbedder
from tests.core.helpers import abstract, write


def settled(path: Path) -> Path:
    old = time.time() - 10 * SETTLE_S
    os.utime(path, (old, old))
    return path


def lines(*topics: str) -> str:
    return "\n".join(abstract(topic) for topic in topics) + "\n"


def test_new_and_changed_dumps_import_once_per_change(tmp_path: Path) -> None:
    folder = tmp_path / "watched"
    library = Library(tmp_path / "lib")
    embedder = HashingEmbedder()
    settled(write(folder / "a.txt", lines("graph search", "protein folding")))
    settled(write(folder / "notes" / "b.txt", lines("speech codecs")))
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))  # not a dump: never read
    watcher = FolderWatcher(library, [folder])
    first = drive(import_watched(watcher, embedder))
    assert first is not None and first.new == 3 and not first.failed
    assert drive(import_watched(watcher, embedder)) is None  # nothing changed: nothing read

    again = FolderWatcher(library, [folder])  # a restart: the state is in the library
    assert again.scan().pending == []

    settled(write(folder / "a.txt", lines("graph search", "protein folding", "tidal energy")))
    changed = drive(import_watched(again, embedder))
    assert changed is not None and (changed.new, changed.duplicates) == (1, 2)
    assert [Path(item.path).name for item in changed.files] == ["a.txt"]

    (folder / "a.txt").unlink()
    assert drive(import_watched(again, embedder)) is None
    assert library.count() == 4  # a removed file keeps its papers
    library.close()


def test_a_file_still_being_written_waits(tmp_path: Path) -> None:
    folder = tmp_path / "watched"
    library = Library(tmp_path / "lib")
    write(folder / "fresh.txt", lines("graph search"))
    watcher = FolderWatcher(library, [folder])
    assert watcher.scan().pending == []
    assert watcher.scan(now=time.time() + 2 * SETTLE_S).pending == [folder / "fresh.txt"]
    library.close()


def test_a_bad_file_and_a_missing_folder_are_reported_once(tmp_path: Path) -> None:
    folder = tmp_path / "watched"
    library = Library(tmp_path / "lib")
    embedder = HashingEmbedder()
    settled(write(folder / "broken.json", "{ not json at all"))
    watcher = FolderWatcher(library, [folder, tmp_path / "gone"])
    report = drive(import_watched(watcher, embedder))
    assert report is not None
    assert {Path(item.path).name: item.error for item in report.failed} == {
        "broken.json": report.failed[0].error,
        "gone": "watched folder not found",
    }
    assert drive(import_watched(watcher, embedder)) is None  # each told once, not at every look
    library.close()


def test_cancelled_round_is_retried(tmp_path: Path) -> None:
    import threading

    folder = tmp_path / "watched"
    library = Library(tmp_path / "lib")
    settled(write(folder / "a.txt", lines("graph search")))
    watcher = FolderWatcher(library, [folder])
    cancel = threading.Event()
    cancel.set()
    report = drive(import_watched(watcher, HashingEmbedder(), cancel))
    assert report is not None and report.cancelled
    assert watcher.scan().pending == [folder / "a.txt"]
    library.close()


def test_cli_watch_runs_until_stopped(tmp_path: Path) -> None:
    folder = tmp_path / "watched"
    folder.mkdir()
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"embedding_backend": "hashing"}))
    env = {**os.environ, "ABSTRACTA_CONFIG_DIR": str(config), "ABSTRACTA_HOME": str(tmp_path / "lib")}
    command = [sys.executable, "-m", "desktop", "watch", str(folder), "--interval", "0.5", "--json"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        time.sleep(1.0)
        settled(write(folder / "dump.txt", lines("graph search", "protein folding")))
        assert process.stdout is not None
        report = json.loads(process.stdout.readline())  # blocks until the round is printed
        assert report["new"] == 2 and report["files"][0]["format"] == "one-abstract-per-line"
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    once = subprocess.run([*command[:-3], "--once"], capture_output=True, text=True, env=env, timeout=300)
    assert once.returncode == 0 and "2 new papers" not in once.stdout  # already imported: nothing to do
