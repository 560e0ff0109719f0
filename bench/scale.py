"""`python -m bench --scale`: import memory and throughput by dump size, a library of up to a million
papers (search p95, RSS while searching, window and search-ready times, size on disk), and the same
library through a Chroma server. Each measurement runs in a fresh process (bench.scale_probe)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.dumps import DumpWriter
from bench.measures import startup_figures
from bench.synth import Synthesiser
from desktop.core.library.library import STORE_FILE, Library
from desktop.core.library.vector_keeper import VECTOR_FOLDER
from desktop.core.library.vectors import COLLECTION, chroma_settings
from desktop.core.models.embedding import SentenceTransformerEmbedder

IMPORT_SIZES = [1000, 4000, 20000, 100000]
SEARCH_SIZE = 1_000_000
STARTUP_RUNS = 3  # window and search-ready times are the median of this many starts (they vary by seconds here)
ROOT = Path(__file__).resolve().parents[1]


def _probe(*args: str, timeout: float = 6 * 3600) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "bench.scale_probe", *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"scale probe {args[0]} failed: {result.stderr[-2000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def measure_imports(seeds: Path, work: Path, sizes: list[int], log: Any = print) -> dict[str, Any]:
    """Each size: a Daily Papers dump of that many papers into a new library, real embedder."""
    writer = DumpWriter(seeds)
    peaks, rates = {}, {}
    for size in sizes:
        dump = writer.daily_papers(work / f"daily_{size}.txt", size)
        result = _probe("import", str(dump), str(work / f"import_{size}"))
        peaks[str(size)], rates[str(size)] = result["peak_rss_mb"], result["papers_per_s"]
        log(f"  import {size:>7,}: {result['papers_per_s']:.1f} papers/s, peak RSS {result['peak_rss_mb']:.0f} MB")
        dump.unlink()
        shutil.rmtree(work / f"import_{size}", ignore_errors=True)
    smallest, largest = str(min(sizes)), str(max(sizes))
    return {
        "import_peak_rss_mb": peaks,
        "import_papers_per_s": rates,
        "import_throughput_kept": rates[largest] / rates[smallest],
    }


def folder_gb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1e9


def filled_library(seeds: Path, folder: Path, size: int, log: Any = print) -> float:
    """The synthetic library of size papers in folder, and the seconds filling it took: filled now, or
    kept from an earlier run when it already holds that many papers."""
    timing = folder.parent / f"{folder.name}.fill_seconds"
    if _holds(folder, size) and timing.exists():
        log(f"  reusing the {size:,}-paper library in {folder}")
        return float(timing.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    fill_s = _fill(seeds, folder, size)
    timing.write_text(str(fill_s))
    log(f"  filled {size:,} papers in {fill_s:.0f} s")
    return fill_s


def measure_large_library(seeds: Path, folder: Path, size: int, log: Any = print) -> dict[str, Any]:
    fill_s = filled_library(seeds, folder, size, log)
    search = _probe("search", str(folder))
    startup = startup_figures(folder, runs=STARTUP_RUNS)
    size_gb = folder_gb(folder)
    figures = {
        "large_papers": size,
        "large_fill_s": fill_s,
        f"search_p95_ms@{size}": search["search_p95_ms"],
        f"search_p50_ms@{size}": search["search_p50_ms"],
        f"rss_searching_mb@{size}": search["rss_searching_mb"],
        f"window_shown_s@{size}": startup.get("window_shown_s"),
        f"search_ready_s@{size}": startup.get("search_ready_s"),
        f"startup_runs@{size}": [(run.get("window_shown_s"), run.get("search_ready_s")) for run in startup["runs"]],
        "library_gb": size_gb,
        "library_gb_per_100k": size_gb * 100_000 / size,
    }
    return figures


def measure_server(seeds: Path, work: Path, size: int, large: Path | None = None, log: Any = print) -> dict[str, Any]:
    """Search through `chroma run` on loopback. When large holds a library of that size, the server
    serves a copy of its vectors (the same library, as a lab would move it to a server); otherwise
    a library of that size is filled through the server."""
    served_copy = large if large is not None and _holds(large, size) else None
    with chroma_server(work / "server", served_copy / VECTOR_FOLDER if served_copy else None) as url:
        folder = work / "served"
        fill_s: float | None = None
        if served_copy is not None:
            _serve_copy(served_copy, folder, url)
            log(f"  serving a copy of the {size:,}-paper library")
        else:
            fill_s = _fill(seeds, folder, size, url)
            log(f"  filled {size:,} papers through the Chroma server in {fill_s:.0f} s")
        search = _probe("search", str(folder), url)
    shutil.rmtree(folder, ignore_errors=True)
    figures = {
        "server_papers": size,
        f"server_search_p95_ms@{size}": search["search_p95_ms"],
        f"server_search_p50_ms@{size}": search["search_p50_ms"],
        "server_client_rss_mb": search["rss_searching_mb"],
    }
    if fill_s is not None:
        figures["server_fill_s"] = fill_s
    return figures


def _count(folder: Path) -> int:
    library = Library(folder, read_only=True)
    count = library.count()
    library.close()
    return count


def _holds(folder: Path | None, size: int) -> bool:
    return folder is not None and (folder / STORE_FILE).exists() and _count(folder) == size


def _serve_copy(large: Path, folder: Path, url: str) -> None:
    """The library's store copied to folder and pointed at the server, whose collection (copied
    from the library's own folder) is renamed to the name that library uses on a server."""
    import chromadb

    folder.mkdir(parents=True)
    for path in large.glob(f"{STORE_FILE}*"):
        shutil.copy2(path, folder / path.name)
    library = Library(folder, chroma_url=url)  # writable: records the library's id
    name = library.collection_name()
    library.close()
    address = url.removeprefix("http://")
    host, port = address.split(":")
    client = chromadb.HttpClient(host=host, port=int(port), settings=chroma_settings())
    client.get_collection(COLLECTION).modify(name=name)
    served = client.get_collection(name).count()
    if served != _count(folder):
        raise RuntimeError(f"the server holds {served:,} vectors for a library of {_count(folder):,} papers")


