"""Words as answering compares them: content words (crudely stemmed), numbers and negations."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable

from desktop.core.text.citation_marks import CITATION
from desktop.core.text.cjk import CJK_CHAR
from desktop.core.text.keywords import CLITIC, STOPWORDS

_TOKEN = re.compile(r"[^\W_]+(?:[-'*][^\W_]+)*\*?", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
NEGATIONS = frozenset({"not", "no", "never", "without", "cannot", "neither", "nor", "none"})
EXTRA_STOPWORDS = frozenset(
    [
        "also",
        "been",
        "being",
        "both",
        "could",
        "did",
        "each",
        "into",
        "more",
        "most",
        "other",
        "some",
        "such",
        "than",
        "them",
        "then",
        "there",
        "these",
        "they",
        "those",
        "very",
        "we",
        "our",
        "us",
        "would",
        "may",
        "might",
        "about",
        "over",
        "only",
        "just",
    ]
)
_SUFFIXES = (
    "izations",
    "ization",
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "es",
    "ed",
    "ly",
    "s",
)


SHORT_PLURAL = 4


@functools.lru_cache(maxsize=1 << 16)  # a library's vocabulary: the same words are stemmed again and again
def stem(word: str) -> str:
    """A crude stem: enough to match 'predicts'/'predicted'/'prediction' to 'predict'."""
    word = word.casefold()
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    else:
        if len(word) == SHORT_PLURAL and word.endswith("s") and not word.endswith(("us", "ss", "is", "as")):
            return word[:-1]  # a short plural: 'zoos' = 'zoo', 'LLMs' = 'LLM' (not 'bias', 'plus')
    return word[:-1] if len(word) > 4 and word.endswith("e") else word  # generate = generated


def tokens(text: str) -> list[str]:
    """Words in order, citation marks left out; a CJK run becomes its character pairs."""
    words: list[str] = []
    for token in _TOKEN.findall(CITATION.sub(" ", text)):
        token = CLITIC.sub("", token)
        if CJK_CHAR.search(token):
            chars = CJK_CHAR.findall(token)
            if len(chars) > 1:
                words.extend(a + b for a, b in itertools.pairwise(chars))
            else:
                words.extend(chars)
            words.extend(CJK_CHAR.sub(" ", token).split())
        else:
            words.append(token)
    return words


def content_stems(text: str, parts: bool = False) -> list[str]:
    """The stems of the words that carry content, in order (negations kept as content). A
    hyphenated word is one stem without its hyphens ('non-equilibrium' = 'nonequilibrium');
    with parts, its parts follow it ('roboflow-100' also gives 'roboflow')."""
    stems = []
    for token in tokens(text):
        lowered = token.casefold()
        if lowered in NEGATIONS:
            stems.append(lowered)
        elif CJK_CHAR.search(token):
            stems.append(token)
        elif _is_content(lowered):
            stems.append(stem(lowered.replace("-", "").replace("*", "")))
            if parts and "-" in lowered:
                stems.extend(stem(part) for part in lowered.split("-") if _is_content(part))
    return stems


def _is_content(word: str) -> bool:
    return len(word) > 2 and word not in STOPWORDS and word not in EXTRA_STOPWORDS and not word.isdigit()


def numbers(text: str) -> set[str]:
    """Numbers as written, without thousands separators ('1,000' and '1000' are one number)."""
    found = set()
    for match in _NUMBER.findall(CITATION.sub(" ", text)):
        value = match.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", match) else match
        found.add(value)
    return found


def identifiers(text: str) -> set[str]:
    """Names that mix letters and digits (Llama2-7B, EVA3D, GPT-4): wrong by one digit is wrong."""
    return {
        token.casefold()
        for token in tokens(text)
        if any(c.isdigit() for c in token) and any(c.isalpha() for c in token)
    }


def negations(text: str) -> set[str]:
    return {token.casefold() for token in tokens(text) if token.casefold() in NEGATIONS}


def precision(words: Iterable[str], vocabulary: set[str]) -> float:
    """Share of words found in vocabulary (1.0 for no words)."""
    listed = list(words)
    if not listed:
        return 1.0
    return sum(word in vocabulary for word in listed) / len(listed)


def ordered_pairs(words: list[str], gap: int) -> set[tuple[str, str]]:
    """Pairs (a, b) where b follows a within gap words: the order a text states things in."""
    return {(words[i], words[j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 2 + gap))}
