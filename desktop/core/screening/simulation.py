"""Replaying a labelled review, as the screening literature measures active learning: start
from N random included and N random excluded records, then repeatedly train, screen the
top-ranked record (its label revealed), until every included record is found.

The prior records count as screened (the reviewer had to find them), which makes the work
saved slightly lower than when they are left out."""

from __future__ import annotations

import math
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from desktop.core.screening.models import ModelSpec, fit, relevance

RANDOM = "random"  # the order a reviewer without a model screens in


@dataclass
class SimulationRun:
    """One replay: the labels in the order screened, and the seconds each retrain took."""

    model: str
    seed: int
    records: int
    included: int
    found: list[int] = field(default_factory=list)  # found[i]: included among the first i + 1 screened
    retrain_s: list[float] = field(default_factory=list)

    @property
    def screened(self) -> int:
        return len(self.found)

    def screened_to(self, recall: float) -> int:
        """Records screened when recall first reached the level (every record when never)."""
        needed = math.ceil(recall * self.included - 1e-9)
        for index, count in enumerate(self.found):
            if count >= needed:
                return index + 1
        return self.records

    def wss(self, recall: float = 0.95) -> float:
        """Work saved over sampling at that recall: (N − screened) / N − (1 − recall) (Cohen 2006)."""
        return (self.records - self.screened_to(recall)) / self.records - (1.0 - recall)

    def recall_at(self, fraction: float = 0.10) -> float:
        """Share of the included records found within the first fraction of records screened."""
        limit = math.ceil(fraction * self.records)
        found = self.found[limit - 1] if limit <= len(self.found) else (self.found[-1] if self.found else 0)
        return found / self.included if self.included else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "seed": self.seed,
            "records": self.records,
            "included": self.included,
            "screened": self.screened,
            "wss95": round(self.wss(0.95), 4),
            "wss100": round(self.wss(1.0), 4),
            "recall_at_10pct": round(self.recall_at(0.10), 4),
            "screened_to_95": self.screened_to(0.95),
            "screened_to_100": self.screened_to(1.0),
            "retrain_ms_mean": round(1000 * float(np.mean(self.retrain_s)), 2) if self.retrain_s else None,
        }


def prior_records(labels: np.ndarray, included: int, excluded: int, seed: int) -> list[int]:
    """The starting records: that many random included and excluded ones."""
    rng = np.random.default_rng(seed)
    chosen_in = rng.choice(np.flatnonzero(labels == 1), size=min(included, int(labels.sum())), replace=False)
    pool_out = np.flatnonzero(labels == 0)
    chosen_out = rng.choice(pool_out, size=min(excluded, len(pool_out)), replace=False)
    return [int(i) for i in [*chosen_in, *chosen_out]]


def simulate(
    spec: ModelSpec | str,
    rows: Any,
    labels: np.ndarray,
    prior_included: int = 1,
    prior_excluded: int = 1,
    seed: int = 0,
    stop_recall: float = 1.0,
    min_fraction: float = 0.0,
) -> Generator[int, None, SimulationRun]:
    """Replays the labels; yields the records screened so far after each step (cancel at a
    yield). rows: the feature matrix of every record; spec RANDOM screens in random order.
    Stops when stop_recall of the included records are found and min_fraction of the records
    screened (the bench needs 95% recall and the first 10%, not the whole review)."""
    labels = np.asarray(labels, dtype=np.int64)
    total, wanted = len(labels), int(labels.sum())
    if wanted == 0 or wanted == total:
        raise ValueError("a simulation needs both included and excluded records")
    name = spec if isinstance(spec, str) else spec.name
    run = SimulationRun(name, seed, total, wanted)
    order = prior_records(labels, prior_included, prior_excluded, seed)
    screened = np.zeros(total, dtype=bool)
    found = 0
    for index in order:
        screened[index] = True
        found += int(labels[index])
        run.found.append(found)
    rng = np.random.default_rng(seed + 1_000_003)
    needed = math.ceil(stop_recall * wanted - 1e-9)
    floor = math.ceil(min_fraction * total)
    while found < wanted and not (found >= needed and run.screened >= floor):
        pool = np.flatnonzero(~screened)
        if isinstance(spec, str):
            pick = int(rng.choice(pool))
        else:
            started = time.perf_counter()
            taken = np.flatnonzero(screened)
            model = fit(spec, rows[taken], labels[taken])
            scores = relevance(model, rows[pool])
            run.retrain_s.append(time.perf_counter() - started)
            pick = int(pool[int(np.argmax(scores))])
        screened[pick] = True
        found += int(labels[pick])
        run.found.append(found)
        yield run.screened
    return run
