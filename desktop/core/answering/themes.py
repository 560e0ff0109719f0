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
from desktop.core.text.cjk import cjk_words, has_cjk
from desktop.core.text.terms import content_stems, tokens
from desktop.core.text.terms import stem as stem_of

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
    return _merge_singletons(result, order)


def _merge_singletons(themes: list[Theme], order: dict[int, int]) -> list[Theme]:
    """A theme of one paper goes to an 'Other' theme at the end when two or more themes of several
    papers stay; with fewer, the papers are one theme (eleven papers and one are not two themes)."""
    kept = [t for t in themes if len(t.numbers) > 1]
    alone = [n for t in themes if len(t.numbers) == 1 for n in t.numbers]
    if not alone:
        return themes
    if len(kept) >= 2:
        return [*kept, Theme("Other", alone)]
    every = sorted((n for t in themes for n in t.numbers), key=lambda n: order[n])
    return [Theme(kept[0].heading if kept else themes[0].heading, every)]


def _heading(members: Sequence[Paper], others: Sequence[Paper], topic: str) -> str:
    """The terms (words or word pairs) that weigh most in the members' titles and abstracts by
    TF-IDF against the other papers, the topic's own words left out."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{p.title}. {p.title}. {p.abstract}" for p in [*members, *others]]
    chinese = any(has_cjk(p.title) for p in members)
    try:
        if chinese:
            vectorizer = TfidfVectorizer(analyzer=cjk_words, sublinear_tf=True)
        else:
            vectorizer = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no terms at all
        return "Related work"
    names = vectorizer.get_feature_names_out()
    inside = np.asarray(matrix[: len(members)].mean(axis=0)).ravel()
    outside = np.asarray(matrix[len(members) :].mean(axis=0)).ravel() if others else np.zeros_like(inside)
    skip = set(content_stems(topic)) | GENERIC_WORDS | set(cjk_words(topic))
    chosen: list[str] = []
    for position in np.argsort(-(inside - 0.5 * outside)):
        term = str(names[position])
        parts = term.split()
        if any(stem_of(w) in skip or w in skip or w.isdigit() or (len(w) < 3 and not chinese) for w in parts):
            continue
        if any(term in c or c in term for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == 2:
            break
    return ", ".join(chosen) or "Related work"


def _document_counts(papers: Sequence[Paper]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for paper in papers:
        counts.update(set(content_stems(f"{paper.title} {paper.title} {paper.abstract}")))
    return counts


def _surface(papers: Sequence[Paper], stem: str) -> str:
    """The word as the papers write it most often."""
    written: Counter[str] = Counter()
    for paper in papers:
        for token in tokens(f"{paper.title} {paper.abstract}"):
            lowered = token.casefold()
            if stem_of(lowered.replace("-", "")) == stem:
                written[token if token.isupper() else lowered] += 1
    return written.most_common(1)[0][0] if written else stem
