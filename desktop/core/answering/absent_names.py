"""The things a question names that the library lacks: a drug or a method it never mentions
("bilastine"), or an acronym it holds only as another word ("LIME" beside "lime"), so that the
answer says so instead of taking another paper for it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.core.base.filters import SearchFilters
from desktop.core.library.library import Library

# Long words of questions that name no thing of their own.
_COMMON_LONG = frozenset(
    [
        "between",
        "compare",
        "compared",
        "comparison",
        "difference",
        "differences",
        "different",
        "explain",
        "described",
        "describe",
        "approach",
        "approaches",
        "effective",
        "efficacy",
        "effects",
        "improve",
        "improved",
        "improves",
        "performance",
        "proposed",
        "propose",
        "results",
        "evaluate",
        "evaluated",
        "evaluation",
        "benchmark",
        "benchmarks",
        "dataset",
        "datasets",
        "training",
        "trained",
        "learning",
        "network",
        "networks",
        "language",
        "languages",
        "generation",
        "generated",
        "library",
        "summarize",
        "overview",
        "papers",
        "article",
        "articles",
    ]
)
# Papers read to see how the library writes a word (the keyword search ignores case).
CANDIDATES_READ = 50


def rare_words(question: str) -> list[str]:
    """Lower-case content words long enough to be names of things (drugs, methods: 'bilastine')."""
    return [w for w in re.findall(r"\b[a-z][a-z-]{6,}\b", question) if w not in _COMMON_LONG]


def absent_names(library: Library, text: str, subjects: Sequence[str] = ()) -> list[str]:
    """The names in the text (its rare words and the question's named subjects it holds) that no
    paper of the library holds; an acronym must be held in capitals."""
    named = [s for s in subjects if s.casefold() in text.casefold()]
    absent = [word for word in rare_words(text) if _unheld(library, word)]
    for name in named:
        if name in absent:
            continue
        if not library.mentions(name) or (_is_acronym(name) and not _holds_in_capitals(library, name)):
            absent.append(name)
    return absent


def absent_words(library: Library, question: str, subjects: Sequence[str] = ()) -> list[str]:
    """The question's rare words the library never holds, and its acronyms it holds only as
    another word; named subjects it never holds are abstention.judge's to weigh."""
    absent = [word for word in rare_words(question) if _unheld(library, word)]
    return absent + [
        s for s in subjects if _is_acronym(s) and library.mentions(s) and not _holds_in_capitals(library, s)
    ]


def _unheld(library: Library, word: str) -> bool:
    """Whether no paper holds the word; a compound of words the library holds ("reward-model-free",
    "six-antihistamine") describes a thing rather than naming one, and is held."""
    if library.mentions(word):
        return False
    parts = [part for part in word.split("-") if len(part) > 2]
    return len(parts) < 2 or not all(library.mentions(part) for part in parts)


def _is_acronym(name: str) -> bool:
    return len(name) >= 3 and name.isalpha() and name.isupper()


def candidate_texts(library: Library, word: str) -> list[str]:
    """The titles and abstracts of the papers the keyword search finds for the word, as written."""
    ids = [pid for pid, _ in library.keyword_ranking(word, CANDIDATES_READ, SearchFilters())]
    return [f"{p.title} {p.abstract}" for p in library.get_many(ids).values()]


def _holds_in_capitals(library: Library, acronym: str) -> bool:
    pattern = re.compile(rf"\b{re.escape(acronym)}s?\b")
    return any(pattern.search(text) for text in candidate_texts(library, acronym))
