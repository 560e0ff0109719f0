"""Reliability under load (`python -m bench --reliability`):

- search while an import runs, in one process as in the app: the same hybrid queries (query
  embedding included) on one session, first idle, then while an import of a large dump embeds and
  writes beside them. search_during_import_ratio = busy p95 / idle p95 (target: at most 2);
- the long kill soak (tests/reliability/soak.py with more kills on bigger dumps);
- the long concurrent run (tests/reliability/concurrent.py for minutes instead of seconds)."""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path
from typing import Any

from bench.dumps import DumpWriter
from bench.scale_probe import QUERIES
from bench.synth import Synthesiser
from desktop.core.base.config import Settings
from desktop.core.base.jobs import drive
from desktop.core.ingest.pipeline import Progress
from desktop.core.session import Session, open_session
from tests.reliability.concurrent import run_concurrent  # the tests' own runs, longer
from tests.reliability.soak import run_soak, soak_dumps

BASE_PAPERS = 10_000  # in the library before the import (synthesised: their vectors are real sentence means)
IMPORT_PAPERS = 4000  # the dump imported meanwhile: more than the busy measurement lasts
ROUNDS = 4  # each round asks every query once
MIN_STORED = 200  # busy rounds go on until the import has stored this many papers (write transactions included)
MAX_BUSY_ROUNDS = 60
SOAK_KILLS = 60
SOAK_SIZE = 6000  # papers in the soak's first dump (about 11,250 distinct in its three)
CONCURRENT_SECONDS = 180


def percentile_95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _timed_round(session: Session, queries: list[str]) -> list[float]:
    timings = []
    for query in queries:
        started = time.perf_counter()
        session.search(query, k=10)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure_search_during_import(seeds: Path, work: Path) -> dict[str, Any]:
    settings = Settings(library_dir=str(work / "busy-library"))
    session = open_session(settings, writable=True, load_in_background=True)  # as the app opens it
    try:
        Synthesiser(seeds, session.embedder).fill(session.library, BASE_PAPERS)
        dump = DumpWriter(seeds).daily_papers(work / "busy-import.txt", IMPORT_PAPERS)
        assert drive(session.load_embedder(threading.Event()))  # as the window does at start
        _timed_round(session, QUERIES[:3])  # warm: the index loaded, the first encode done
        idle = [t for _ in range(ROUNDS) for t in _timed_round(session, QUERIES)]
        busy, imported = _search_while_importing(session, dump)
    finally:
        session.close()
    idle_p95, busy_p95 = percentile_95(idle), percentile_95(busy)
    return {
        "search_during_import_ratio": busy_p95 / idle_p95,
        "idle_p50_ms": statistics.median(idle),
        "idle_p95_ms": idle_p95,
        "busy_p50_ms": statistics.median(busy),
        "busy_p95_ms": busy_p95,
        "searches": len(busy),
        "papers_before": BASE_PAPERS,
        "papers_imported_meanwhile": imported,
    }


def _search_while_importing(session: Session, dump: Path) -> tuple[list[float], int]:
    """The busy timings: only searches that started and ended while the import was running."""
    cancel, embedding, finished = threading.Event(), threading.Event(), threading.Event()
    progress: list[Progress] = []

    def on_progress(step: Progress) -> None:
        progress.append(step)
        if step.phase == "embedding":
            embedding.set()

    def run_import() -> None:
        try:
            drive(session.import_files([str(dump)], cancel), on_progress)
        finally:
            finished.set()
            embedding.set()

    importer = threading.Thread(target=run_import, name="bench-import")
    importer.start()
    embedding.wait(600)
    busy: list[float] = []
    first = progress[-1].papers_new if progress else 0
    meanwhile = 0
    for rounds in range(MAX_BUSY_ROUNDS):
        timings = _timed_round(session, QUERIES)
        if finished.is_set():
            break
        busy += timings
        meanwhile = (progress[-1].papers_new if progress else 0) - first  # stored while the searches ran
        if rounds + 1 >= ROUNDS and meanwhile >= MIN_STORED:
            break
    cancel.set()
    importer.join(600)
    if len(busy) < len(QUERIES):
        raise RuntimeError("the import ended before a round of searches: make IMPORT_PAPERS larger")
    return busy, meanwhile


def measure_reliability(seeds: Path, work: Path, quick: bool = False) -> dict[str, Any]:
    """The three figures; quick: the soak and the concurrent run at the tests' sizes."""
    figures: dict[str, Any] = {"search_during_import": measure_search_during_import(seeds, work)}
    kills, size, seconds = (20, 1800, 40.0) if quick else (SOAK_KILLS, SOAK_SIZE, CONCURRENT_SECONDS)
    dumps = soak_dumps(work / "soak" / "dumps", size)
    soak = run_soak(work / "soak", dumps, kills)
    figures["soak"] = {"kills": soak.kills, "papers": dumps.papers, "elapsed_s": soak.elapsed_s}
    (work / "concurrent").mkdir()
    run = run_concurrent(work / "concurrent", seconds)
    figures["concurrent"] = {key: value for key, value in run.__dict__.items() if key != "errors"}
    return figures


def reliability_section(figures: dict[str, Any]) -> list[str]:
    busy = figures["search_during_import"]
    soak, run = figures["soak"], figures["concurrent"]
    return [
        "",
        "## Under load",
        "",
        f"- **Search during an import** (`python -m bench --reliability`): one session, as in the app, on "
        f"{busy['papers_before']:,} papers; hybrid search p95 {busy['idle_p95_ms']:.1f} ms idle and "
        f"{busy['busy_p95_ms']:.1f} ms while an import embeds and writes beside it (p50 {busy['idle_p50_ms']:.1f} / "
        f"{busy['busy_p50_ms']:.1f} ms; {busy['papers_imported_meanwhile']} papers stored meanwhile): ratio "
        f"{busy['search_during_import_ratio']:.2f}. Readers have their own SQLite connections (WAL) and never wait "
        "for the writer; a query that finds the embedding model busy with an import's batch uses a second copy; "
        "imports run below the app's CPU priority (nice 10), so a search gets the cores first.",
        f"- **Kill soak**: {soak['kills']} SIGKILLs at random points of imports of three overlapping dumps "
        f"({soak['papers']:,} distinct papers, merges and cut-short copies replaced), each followed by a re-import "
        f"or a resume; after every kill the store, keyword index and (reopened) vector index agreed and held every "
        f"paper committed before, and at the end every paper was there once ({soak['elapsed_s']:.0f} s).",
        f"- **Everything at once** for {run['seconds']:.0f} s: {run['imported_dumps']} dumps imported, "
        f"{run['watched_files']} files dropped into a watched folder, {run['removed_dumps']} dumps and 10 papers "
        f"removed, {run['searches']} searches, {run['answers']} questions (a fake chat model) and "
        f"{run['note_edits']} note and tag edits, side by side on one session: no job failed, every dump's count, "
        f"note and tag was as written, and the {run['papers']:,} papers agreed across the three indexes.",
    ]


if __name__ == "__main__":  # python -m bench.concurrency: the search-during-import figure alone
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(measure_search_during_import(Path("../shared/seeds"), Path(folder)), indent=2))
