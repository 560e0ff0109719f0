"""Each figure, measured against a baseline run in the same process."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.scale_probe import QUERIES, search_percentiles
from bench.synth import Synthesiser, seed_papers
from desktop.core.answering.answer import Answerer
from desktop.core.answering.compose import AnswerStyle
from desktop.core.base.config import available_cores
from desktop.core.base.jobs import drive
from desktop.core.ingest.pipeline import embedding_text, run_import
from desktop.core.library.library import Library
from desktop.core.models.embedding import SentenceTransformerEmbedder
from desktop.core.models.llm import GenerationOptions, LlamaModel
from desktop.core.search.hybrid import Searcher

TTFT_QUESTION = "What is in-context learning?"

ROOT = Path(__file__).resolve().parents[1]


def top10_agreement(reference: np.ndarray, candidate: np.ndarray) -> float:
    def neighbours(vectors: np.ndarray) -> np.ndarray:
        scores = vectors @ vectors.T
        np.fill_diagonal(scores, -np.inf)
        return np.argsort(-scores, axis=1)[:, :10]

    a, b = neighbours(reference), neighbours(candidate)
    return float(np.mean([len(set(a[i]) & set(b[i])) / 10 for i in range(len(a))]))


def measure_import(seeds: Path, work: Path) -> dict[str, Any]:
    """Ours (parse + dedup + embed + store) vs plain fp32 encode(batch_size=32) + collection.add."""
    import chromadb
    import torch
    from chromadb.config import Settings as ChromaSettings
    from sentence_transformers import SentenceTransformer

    papers = seed_papers(seeds)
    texts = [embedding_text(p) for p in papers]
    fp32 = SentenceTransformerEmbedder(backend="torch-fp32")
    fp32.load()
    naive = SentenceTransformer(str(fp32.model_dir), device="cpu")
    torch.set_num_threads(fp32.threads or available_cores())
    naive.encode(texts[:4])
    started = time.perf_counter()
    vectors = naive.encode(texts, batch_size=32, normalize_embeddings=True)
    client = chromadb.PersistentClient(str(work / "baseline"), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.create_collection(
        "baseline", configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
    )
    collection.add(ids=[p.id for p in papers], embeddings=vectors, documents=[p.abstract for p in papers])
    baseline_s = time.perf_counter() - started

    fast = SentenceTransformerEmbedder(threads=fp32.threads)
    fast.embed(texts[:4])
    library = Library(work / "ours")
    started = time.perf_counter()
    report = run_import(library, fast, [seeds])
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    again = run_import(library, fast, [seeds])
    reimport_s = time.perf_counter() - started
    agreement = top10_agreement(np.asarray(vectors), fast.embed(texts))
    library.close()
    return {
        "papers": len(papers),
        "backend": fast.backend,
        "baseline_papers_per_s": len(papers) / baseline_s,
        "import_papers_per_s": report.new / ours_s,
        "import_speedup": baseline_s / ours_s,
        "top10_agreement": agreement,
        "reimport_s": reimport_s,
        "reimport_new": again.new,
        "reimport_speedup": ours_s / reimport_s,
    }


def measure_search(seeds: Path, work: Path, sizes: list[int]) -> dict[str, Any]:
    embedder = SentenceTransformerEmbedder()
    synthesiser = Synthesiser(seeds, embedder)
    results: dict[str, Any] = {"p50_ms": {}, "p95_ms": {}}
    library = Library(work / "synthetic")
    have = 0
    for size in sizes:
        synthesiser.fill(library, size - have, seed=size)
        have = size
        p50, p95 = search_percentiles(Searcher(library, embedder), QUERIES, 4)
        results["p50_ms"][str(size)], results["p95_ms"][str(size)] = p50, p95
    library.close()
    return results


def measure_answering(seeds_library: Path, question: str = TTFT_QUESTION, repeats: int = 5) -> dict[str, Any]:
    """Time to first token on full-length sources: the prompt a larger model gets (five whole
    abstracts, the evidence and the question, about 1,300 tokens), through our LlamaModel and
    through raw llama-cpp-python on the identical rendered prompt, same file and threads, each
    repeat with a cold cache. Never shortened to meet a timing."""
    import llama_cpp

    from desktop.core.models.llm import resolve_model_path

    path = resolve_model_path("")
    embedder = SentenceTransformerEmbedder()
    library = Library(seeds_library, read_only=True)
    model = LlamaModel(path, 4096)
    options = GenerationOptions(max_tokens=64, temperature=0.0)
    answerer = Answerer(Searcher(library, embedder), model, options, style=AnswerStyle.FREE)
    answer = drive(answerer.ask(question, k=5))
    messages = answerer.free_messages(question, answer, ())
    prompt, stops = model.render(messages)
    prompt_tokens = model.count_tokens(prompt)
    whole = all(source.text == source.paper.abstract for source in answer.sources)
    list(model.stream([{"role": "user", "content": "Hello"}], GenerationOptions(max_tokens=2)))  # page in
    ours = []
    for _ in range(repeats):
        model.reset_cache()
        ours.append(_stream_timings(model.stream(messages, options)))
    model.close()
    raw = llama_cpp.Llama(str(path), n_ctx=4096, n_threads=model.threads, n_threads_batch=model.threads, verbose=False)
    list(raw.create_completion("Hello", max_tokens=2))
    raw_runs = [_raw_timings(raw, prompt, stops, options) for _ in range(repeats)]
    library.close()
    ttft = statistics.median(t[0] for t in ours)
    raw_ttft = statistics.median(t[0] for t in raw_runs)
    decode = statistics.median(t[1] for t in ours)
    raw_decode = statistics.median(t[1] for t in raw_runs)
    return {
        "question": question,
        "prompt_tokens": prompt_tokens,
        "whole_abstracts": whole,
        "sources": len(answer.sources),
        "ttft_s": ttft,
        "raw_ttft_s": raw_ttft,
        "ttft_vs_raw": ttft / raw_ttft,
        "decode_tokens_per_s": decode,
        "raw_decode_tokens_per_s": raw_decode,
        "decode_vs_raw": decode / raw_decode if raw_decode else 0.0,
        "prompt_tokens_per_s": prompt_tokens / ttft if ttft else 0.0,
    }


def _stream_timings(stream: Any) -> tuple[float, float, int]:
    """(time to first piece, decode pieces/s, pieces) of our model's stream."""
    started = time.perf_counter()
    first, count = 0.0, 0
    for _ in stream:
        if count == 0:
            first = time.perf_counter() - started
        count += 1
    total = time.perf_counter() - started
    return first, (count - 1) / (total - first) if count > 1 and total > first else 0.0, count


