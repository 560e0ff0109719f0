"""One measurement in a fresh process, so its peak RSS (VmHWM) is its own. Prints one JSON object.

python -m bench.scale_probe import DUMP LIBRARY      # real embedder: papers/s, peak RSS
python -m bench.scale_probe search LIBRARY [URL]     # hybrid search p50/p95 with the query embedding
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import desktop  # noqa: F401  (offline environment first)
from bench.startup import peak_rss_mb
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.library import Library
from desktop.core.models.embedding import SentenceTransformerEmbedder
from desktop.core.search.hybrid import Searcher

QUERIES = [
    "What is weak-to-strong generalization?",
    "in-context learning in transformers",
    "MuZero planning",
    "fuzzing with program behaviour models",
    "world models for reinforcement learning",
    "network pruning",
    "diffusion models for image generation",
    "evaluating generative models",
    "retrieval augmented generation",
    "graph neural networks for molecules",
    "robot manipulation in homes",
    "offline reinforcement learning",
]


def current_rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def probe_import(dump: Path, folder: Path) -> dict[str, float]:
    embedder = SentenceTransformerEmbedder()
    embedder.embed(["warm up the model before the clock starts"])
    before = peak_rss_mb()
    library = Library(folder)
    started = time.perf_counter()
    report = run_import(library, embedder, [dump])
    elapsed = time.perf_counter() - started
    library.close()
    return {
        "papers": report.new,
        "seconds": elapsed,
        "papers_per_s": report.new / elapsed,
        "rss_before_mb": before,
        "peak_rss_mb": peak_rss_mb(),
    }


def search_percentiles(searcher: Searcher, queries: list[str], rounds: int) -> tuple[float, float]:
    """Median and p95 of hybrid searches (query embedding included), after three to warm up."""
    for query in queries[:3]:
        searcher.search(query, 10)
    timings = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            searcher.search(query, 10)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def probe_search(folder: Path, chroma_url: str = "") -> dict[str, float]:
    embedder = SentenceTransformerEmbedder()
    library = Library(folder, chroma_url=chroma_url, read_only=True)
    p50, p95 = search_percentiles(Searcher(library, embedder), QUERIES, 5)
    result = {
        "papers": library.count(),
        "search_p50_ms": p50,
        "search_p95_ms": p95,
        "rss_searching_mb": current_rss_mb(),
        "peak_rss_mb": peak_rss_mb(),
    }
    library.close()
    return result


def main() -> None:
    kind, *args = sys.argv[1:]
    if kind == "import":
        result = probe_import(Path(args[0]), Path(args[1]))
    else:
        result = probe_search(Path(args[0]), args[1] if len(args) > 1 else "")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
