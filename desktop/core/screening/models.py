"""The models screening and For you choose from: scikit-learn's linear classifiers over TF-IDF
of title and abstract, the stored sentence embeddings, or both side by side.

The choice is measured (`python -m bench --screening`, docs/screening.md): DEFAULT is the best
mean WSS@95 over the shared labelled reviews; BASELINE is ASReview's default rebuilt here
(multinomial naive Bayes on unigram TF-IDF, most likely relevant first)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from scipy import sparse

from desktop.core.text.cjk import has_cjk
from desktop.core.text.keywords import segment_cjk

NB_ALPHA = 3.822  # ASReview's default alpha for its naive Bayes model


class Classifier(StrEnum):
    LOGREG = "logreg"
    SVM = "svm"
    NB = "nb"


class Features(StrEnum):
    TFIDF = "tfidf"
    EMBEDDING = "embedding"
    BOTH = "both"


@dataclass(frozen=True)
class ModelSpec:
    """A classifier over a feature kind; ngrams: the longest word n-gram TF-IDF counts."""

    classifier: Classifier
    features: Features
    ngrams: int = 2

    @property
    def name(self) -> str:
        return f"{self.classifier.value}+{self.features.value}" + ("" if self.ngrams == 2 else f"/{self.ngrams}g")

    @property
    def needs_embeddings(self) -> bool:
        return self.features != Features.TFIDF

    @property
    def needs_text(self) -> bool:
        return self.features != Features.EMBEDDING

    @classmethod
    def parse(cls, text: str) -> ModelSpec:
        """'logreg+both', 'nb+tfidf/1g' → a spec; a clear error for anything else."""
        head, _, grams = text.partition("/")
        classifier, _, features = head.partition("+")
        try:
            spec = cls(Classifier(classifier), Features(features or Features.TFIDF), int(grams.rstrip("g") or 2))
        except ValueError as error:
            raise ValueError(
                f"unknown model {text!r}: write CLASSIFIER+FEATURES with a classifier of "
                f"{', '.join(c.value for c in Classifier)} and features of {', '.join(f.value for f in Features)}"
            ) from error
        if spec.classifier == Classifier.NB and spec.features != Features.TFIDF:
            raise ValueError("naive Bayes needs counts: use nb+tfidf (embeddings have negative values)")
        return spec


DEFAULT = ModelSpec(Classifier.LOGREG, Features.TFIDF)
BASELINE = ModelSpec(Classifier.NB, Features.TFIDF, ngrams=1)
CANDIDATES = [
    ModelSpec(Classifier.LOGREG, Features.TFIDF),
    ModelSpec(Classifier.LOGREG, Features.EMBEDDING),
    ModelSpec(Classifier.LOGREG, Features.BOTH),
    ModelSpec(Classifier.SVM, Features.TFIDF),
    ModelSpec(Classifier.SVM, Features.EMBEDDING),
    ModelSpec(Classifier.SVM, Features.BOTH),
    ModelSpec(Classifier.NB, Features.TFIDF),
]


def prepared(text: str) -> str:
    """Chinese characters spaced out, so TF-IDF counts them (and their bigrams) as words."""
    return segment_cjk(text) if has_cjk(text) else text


def tfidf_vectorizer(spec: ModelSpec) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    if spec == BASELINE or (spec.ngrams == 1 and spec.classifier == Classifier.NB):
        return TfidfVectorizer(preprocessor=lambda t: prepared(t).lower())  # ASReview's settings: plain unigrams
    return TfidfVectorizer(
        preprocessor=lambda t: prepared(t).lower(),
        token_pattern=r"(?u)\b\w+\b",
        ngram_range=(1, spec.ngrams),
        sublinear_tf=True,
        stop_words="english",
        min_df=1,
    )


def feature_matrix(spec: ModelSpec, texts: Sequence[str], embeddings: np.ndarray | None) -> tuple[Any, Any]:
    """(rows for the classifier, the fitted vectorizer or None). TF-IDF is fitted on the whole set
    (no labels: what ASReview does too); embeddings are the stored L2-normalised rows."""
    vectorizer = tfidf_vectorizer(spec) if spec.needs_text else None
    words = vectorizer.fit_transform(list(texts)) if vectorizer is not None else None
    if spec.features == Features.TFIDF:
        return words.tocsr(), vectorizer  # type: ignore[union-attr]
    if embeddings is None or len(embeddings) != len(texts):
        raise ValueError(f"the {spec.name} model needs one embedding per record")
    dense = np.asarray(embeddings, dtype=np.float64)
    if spec.features == Features.EMBEDDING:
        return dense, None
    return sparse.hstack([words, sparse.csr_matrix(dense)], format="csr"), vectorizer


def make_classifier(spec: ModelSpec) -> Any:
    """A fresh scikit-learn estimator for the spec, classes balanced (included records are rare)."""
    if spec.classifier == Classifier.NB:
        from sklearn.naive_bayes import MultinomialNB

        return MultinomialNB(alpha=NB_ALPHA)
    if spec.classifier == Classifier.SVM:
        from sklearn.svm import LinearSVC

        return LinearSVC(C=0.1 if spec.features == Features.EMBEDDING else 1.0, class_weight="balanced")
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=10.0 if spec.features == Features.TFIDF else 1.0,
        class_weight="balanced",
        solver="liblinear",
        dual=spec.features != Features.EMBEDDING,
    )


def fit(spec: ModelSpec, rows: Any, labels: np.ndarray) -> Any:
    """The classifier fitted on the labelled rows (labels: 1 relevant, 0 not)."""
    model = make_classifier(spec)
    if spec.classifier == Classifier.NB:
        from sklearn.utils.class_weight import compute_sample_weight

        model.fit(rows, labels, sample_weight=compute_sample_weight("balanced", labels))
    else:
        model.fit(rows, labels)
    return model


def relevance(model: Any, rows: Any) -> np.ndarray:
    """Higher is more likely relevant: the decision function, or naive Bayes' log-odds (its
    probabilities round to 1.0 for many records, which would tie them)."""
    if hasattr(model, "decision_function"):
        return np.asarray(model.decision_function(rows), dtype=np.float64)
    joint = model.predict_joint_log_proba(rows)
    return np.asarray(joint[:, 1] - joint[:, 0], dtype=np.float64)