def _raw_timings(raw: Any, prompt: str, stops: list[str], options: GenerationOptions) -> tuple[float, float, int]:
    """The same for raw llama-cpp-python, timed from the rendered prompt (tokenizing included)."""
    raw.reset()
    started = time.perf_counter()
    tokens = raw.tokenize(prompt.encode(), add_bos=False, special=True)
    first, count = 0.0, 0
    for _ in raw.create_completion(
        tokens,
        max_tokens=options.max_tokens,
        temperature=options.temperature,
        top_p=options.top_p,
        repeat_penalty=options.repeat_penalty,
        stream=True,
        stop=[*stops, "\n\n\n"],
        seed=options.seed,
    ):
        if count == 0:
            first = time.perf_counter() - started
        count += 1
    total = time.perf_counter() - started
    return first, (count - 1) / (total - first) if count > 1 and total > first else 0.0, count


def measure_startup(seeds_library: Path) -> dict[str, Any]:
    return startup_figures(seeds_library)


def startup_figures(library: Path, runs: int = 1) -> dict[str, Any]:
    """bench.startup on library in fresh processes with a temporary config (never the user's): the
    median of each figure over runs, and every run's figures under "runs"."""
    samples = [_startup_once(library) for _ in range(runs)]
    keys = {key for sample in samples for key in sample}
    figures: dict[str, Any] = {key: statistics.median(s[key] for s in samples if key in s) for key in keys}
    if runs > 1:
        figures["runs"] = samples
    return figures


def _startup_once(library: Path) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ABSTRACTA_CONFIG_DIR": tempfile.mkdtemp()}
    result = subprocess.run(
        [sys.executable, "-m", "bench.startup", str(library)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=900,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"the startup probe printed no figures: {result.stderr[-2000:]}")
    return dict(json.loads(lines[-1]))  # even if Qt's teardown then failed: the figures were taken
