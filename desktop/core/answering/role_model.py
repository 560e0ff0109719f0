"""A learned reading of a sentence's role in its abstract: one small logistic regression per role
over the sentence's words, where it stands, and the cue scores of roles.py.

The cue rules alone were written while reading the dev compare sets and put a third of the
held-out cells in the wrong column; a linear model over the same cues plus the words and the
position, trained on abstracts written and labelled for it (resources/roles/role_sentences.json,
none of them in the library or the bench), weighs the cues by what they are worth instead of by
hand (bench/roles_cv.py measures both on every labelled compare set).

Thread rules: any thread; the model is trained once, on first use, under a lock."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from desktop.core.answering.roles import Role, label_roles
from desktop.core.base.paths import resources_dir
from desktop.core.text.cjk import has_cjk
from desktop.core.text.keywords import segment_cjk

ROLES = (Role.TASK, Role.METHOD, Role.DATA, Role.RESULT)
CORPUS = "roles/role_sentences.json"
REGULARISATION = 1.0  # sklearn's C; chosen by cross-validation in bench/roles_cv.py
_DIGITS = re.compile(r"\d[\d.,]*")
LAYOUT_COLUMNS = 6 + len(ROLES)  # place (5), length, and a cue score per role


def corpus_path() -> Path:
    return resources_dir() / CORPUS


def load_corpus(path: Path | None = None) -> list[tuple[list[str], list[set[str]]]]:
    """Each labelled abstract: its sentences in order and each sentence's roles."""
    items = json.loads((path or corpus_path()).read_text(encoding="utf-8"))
    abstracts = []
    for item in items:
        sentences = [s["text"] for s in item["sentences"]]
        roles = [set(s["role"].split("|")) for s in item["sentences"]]
        abstracts.append((sentences, roles))
    return abstracts


def _words(text: str) -> str:
    """Lower case, numbers as one token, Chinese characters spaced out so that they count as words."""
    text = segment_cjk(text) if has_cjk(text) else text
    return _DIGITS.sub(" 0 ", text.lower())


def _layout(sentences: Sequence[str]) -> np.ndarray:
    """Per sentence: where it stands, its length, and the cue score of each role."""
    count = len(sentences)
    rows = []
    for position, (text, scores) in enumerate(zip(sentences, label_roles(sentences), strict=True)):
        place = position / max(1, count - 1)
        rows.append(
            [place, float(position == 0), float(position == count - 1), float(place < 0.34), float(place > 0.66)]
            + [min(len(text.split()), 60) / 40]
            + [scores.scores[role] for role in ROLES]
        )
    return np.asarray(rows, dtype=float).reshape(count, LAYOUT_COLUMNS)


class RoleModel:
    """P(role) for each sentence of an abstract, one column per role of ROLES."""

    def __init__(self, abstracts: Sequence[tuple[Sequence[str], Sequence[set[str]]]], c: float = REGULARISATION):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        texts = [_words(s) for sentences, _ in abstracts for s in sentences]
        labels = [roles for _, sentence_roles in abstracts for roles in sentence_roles]
        self._vectoriser = TfidfVectorizer(
            token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2), min_df=2, sublinear_tf=True
        )
        self._vectoriser.fit(texts)
        features = self._features_of([list(sentences) for sentences, _ in abstracts])
        self._models: list[Any] = []  # None: a role the corpus never shows, never predicted
        for role in ROLES:
            target = np.array([role.value in roles for roles in labels])
            model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
            self._models.append(model.fit(features, target) if 0 < target.sum() < len(target) else None)

    def _features_of(self, abstracts: Sequence[Sequence[str]]) -> Any:
        from scipy import sparse

        texts = [_words(s) for sentences in abstracts for s in sentences]
        layout = (
            np.vstack([_layout(sentences) for sentences in abstracts]) if abstracts else np.zeros((0, LAYOUT_COLUMNS))
        )
        return sparse.hstack([self._vectoriser.transform(texts), sparse.csr_matrix(layout)]).tocsr()

    def probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, len(ROLES)))
        features = self._features_of([sentences])
        count = features.shape[0]
        return np.column_stack(
            [np.zeros(count) if model is None else model.predict_proba(features)[:, 1] for model in self._models]
        )


_lock = threading.Lock()
_shared: RoleModel | None = None


def shared_model() -> RoleModel:
    """The model trained on the bundled corpus, trained on first use (a fraction of a second)."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = RoleModel(load_corpus())
        return _shared
