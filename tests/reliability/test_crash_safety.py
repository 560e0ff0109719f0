"""Crash safety: SIGKILL during import, a damaged vector index, one writer, searches during import."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from desktop.core.base.jobs import drive
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.library import Library
from desktop.core.library.vector_keeper import VECTOR_FOLDER
from desktop.core.models.embedding import HashingEmbedder
from desktop.core.search.hybrid import Searcher
from tests.reliability.helpers import PAPERS, assert_consistent, big_dump, hashing_config, stored_count

KILLS = 6


def test_sigkill_during_import_never_corrupts_and_reimport_completes(tmp_path: Path) -> None:
    """Each run is killed once the library passes a random size, plus a random moment inside the
    next batch (embedding, the Chroma write or the SQLite transaction)."""
    dump = big_dump(tmp_path / "dumps" / "big.txt")
    env = hashing_config(tmp_path)
    rng = random.Random(5)
    counts = []
    for kill in range(KILLS):
        target = (kill + 1) * PAPERS // (KILLS + 1) + rng.randint(0, 200)
        process = subprocess.Popen(
            [sys.executable, "-m", "desktop", "import", str(dump)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while stored_count(tmp_path / "lib") < target and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.15))
        process.send_signal(signal.SIGKILL)
        process.wait()
        counts.append(assert_consistent(tmp_path / "lib"))
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "import", str(dump), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert assert_consistent(tmp_path / "lib") == PAPERS
    mid_import = [count for count in counts if 0 < count < PAPERS]
    assert len(mid_import) == KILLS, f"a kill did not land mid-import: {counts}"
    assert counts == sorted(counts), "a kill lost papers that an earlier run had committed"
    print(json.dumps({"kills": KILLS, "papers_after_each_kill": counts}))


def test_damaged_vector_index_is_rebuilt_from_stored_embeddings(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib")
    run_import(library, HashingEmbedder(), [big_dump(tmp_path / "d.txt", 50)])
    library.close()
    for file in (tmp_path / "lib" / VECTOR_FOLDER).rglob("*"):
        if file.is_file():
            file.write_bytes(os.urandom(256))
    reopened = Library(tmp_path / "lib")
    assert reopened.vectors.count() == 50
    assert any("rebuilt" in notice for notice in reopened.notices)
    assert (
        Searcher(reopened, HashingEmbedder()).search("topic 7 keyword k7", 1, "semantic")[0].paper.title
        == "Synthetic paper 7"
    )


def test_a_second_process_cannot_write(tmp_path: Path) -> None:
    env = hashing_config(tmp_path)
    holder = Library(tmp_path / "lib")
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "import", str(big_dump(tmp_path / "d.txt", 5))],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "open in another Abstracta" in result.stderr
    stats = subprocess.run(
        [sys.executable, "-m", "desktop", "stats", "--json"], env=env, capture_output=True, text=True, timeout=300
    )
    assert stats.returncode == 0 and json.loads(stats.stdout)["papers"] == 0
    holder.close()


class SlowEmbedder(HashingEmbedder):
    """Takes a little time per batch, so searches really run while batches are written."""

    def embed(self, texts, max_tokens=None):  # type: ignore[no-untyped-def]
        time.sleep(0.03)
        return super().embed(texts, max_tokens)


def test_searches_during_an_import_see_no_errors_and_lose_nothing(tmp_path: Path) -> None:
    from desktop.core.ingest.pipeline import import_paths

    library = Library(tmp_path / "lib")
    embedder = SlowEmbedder()
    dump = big_dump(tmp_path / "d.txt", 800)
    errors: list[BaseException] = []
    searches = 0
    done = threading.Event()

    def search_loop() -> None:
        nonlocal searches
        searcher = Searcher(library, embedder)
        while not done.is_set():
            try:
                for mode in ("hybrid", "keyword", "semantic"):
                    searcher.search(f"topic {searches % 700} keyword", 5, mode)
                searches += 1
            except BaseException as error:
                errors.append(error)
                return

    threads = [threading.Thread(target=search_loop) for _ in range(2)]
    for thread in threads:
        thread.start()
    searches_at_batches: list[int] = []
    report = drive(
        import_paths(library, embedder, [dump], batch_size=20), lambda _: searches_at_batches.append(searches)
    )
    done.set()
    for thread in threads:
        thread.join(60)
    assert errors == [] and searches_at_batches[-1] > searches_at_batches[0], "no search ran during the import"
    assert report.new == library.count() == library.vectors.count() == 800
