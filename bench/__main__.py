"""`python -m bench [--quick]`: prints a table and writes bench/results.json."""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

import desktop  # noqa: F401  (offline environment first)
from bench import measures
from desktop.core.config import available_cores

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
RESULTS = Path(__file__).resolve().parent / "results.json"
TARGETS = {
    "import_speedup": (">=", 3.0),
    "top10_agreement": (">=", 0.95),
    "reimport_speedup": (">=", 50.0),
    "search_p95_ms@1000": ("<=", 20.0),
    "search_p95_ms@100000": ("<=", 50.0),
    "ttft_s": ("<=", 1.5),
    "ttft_vs_raw": ("<=", 1.0),
    "decode_vs_raw": (">=", 0.95),
    "window_shown_s": ("<=", 1.5),
    "peak_rss_mb": ("<=", 1536.0),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="1k and 10k papers for search (under 5 minutes)")
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    args = parser.parse_args()
    sizes = [1000, 10000] if args.quick else [1000, 10000, 100000]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        print("import…", flush=True)
        imported = measures.measure_import(args.seeds, work)
        print("search…", flush=True)
        search = measures.measure_search(args.seeds, work, sizes)
        print("answering…", flush=True)
        answering = measures.measure_answering(work / "ours")
        print("startup…", flush=True)
        startup = measures.measure_startup(work / "ours")
    results = {
        "import_speedup": imported["import_speedup"],
        "top10_agreement": imported["top10_agreement"],
        "reimport_speedup": imported["reimport_speedup"],
        "search_p95_ms": search["p95_ms"],
        "search_p50_ms": search["p50_ms"],
        "ttft_s": answering["ttft_s"],
        "ttft_vs_raw": answering["ttft_vs_raw"],
        "decode_vs_raw": answering["decode_vs_raw"],
        "window_shown_s": startup["window_shown_s"],
        "peak_rss_mb": startup["peak_rss_mb"],
        "details": {"import": imported, "answering": answering, "startup": startup},
        "machine": {"cores": available_cores(), "python": platform.python_version(), "cpu": platform.processor()},
        "quick": args.quick,
        "elapsed_s": time.perf_counter() - started,
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)


def flat(results: dict) -> dict[str, float]:  # type: ignore[type-arg]
    values = {k: v for k, v in results.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    for size, value in results["search_p95_ms"].items():
        values[f"search_p95_ms@{size}"] = value
    return values


def print_table(results: dict) -> None:  # type: ignore[type-arg]
    values = flat(results)
    print(f"\n{'figure':28s} {'value':>10s}  target    met")
    for name, (op, target) in TARGETS.items():
        if name not in values:
            print(f"{name:28s} {'—':>10s}  {op} {target:<7g} (not measured in this mode)")
            continue
        value = values[name]
        met = value >= target if op == ">=" else value <= target
        print(f"{name:28s} {value:10.3f}  {op} {target:<7g} {'yes' if met else 'NO'}")
    details = results["details"]
    print(
        f"\nimport: {details['import']['import_papers_per_s']:.1f} papers/s ({details['import']['backend']}) vs "
        f"baseline {details['import']['baseline_papers_per_s']:.1f}; re-import {details['import']['reimport_s']:.3f}s"
    )
    answering = details["answering"]
    print(
        f"answering: prompt {answering['prompt_tokens']} tokens; ttft {answering['ttft_s']:.2f}s "
        f"(raw {answering['raw_ttft_s']:.2f}s); second question {answering['second_question_ttft_s']:.2f}s "
        f"(raw {answering['second_question_raw_ttft_s']:.2f}s); decode {answering['decode_tokens_per_s']:.1f} "
        f"tok/s (raw {answering['raw_decode_tokens_per_s']:.1f})"
    )
    startup = details["startup"]
    print(
        f"startup: window {startup['window_shown_s']:.2f}s, search ready {startup.get('search_ready_s', 0):.2f}s, "
        f"chat ready {startup.get('chat_ready_s', 0):.2f}s, peak RSS {startup['peak_rss_mb']:.0f} MB"
    )
    print(f"\nwrote {RESULTS} in {results['elapsed_s']:.0f}s")


if __name__ == "__main__":
    main()
