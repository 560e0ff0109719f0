"""`python -m bench --screening`: which papers to read first, measured.

- Screening (Cohen's drug-class reviews in ../shared/realworld, label1 and label2): WSS@95, recall
  at 10% screened and the time per retrain over 10 seeds, for Abstracta's model, ASReview's default
  rebuilt from scikit-learn (multinomial naive Bayes on TF-IDF, most likely relevant first) and
  random order, in the same run; and the model choice among scikit-learn's linear models.
- For you: the newest papers held out, interests from the rest (the arXiv sample's categories, the
  reviews' labels); precision of the top 10 against similarity-only ranking.
- Speed: re-ranking a 500-paper dump after a mark, in a library of 1k and of 100k papers.

Figures go to bench/screening_results.json and docs/screening.md."""

from __future__ import annotations

import hashlib
import json
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from desktop.core.base.jobs import drive
from desktop.core.screening.labelled import LabelledSet, read_labelled
from desktop.core.screening.models import BASELINE, CANDIDATES, DEFAULT, ModelSpec, feature_matrix
from desktop.core.screening.simulation import RANDOM, simulate

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"
REVIEWS = [
    "screening/ADHD.csv",
    "screening/NSAIDS.csv",
    "screening/UrinaryIncontinence.csv",
    "cohen_antihistamines.csv",
]
LABELS = ["label1", "label2"]
CACHE = Path.home() / ".cache" / "abstracta-bench"
RESULTS = Path(__file__).resolve().parent / "screening_results.json"
SEEDS = 10
CHOICE_SEEDS = 3


def embeddings(records: LabelledSet, embedder: Any) -> np.ndarray:
    """The records' sentence embeddings, cached by text and model (embedding them takes minutes here)."""
    key = hashlib.sha256(("\n".join(records.texts) + embedder.name).encode()).hexdigest()[:16]
    path = CACHE / f"screening-{records.name}-{key}.npy"
    if path.exists():
        return np.load(path)
    vectors = embedder.embed(records.texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def load_reviews(embedder: Any) -> list[tuple[str, LabelledSet, np.ndarray]]:
    """(name 'ADHD/label2', records, embeddings) for each review and label."""
    loaded = []
    for file in REVIEWS:
        for label in LABELS:
            records = read_labelled(REALWORLD / file, label)
            loaded.append((f"{records.name}/{label}", records, embeddings(records, embedder)))
    return loaded


def _replay(job: tuple[str, LabelledSet, np.ndarray, str, list[int]]) -> list[dict[str, Any]]:
    """One review × model over the seeds (in a worker process): each run to 95% recall and 10% screened."""
    name, records, vectors, model, seeds = job
    spec: ModelSpec | str = RANDOM if model == RANDOM else ModelSpec.parse(model)
    rows = None if isinstance(spec, str) else feature_matrix(spec, records.texts, vectors)[0]
    runs = [
        drive(simulate(spec, rows, records.labels, seed=seed, stop_recall=0.95, min_fraction=0.10)) for seed in seeds
    ]
    return [{"review": name, **run.summary()} for run in runs]


def replay_all(
    reviews: list[tuple[str, LabelledSet, np.ndarray]], models: list[str], seeds: int, log: Any
) -> dict[str, Any]:
    """Per model and review: mean WSS@95, recall at 10%, retrain time (two processes: two cores)."""
    jobs = [
        (name, records, vectors, model, list(range(seeds))) for name, records, vectors in reviews for model in models
    ]
    table: dict[str, dict[str, Any]] = {}
    with ProcessPoolExecutor(max_workers=2) as pool:
        for runs in pool.map(_replay, jobs):
            first = runs[0]
            wss = [run["wss95"] for run in runs]
            cell = {
                "wss95": statistics.mean(wss),
                "wss95_sd": statistics.stdev(wss) if len(wss) > 1 else 0.0,
                "recall_at_10pct": statistics.mean(run["recall_at_10pct"] for run in runs),
                "screened_to_95": statistics.mean(run["screened_to_95"] for run in runs),
                "retrain_ms": statistics.mean(run["retrain_ms_mean"] for run in runs)
                if first["retrain_ms_mean"]
                else None,
                "records": first["records"],
                "included": first["included"],
            }
            table.setdefault(first["model"], {})[first["review"]] = cell
            log(
                f"  {first['review']:28s} {first['model']:14s} WSS@95 {cell['wss95']:.3f} ± {cell['wss95_sd']:.3f}"
                f"  recall@10% {cell['recall_at_10pct']:.3f}"
            )
    for cells in table.values():
        cells["mean"] = {
            "wss95": statistics.mean(c["wss95"] for k, c in cells.items() if k != "mean"),
            "recall_at_10pct": statistics.mean(c["recall_at_10pct"] for k, c in cells.items() if k != "mean"),
        }
    return table


def measure_screening(embedder: Any, log: Any = print, seeds: int = SEEDS, choice: bool = True) -> dict[str, Any]:
    reviews = load_reviews(embedder)
    figures: dict[str, Any] = {"seeds": seeds, "default": DEFAULT.name, "baseline": BASELINE.name}
    if choice:
        log(f"model choice ({CHOICE_SEEDS} seeds):")
        grid = replay_all(reviews, [spec.name for spec in CANDIDATES], CHOICE_SEEDS, log)
        figures["choice"] = {model: cells["mean"] for model, cells in grid.items()}
    log(f"side by side ({seeds} seeds):")
    figures["side_by_side"] = replay_all(reviews, [DEFAULT.name, BASELINE.name, RANDOM], seeds, log)
    return figures


def run_screening(seeds_dir: Path, work: Path, quick: bool = False, log: Any = print) -> dict[str, Any]:
    """Everything above, written to bench/screening_results.json and docs/screening.md."""
    from bench import feed
    from desktop.core.models.embedding import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    started = time.perf_counter()
    figures = measure_screening(embedder, log, seeds=3 if quick else SEEDS, choice=not quick)
    reviews = load_reviews(embedder)
    log("for you, newest held out:")
    figures["feed"] = {"arxiv": feed.arxiv_feed(embedder, work), "reviews": feed.review_feed(reviews, work)}
    for kind, cells in figures["feed"].items():
        log(
            f"  {kind}: precision@10 for you {cells['mean']['for_you_p10']:.3f}, "
            f"similarity only {cells['mean']['similarity_p10']:.3f}"
        )
    log("re-ranking after a mark:")
    figures["rerank"] = feed.rerank_speed(seeds_dir, work, [1000] if quick else [1000, 100_000], log)
    figures["elapsed_s"] = time.perf_counter() - started
    if not quick:
        RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        from bench.screening_doc import write_doc

        write_doc(figures)
    return figures


def rerun_rerank(seeds_dir: Path, work: Path, log: Any = print) -> None:
    """Only the re-rank timing again (after a speed change), into the saved figures and the doc."""
    from bench import feed
    from bench.screening_doc import write_doc

    figures = json.loads(RESULTS.read_text(encoding="utf-8"))
    figures["rerank"] = feed.rerank_speed(seeds_dir, work, [1000, 100_000], log)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    write_doc(figures)


if __name__ == "__main__":  # python -m bench.screening rerank
    import sys
    import tempfile

    import desktop  # noqa: F401  (offline environment first)

    if sys.argv[1:] == ["rerank"]:
        with tempfile.TemporaryDirectory() as folder:
            rerun_rerank(Path(__file__).resolve().parents[2] / "shared" / "seeds", Path(folder))