def _fill(seeds: Path, folder: Path, size: int, chroma_url: str = "") -> float:
    embedder = SentenceTransformerEmbedder()
    synthesiser = Synthesiser(seeds, embedder)
    library = Library(folder, chroma_url=chroma_url)
    started = time.perf_counter()
    synthesiser.fill(library, size, seed=size, batch=5000)
    elapsed = time.perf_counter() - started
    library.close()
    return elapsed


@contextmanager
def chroma_server(path: Path, copy_of: Path | None = None) -> Iterator[str]:
    """`chroma run` on loopback, as a lab would run it for a shared library; copy_of: a Chroma
    folder to serve a copy of."""
    if copy_of is not None:
        shutil.copytree(copy_of, path)
    binary = shutil.which("chroma", path=os.path.dirname(sys.executable))
    if binary is None:
        raise RuntimeError("the chroma command (installed with chromadb) was not found")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    process = subprocess.Popen(
        [binary, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(60)
        if copy_of is not None:
            shutil.rmtree(path, ignore_errors=True)


# the figures of one part of the scale run, by key prefix (a run that measures a part replaces it)
FIGURE_GROUPS = [
    ("import_peak", "import_papers", "import_throughput"),
    ("large_", "search_", "rss_searching", "window_shown", "search_ready", "startup_runs", "library_gb"),
    ("server_",),
]

SCALE_TARGETS = {
    "import_peak_rss_mb": ("<=", 1200.0),  # at every dump size
    "import_throughput_kept": (">=", 0.9),  # papers/s at the largest size over papers/s at the smallest
    "search_p95_ms": ("<=", 100.0),
    "window_shown_s": ("<=", 1.5),
    "search_ready_s": ("<=", 10.0),
    "rss_searching_mb": ("<=", 4096.0),
}


def run_scale(
    seeds: Path, work: Path, import_sizes: list[int], size: int, server_size: int, keep: Path | None = None
) -> dict[str, Any]:
    """keep: a folder for the large library that outlives the run (filling a million papers takes
    over half an hour), reused by later runs."""
    results: dict[str, Any] = {"import_sizes": import_sizes}
    if import_sizes:
        print("scale: import by dump size…", flush=True)
        results.update(measure_imports(seeds, work, import_sizes))
    if size:
        print(f"scale: a {size:,}-paper library…", flush=True)
        results.update(measure_large_library(seeds, keep or work / "large", size))
    if server_size:
        print(f"scale: {server_size:,} papers through a Chroma server…", flush=True)
        results.update(measure_server(seeds, work, server_size, keep or work / "large"))
    results["measured_at"] = time.strftime("%Y-%m-%d")
    return results


def scale_rows(scale: dict[str, Any]) -> list[tuple[str, float, str, float, bool]]:
    """(figure, value, op, target, met) for every scale figure with a target."""
    rows = []
    for size, peak in sorted(scale.get("import_peak_rss_mb", {}).items(), key=lambda item: int(item[0])):
        rows.append((f"import_peak_rss_mb@{size}", peak, "<=", 1200.0, peak <= 1200.0))
    for size, rate in sorted(scale.get("import_papers_per_s", {}).items(), key=lambda item: int(item[0])):
        rows.append((f"import_papers_per_s@{size}", rate, "", 0.0, True))
    if "import_throughput_kept" in scale:
        kept = scale["import_throughput_kept"]
        rows.append(("import_throughput_kept", kept, ">=", 0.9, kept >= 0.9))
    for key, value in scale.items():
        name = key.split("@")[0]
        if name in SCALE_TARGETS and "@" in key and value is not None:
            op, target = SCALE_TARGETS[name]
            rows.append((key, value, op, target, value <= target if op == "<=" else value >= target))
    for key in ("library_gb_per_100k", "server_fill_s", "large_fill_s"):
        if key in scale:
            rows.append((key, scale[key], "", 0.0, True))
    for key, value in scale.items():
        if key.startswith("server_search_p95_ms@"):
            rows.append((key, value, "", 0.0, True))
    return rows


def scale_section(scale: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "## Scale (`python -m bench --scale`)",
        "",
        f"Measured {scale.get('measured_at', '')}; import sizes {', '.join(f'{s:,}' for s in scale.get('import_sizes', []))} "
        "(synthetic Daily Papers dumps of distinct papers recombined from seed sentences, real embedder, each import "
        "in a fresh process into a new library; peak RSS is the process's VmHWM, model included). Window and "
        "search-ready times are the median of three starts (each start is in results.json: they vary by seconds "
        "on this shared machine).",
        "",
        "| Figure | Value | Target | Met |",
        "|---|---|---|---|",
    ]
    missed = []
    for name, value, op, target, met in scale_rows(scale):
        target_text = f"{op} {target:g}" if op else "—"
        lines.append(f"| {name} | {value:.3f} | {target_text} | {'—' if not op else 'yes' if met else '**no**'} |")
        if op and not met:
            missed.append(name.split("@")[0])
    size = scale.get("large_papers", 0)
    if size and size < SEARCH_SIZE:
        missed.append("not_a_million")
    if max(scale.get("import_sizes") or [0]) < max(IMPORT_SIZES):
        missed.append("import_sizes")
    if scale.get("server_papers", SEARCH_SIZE) < SEARCH_SIZE:
        missed.append("server_size")
    lines += ["", *SCALE_NOTES, ""]
    p95 = scale.get(f"search_p95_ms@{size}", 0.0)
    lines += [
        f"- **{name}**: {SCALE_MISSED[name].format(size=size, p95=p95)}" for name in missed if name in SCALE_MISSED
    ]
    return lines


SCALE_MISSED = {
    "search_p95_ms": "p95 is {p95:.0f} ms at {size:,} papers: the keyword side is bounded (see above), but the "
    "common terms' frequencies are counted again whenever the library grows by 1%.",
    "window_shown_s": "the window waits for the library panel's counts; they read indexes (schema version 4), "
    "which a cold disk cache can still make slow.",
    "search_ready_s": "semantic search waits for Chroma to load the million-vector HNSW index (1.7 GB) into memory, "
    "about 10 s here on its own. The embedding model (about 3 s) now loads beside it and the window no longer waits "
    "on the panel's counts, so 14.2 s became 11.1 s; what remains is the index load itself. Keyword search works from "
    "the moment the window shows (0.8 s), and the app says semantic search is still loading. Next: an index that is "
    "memory-mapped instead of read whole (chromadb 1.5.9 offers no such option), or the Chroma server, which keeps "
    "the index loaded between sessions so that search is ready once the model is.",
    "import_sizes": "imports were measured up to 20,000 papers, not 100,000 (about 35 minutes at this rate, which "
    "did not fit this session; `python -m bench --scale` runs 1k, 4k, 20k and 100k). Peak RSS rose 100 MB from 4k "
    "to 20k papers, most of it the library's own vector index (about 2 KB per paper), so 100k should stay near "
    "1.1 GB, under the 1.2 GB target; it is not measured.",
    "server_size": "the Chroma server was measured with 20,000 papers (its p95 is about that of the embedded store "
    "at 200,000: the HTTP round trips dominate at this size), not a million.",
    "import_throughput_kept": "papers/s at 20k is below 90% of papers/s at 1k. Part is this shared machine (the 4k "
    "run overlapped a test run and gave 30 papers/s), part is real: each batch's duplicate lookups and Chroma's HNSW "
    "inserts cost more as the library grows. Not yet tried: batching the dedup lookups into one query per batch and "
    "deferring HNSW inserts to larger flushes.",
    "not_a_million": "the large library was measured at {size:,} papers, not 1,000,000: filling a million synthetic "
    "papers takes about 45 minutes here and did not fit this session (`python -m bench --scale` runs it). From 100k "
    "(35 ms) to 200k papers (85 ms) the p95 grew faster than the index: keyword ranking scores every row matching a "
    "common term, so at a million the 100 ms target is likely missed until keyword candidates are capped (rank the "
    "rarest terms first, or a bm25 top-k over a bounded posting list).",
}


SCALE_NOTES = [
    "**Flat import memory.** What grew was the C heap, not Python objects: with the hashing embedder (no torch) an "
    "import's peak barely moves from 4k to 20k papers, while with the real model glibc kept the memory torch frees "
    "between embedding chunks (a new tensor shape each chunk) and RSS climbed about 17 MB per 256 papers. The embedder "
    "now encodes longest-first in chunks of 32 and hands freed memory back (`malloc_trim`) after each chunk "
    "(`desktop/core/base/memory.py`): a 4,000-paper import's peak fell from 1,220 MB to about 860 MB. Forcing large "
    "allocations to mmap (`M_MMAP_THRESHOLD`) cut the peak further (760 MB) but cost about 25% of throughput, so it "
    "is not used. What still grows with the library (not the dump) is Chroma's HNSW index, about 2 KB per paper.",
    "",
    "**Everything streams.** JSON arrays of any size stream through `ijson` (a 540 MB array imports in under 400 MB: "
    "`tests/reliability/test_scale.py`), as do JSON Lines, CSV and the text formats. An import that is stopped or killed "
    "is recorded in the library; `abstracta import --resume` (or File → Resume unfinished import) reads the files again, "
    "recognises what was stored by its content hash before embedding, and imports the rest: nothing is embedded or "
    "stored twice (tested with a SIGKILL part-way through a 12,000-paper dump).",
    "",
    "**Search at a million papers.** What grew with the library was the keyword side and the counts, not HNSW. "
    "FTS5's bm25 walks each query term's whole posting list (to count the papers holding it) and scores every "
    "matching row before it sorts, so a query of common words cost about 300 ms at a million papers. Now "
    "(`desktop/core/library/keyword_ranking.py`) terms found in more than half of the papers, the library's own stop words "
    "to which bm25 gives a weight of zero, are left out of the match when rarer terms are present (as Lucene's "
    "common-terms query does); their frequencies are counted once, with a bounded walk, and kept until the library "
    "grows by 1%; bm25 scores at most the newest 20,000 matches, and the papers table is read for the 50 best only. "
    "Below 5,000 papers, and for most queries above, the ranking is exact. Tried and dropped: ranking exact-phrase "
    "matches first when more than 20,000 papers match, because finding the few papers with a phrase of common words "
    "walks the whole posting lists again (37 ms at 270k papers). The vector query no longer counts the collection "
    "first (counting a million vectors took longer than the query). The library panel's counts read small indexes "
    "(schema version 4; the upgrade builds them once, 15 s for a million papers) and the paper count is kept between "
    "writes, so the window no longer waits on a pass over every paper; the embedding model and the vector index "
    "load side by side.",
    "",
    "**Chroma at a million vectors.** In this session a million-vector Chroma index (chromadb 1.5.9), filled while "
    'another process had it open read-only, could not be loaded afterwards ("Error loading hnsw index"), and '
    'rebuilding it from the stored embeddings 1,000 vectors per upsert failed at 524,000 ("Failed to apply logs to '
    'the hnsw segment writer"): both are open chromadb issues (chroma-core/chroma#5925, #7090), and other projects '
    "trace them to hnswlib's save after many resizes. The store is the source of truth, so the app rebuilds the index "
    "when it cannot load it; rebuilds now write 5,000 vectors per upsert (fewer resizes and saves), which is not "
    "proven at a million. The million-paper figures above come from a fresh fill that nothing else opened.",
    "",
    "**Past one machine.** A lab runs `chroma run --path /srv/abstracta-chroma --host 0.0.0.0 --port 8000` on one "
    "server and points Abstracta at it with `--chroma-url http://server:8000` (or the Settings field). Each library "
    "keeps its vectors in its own collection there (named by the library's id), so the laptops hold no vector index "
    "in memory; the SQLite store (titles, abstracts, keyword index) stays in the library folder. To share one library, "
    "put that folder on a shared drive: one person imports (the writer lock), everyone else opens it read-only, as a "
    "second Abstracta does. The server figures above are "
    "search through `HttpClient` on loopback, beside the embedded store's.",
]
