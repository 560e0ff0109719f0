"""An answer checker independent of the app's own citation check.

The app checks a sentence with sentence embeddings plus term overlap. This checker uses neither:
it asks whether the sentence's content can be read off the abstracts it cites —
- every number in the sentence occurs in them (1,000 and 1000 alike);
- at least 75% of its content words (crudely stemmed, stopwords and a few reporting words left
  out) occur in them;
- at least 60% of its adjacent content-word pairs occur in them in the same order, at most two
  content words apart (word salad from the right abstract fails this);
- it keeps the polarity: a negation it adds must be in the abstract.
Key facts are checked by plain (case- and hyphen-insensitive) containment of the key terms."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

CITATION = re.compile(r"\[\d+\]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")
WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
CJK = re.compile(r"[\u4e00-\u9fff]")
STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "also",
        "both",
        "each",
        "more",
        "most",
        "other",
        "some",
        "very",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
    ]
)
# Words an answer may use to report what a paper says without taking them from it.
REPORTING = frozenset(
    [
        "paper",
        "papers",
        "authors",
        "author",
        "study",
        "work",
        "approach",
        "method",
        "propose",
        "proposes",
        "proposed",
        "present",
        "presents",
        "introduce",
        "introduces",
        "show",
        "shows",
        "find",
        "finds",
        "according",
        "called",
        "named",
        "uses",
        "use",
        "used",
    ]
)
NEGATIONS = frozenset({"not", "no", "never", "without", "cannot", "neither", "nor"})
MIN_WORD_PRECISION = 0.75
MIN_PAIR_PRECISION = 0.6
PAIR_GAP = 2


def stem(word: str) -> str:
    word = word.casefold()
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str, drop: frozenset[str] = frozenset()) -> list[str]:
    """Stemmed content words in order (those in drop left out); CJK text as character pairs."""
    text = CITATION.sub(" ", text)
    words: list[str] = []
    for token in WORD.findall(text):
        if CJK.search(token):
            chars = CJK.findall(token)
            words.extend(a + b for a, b in itertools.pairwise(chars))
            continue
        lowered = token.casefold()
        if lowered in NEGATIONS:
            words.append(lowered)
        elif len(lowered) > 2 and lowered not in STOP and lowered not in drop and not lowered.isdigit():
            words.append(stem(lowered))
    return words


def numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip("%") for n in NUMBER.findall(CITATION.sub(" ", text))}


def _pairs(words: Sequence[str], gap: int) -> set[tuple[str, str]]:
    found = set()
    for i, word in enumerate(words):
        for j in range(i + 1, min(len(words), i + 2 + gap)):
            found.add((word, words[j]))
    return found


def backed(sentence: str, abstracts: Iterable[str]) -> bool:
    """True when the sentence's content can be read off the given abstracts."""
    source = " ".join(abstracts)
    if not source.strip():
        return False
    if not numbers(sentence) <= numbers(source):
        return False
    words = content_words(sentence, drop=REPORTING)
    if not words:
        return True
    source_words = content_words(source)
    vocabulary = set(source_words)
    if any(word in NEGATIONS and word not in vocabulary for word in words):
        return False
    if sum(word in vocabulary for word in words) / len(words) < MIN_WORD_PRECISION:
        return False
    pairs = [(a, b) for a, b in itertools.pairwise(words)]
    if not pairs:
        return True
    known = _pairs(source_words, PAIR_GAP)
    return sum(pair in known for pair in pairs) / len(pairs) >= MIN_PAIR_PRECISION


def normalise(text: str) -> str:
    return re.sub(r"[\s\-‐–]+", " ", text.casefold())


def has_terms(text: str, terms: Sequence[Sequence[str]]) -> bool:
    """Every group of alternatives has one alternative in text."""
    haystack = normalise(text)
    return all(any(normalise(option) in haystack for option in group) for group in terms)
