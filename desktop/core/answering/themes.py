"""Themes among papers on one topic: groups of papers whose embeddings are close (scikit-learn's
agglomerative clustering, cosine, average linkage), each named by the words its papers share
and the others do not."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from desktop.core.library.records import Paper
from desktop.core.text.terms import content_stems, tokens

GENERIC_WORDS = frozenset(
    [
        "paper",
        "propos",
        "model",
        "models",
        "method",
        "methods",
        "approach",
        "result",
        "results",
        "show",
        "task",
        "tasks",
        "use",
        "using",
        "based",
        "learn",
        "learning",
        "new",
        "data",
        "performance",
        "work",
        "study",
        "framework",
        "problem",
        "improve",
        "achieve",
        "state",
        "art",
        "existing",
        "demonstrate",
        "experiment",
        "experiments",
        "evaluation",
        "large",
        "different",
        "also",
        "can",
        "set",
        "two",
        "one",
        "first",
    ]
)


@dataclass
class Theme:
    heading: str
    numbers: list[int]


def theme_count(papers: int) -> int:
    """How many themes a number of papers reads best in: one up to five, then about √(n/2)."""
    if papers <= 5:
        return 1
    return max(2, min(6, round(math.sqrt(papers / 2))))


def group(
    papers: Sequence[tuple[int, Paper]], vectors: dict[int, np.ndarray], topic: str, themes: int | None = None
) -> list[Theme]:
    """The papers in themes, each theme's papers in the order given (most relevant first), the
    themes ordered by their best paper."""
    numbers = [n for n, _ in papers if n in vectors]
    wanted = theme_count(len(numbers)) if themes is None else themes
    if wanted <= 1 or len(numbers) < 3:
        return [Theme(_heading([p for _, p in papers], [], topic), [n for n, _ in papers])]
    from sklearn.cluster import AgglomerativeClustering

    matrix = np.stack([vectors[n] for n in numbers])
    labels = AgglomerativeClustering(
        n_clusters=min(wanted, len(numbers)), metric="cosine", linkage="average"
    ).fit_predict(matrix)
    by_label: dict[int, list[int]] = {}
    for number, label in zip(numbers, labels, strict=True):
        by_label.setdefault(int(label), []).append(number)
    order = {n: i for i, (n, _) in enumerate(papers)}
    lookup = dict(papers)
    groups = sorted(by_label.values(), key=lambda members: min(order[n] for n in members))
    unplaced = [n for n, _ in papers if n not in vectors]
    if unplaced:
        groups[0].extend(unplaced)
    result = []
    for members in groups:
        members.sort(key=lambda n: order[n])
        others = [lookup[n] for n in lookup if n not in members]
        result.append(Theme(_heading([lookup[n] for n in members], others, topic), members))
    return _merge_singletons(result)


def _merge_singletons(themes: list[Theme]) -> list[Theme]:
    """A theme of one paper among several themes goes to an 'Other' theme at the end."""
    if len(themes) <= 2:
        return themes
    kept = [t for t in themes if len(t.numbers) > 1]
    alone = [n for t in themes if len(t.numbers) == 1 for n in t.numbers]
    if alone and kept:
        kept.append(Theme("Other", alone))
        return kept
    return themes


def _heading(members: Sequence[Paper], others: Sequence[Paper], topic: str) -> str:
    """The words the members' titles and abstracts share most, weighed against the other papers."""
    skip = set(content_stems(topic)) | GENERIC_WORDS
    inside = _document_counts(members)
    outside = _document_counts(others)
    scored = []
    for stem, count in inside.items():
        if stem in skip or (count < 2 and len(members) > 1):
            continue
        share_in = count / len(members)
        share_out = outside.get(stem, 0) / max(1, len(others))
        scored.append((share_in - share_out, count, stem))
    scored.sort(reverse=True)
    words = [_surface(members, stem) for _, _, stem in scored[:3]]
    return ", ".join(w for w in words if w) or "Related work"


def _document_counts(papers: Sequence[Paper]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for paper in papers:
        counts.update(set(content_stems(f"{paper.title} {paper.title} {paper.abstract}")))
    return counts


def _surface(papers: Sequence[Paper], stem: str) -> str:
    """The word as the papers write it most often."""
    from desktop.core.text.terms import stem as stem_of

    written: Counter[str] = Counter()
    for paper in papers:
        for token in tokens(f"{paper.title} {paper.abstract}"):
            lowered = token.casefold()
            if stem_of(lowered.replace("-", "")) == stem:
                written[token if token.isupper() else lowered] += 1
    return written.most_common(1)[0][0] if written else stem
