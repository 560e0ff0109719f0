"""How well compare cells are chosen, by the cue rules (roles.py) and by the learned role model
(role_model.py), on the labelled compare sets of bench/questions over the mixed library, judged as
bench/qa_judge.py judges a compare table's cells.

    python -m bench.roles_cv [--library DIR] [--split dev|heldout|all]

Also: leave-one-abstract-group-out cross-validation of the model on its own training corpus, and
the model trained on the corpus plus the dev compare sets, scored by leaving each dev set out (a
guide to whether more labelled data would help; the app trains on the corpus alone)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.qa_judge import COLUMNS, overlap
from bench.qa_run import mixed_library
from bench.qa_set import load
from desktop.core.answering.compare import FIELDS, table_cells
from desktop.core.answering.role_model import RoleModel, load_corpus
from desktop.core.library.library import Library
from desktop.core.text.sentences import split_sentences

Chooser = Callable[[Sequence[str]], dict[str, str]]  # each field's cell text ("" not stated)
Row = tuple[list[str], list[set[str]], list[dict[str, Any]]]  # sentences, their roles, the labels


def labelled_rows(library: Library, split: str) -> list[tuple[str, list[Row]]]:
    """Per compare question: each labelled paper's sentences (as the app splits them) and roles."""
    sets = []
    for question in load(library):
        if question.kind != "compare" or split not in ("all", question.split):
            continue
        rows = []
        for index, paper_id in enumerate(question.papers):
            labels = [label for label in question.roles if label.get("paper", 0) == index]
            if not labels:
                continue
            paper = library.get(paper_id)
            if paper is None:
                continue
            sentences = [s.text for s in split_sentences(paper.abstract)]
            roles = []
            for sentence in sentences:
                best = max(labels, key=lambda label: overlap(sentence, label["sentence"]))
                close = overlap(sentence, best["sentence"]) >= 0.5
                roles.append(set(best["role"].split("|")) if close else {"other"})
            rows.append((sentences, roles, labels))
        sets.append((question.id, rows))
    return sets


def cells_right(row: Row, chosen: dict[str, str]) -> list[bool]:
    _, _, labels = row
    right = []
    for name in FIELDS:
        role, text = COLUMNS[name], chosen[name]
        if not text:
            right.append(not any(role in label["role"].split("|") for label in labels))
            continue
        best = max(labels, key=lambda label: overlap(text, label["sentence"]))
        right.append(role in best["role"].split("|"))
    return right


def score(rows: Sequence[Row], choose: Chooser) -> dict[str, float]:
    judged = [cells_right(row, choose(row[0])) for row in rows]
    figures = {name: float(np.mean([cells[i] for cells in judged])) for i, name in enumerate(FIELDS)}
    figures["all"] = float(np.mean([cell for cells in judged for cell in cells])) if judged else 0.0
    figures["cells"] = float(sum(len(cells) for cells in judged))
    return figures


def chooser(model: RoleModel | None) -> Chooser:
    return lambda sentences: {name: cell[1] for name, cell in table_cells(sentences, model).items()}


def corpus_cv(folds: int = 5) -> float:
    """Sentence-level accuracy of the main role, each fifth of the corpus predicted by the rest."""
    corpus = load_corpus()
    hits = total = 0
    for fold in range(folds):
        train = [a for i, a in enumerate(corpus) if i % folds != fold]
        model = RoleModel(train)
        for sentences, roles in (a for i, a in enumerate(corpus) if i % folds == fold):
            probabilities = model.probabilities(sentences)
            for row, wanted in zip(probabilities, roles, strict=True):
                guess = ("task", "method", "data", "result")[int(np.argmax(row))] if row.max() >= 0.5 else "other"
                hits += guess in wanted
                total += 1
    return hits / total if total else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=Path("/tmp/abstracta-mixed-library"))
    parser.add_argument("--split", default="dev", choices=["dev", "heldout", "all"])
    args = parser.parse_args()
    mixed_library(args.library)
    library = Library(args.library, read_only=True)
    try:
        sets = labelled_rows(library, args.split)
    finally:
        library.close()
    rows = [row for _, question_rows in sets for row in question_rows]
    corpus = load_corpus()
    result: dict[str, Any] = {
        "split": args.split,
        "compare_sets": len(sets),
        "rules": score(rows, chooser(None)),
        "model": score(rows, chooser(RoleModel(corpus))),
        "corpus_sentence_accuracy_cv": round(corpus_cv(), 3),
    }
    if args.split == "dev":  # would more labels help? each dev set scored by a model that also saw the others
        left_out = []
        for k, (_, held) in enumerate(sets):
            extra = [(row[0], row[1]) for j, (_, other) in enumerate(sets) if j != k for row in other]
            model = RoleModel(corpus + extra)
            left_out += [cells_right(row, chooser(model)(row[0])) for row in held]
        result["model_plus_other_dev_sets"] = float(np.mean([c for cells in left_out for c in cells]))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
