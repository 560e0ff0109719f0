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
DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
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
    DOC.write_text(render_markdown(results))
    print(f"wrote {DOC}")


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


NOTES = {
    "import_speedup": "bf16 weights on a CPU with native bf16 (AMX/AVX-512 BF16) are the fastest faithful backend found: embedding alone runs about 2.8x the fp32 baseline here, and parsing, dedup and the two stores take the rest (runs on this shared machine gave 2.4x-2.8x). Tried and rejected: ONNX Runtime fp32 (0.7x of torch fp32), torch dynamic int8 (top-10 agreement 0.71), a shorter max_seq_length (0.74 at 192 tokens), larger batches (no gain)",
    "ttft_s": "prompt processing of the 135M Q4_1 model runs at about 280-300 tokens/s on these 2 cores, in llama.cpp itself (raw llama-cpp-python on the same prompt is no faster: see ttft_vs_raw); five sources of at most 48 tokens each, with their titles, still make a prompt of about 420 tokens. Fewer or shorter sources would meet it at the cost of grounding",
    "ttft_vs_raw": "identical prompt and settings; within measurement noise of raw llama-cpp-python",
}


def render_markdown(results: dict) -> str:  # type: ignore[type-arg]
    values = flat(results)
    lines = [
        "# Performance",
        "",
        "Measured by `make bench` (`python -m bench --quick`; `make bench-full` adds the 100k-paper library).",
        "Every figure is a ratio against a baseline run in the same process, or an absolute time on this",
        f"machine ({results['machine']['cores']} cores). Quick mode: {results['quick']}. This file is rewritten by each run.",
        "",
        "| Figure | Value | Target | Met |",
        "|---|---|---|---|",
    ]
    for name, (op, target) in TARGETS.items():
        if name not in values:
            lines.append(f"| {name} | not measured in quick mode | {op} {target:g} | — |")
            continue
        value = values[name]
        met = value >= target if op == ">=" else value <= target
        lines.append(f"| {name} | {value:.3f} | {op} {target:g} | {'yes' if met else '**no**'} |")
    lines += ["", "## Details", ""]
    imp, ans, start = (results["details"][k] for k in ("import", "answering", "startup"))
    lines += [
        f"- **Import** of the seeds ({imp['papers']} papers, parse + dedup + embed + store): {imp['import_papers_per_s']:.1f} papers/s "
        f"with the `{imp['backend']}` backend, against {imp['baseline_papers_per_s']:.1f} papers/s for plain sentence-transformers fp32 "
        f"`encode(batch_size=32)` + `collection.add`. Top-10 neighbour agreement with fp32: {imp['top10_agreement']:.3f}.",
        f"- **Re-import** of the same dumps: {imp['reimport_s']:.3f} s ({imp['reimport_new']} new papers): known hashes are skipped before embedding.",
        "- **Search** (hybrid, including the query embedding), p50 / p95 in ms: "
        + ", ".join(
            f"{size} papers {results['search_p50_ms'][size]:.1f} / {results['search_p95_ms'][size]:.1f}"
            for size in results["search_p95_ms"]
        )
        + ". Larger libraries are synthesised from the seeds: each paper is 5 seed sentences drawn at random, its vector the "
        "normalised mean of those sentences' real embeddings (bench/synth.py).",
        f"- **Answering** a 5-abstract question on SmolLM2-135M Q4_1 ({ans['prompt_tokens']} prompt tokens): time to first token "
        f"{ans['ttft_s']:.2f} s (raw llama-cpp-python on the identical prompt {ans['raw_ttft_s']:.2f} s); decoding "
        f"{ans['decode_tokens_per_s']:.1f} tokens/s (raw {ans['raw_decode_tokens_per_s']:.1f}). A second question reuses the cached "
        f"system-prompt prefix: {ans['second_question_ttft_s']:.2f} s (raw, fresh each time, {ans['second_question_raw_ttft_s']:.2f} s).",
        f"- **Startup** (fresh process, offscreen): window shown after {start['window_shown_s']:.2f} s; keyword search works then; "
        f"semantic search ready after {start.get('search_ready_s', 0):.2f} s (torch and the embedding model load in the background); "
        f"chat ready after {start.get('chat_ready_s', 0):.2f} s; peak RSS {start['peak_rss_mb']:.0f} MB.",
        "",
        "## Where a target is missed, and why",
        "",
    ]
    missed = [
        n for n, (op, t) in TARGETS.items() if n in values and not (values[n] >= t if op == ">=" else values[n] <= t)
    ]
    for name in missed:
        lines.append(f"- **{name}**: {NOTES.get(name, 'see the details above')}.")
    if not missed:
        lines.append("- None in this run.")
    lines += [
        "",
        "## The fast paths",
        "",
        "- Embedding: bf16 weights where the CPU has native bf16 (`auto` backend), else fp32; torch threads capped to the cores;",
        "  one thread for single queries. Known content hashes are skipped before embedding.",
        "- llama.cpp: built portable and without OpenMP (sharing libgomp with torch made decoding 3x slower after any",
        "  embedding), `n_threads` = `n_threads_batch` = cores, `n_batch` = `n_ubatch` = 512; the system prompt's KV cache",
        "  is reused between questions; sources are trimmed to the sentences that match the question.",
        "- Chroma HNSW `num_threads` capped to the cores; imports write in batches of 256.",
        "- Lazy imports: the window appears before torch, chromadb or llama_cpp are imported.",
        "",
        "Reproduce: `make bench` (quick, under 5 minutes) or `make bench-full`.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
