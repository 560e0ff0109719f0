"""What a question asks: its kind, the named things it is about, and its content words.

Named things (MuZero, Grad-CAM, TabPFN, LIMA, GPT-4, Q* search) decide abstention: a question that
names something found in the library is answered; one that names only things the library lacks
is not. A follow-up with no name of its own ("What does it predict?") inherits the names of the
question before it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.core.text.cjk import has_cjk
from desktop.core.text.terms import content_stems

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-*.+]*[A-Za-z0-9*+]|[A-Za-z0-9]")
_QUESTION_WORDS = frozenset(
    [
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "compare",
        "explain",
        "describe",
        "tell",
        "list",
        "give",
        "name",
        "summarize",
        "summarise",
    ]
)
_GENERIC = frozenset(
    [
        "paper",
        "papers",
        "method",
        "methods",
        "approach",
        "model",
        "models",
        "work",
        "study",
        "result",
        "results",
        "use",
        "used",
        "purpose",
        "problem",
        "address",
        "solve",
        "help",
        "differ",
        "difference",
        "different",
        "between",
        "relate",
        "related",
        "each",
        "estimate",
        "much",
        "many",
        "good",
        "best",
    ]
)
ALTERNATIVES = "|"
# What a result question asks about, and words a sentence reports it with (any one counts).
_ATTRIBUTES = {
    "fast": ("fast", "faster", "speed", "speedup", "second", "time", "latency"),
    "faster": ("fast", "faster", "speed", "speedup", "second", "time", "latency"),
    "large": ("size", "large", "parameter", "dataset"),
    "big": ("size", "large", "parameter", "dataset"),
    "smaller": ("size", "small", "reduce"),
    "often": ("case", "percent"),
}
_KIND_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("comparison", re.compile(r"\b(compare|comparison|differ|difference|versus|vs\.?|relate[ds]?|both|each)\b", re.I)),
    (
        "result",
        re.compile(
            r"\b(how (much|many|fast|large|big|often|well)|what (perplexity|accuracy|score|speed)"
            r"|percent|improv\w* by|outperform)\b",
            re.I,
        ),
    ),
    ("purpose", re.compile(r"\b(used for|use of|purpose|problem|why|address|aim|goal|built|designed)\b|\bfor\?", re.I)),
    ("mechanism", re.compile(r"^\s*how\b|\bwork\?|\bmechanism\b", re.I)),
    ("definition", re.compile(r"^\s*(what|who)\s+(is|are|was|were)\b|^\s*define\b|什么是|是什么", re.I)),
]
_CJK_QUESTION_CHARS = re.compile(r"[什么哪吗呢怎何谁]")
_JOINED_NAMES = re.compile(r"\b(and|or|vs\.?|versus)\b|和|与")


class QuestionKind(StrEnum):
    DEFINITION = "definition"
    MECHANISM = "mechanism"
    PURPOSE = "purpose"
    RESULT = "result"
    COMPARISON = "comparison"
    OTHER = "other"


@dataclass
class QuestionAnalysis:
    """names: models, methods, datasets (MuZero, LIMA); proper_nouns: other capitalised words
    (Shapley, Roboflow) that help find evidence but do not decide abstention."""

    text: str
    kind: QuestionKind
    names: list[str] = field(default_factory=list)
    inherited_names: bool = False
    content: list[str] = field(default_factory=list)
    proper_nouns: list[str] = field(default_factory=list)

    @property
    def subjects(self) -> list[str]:
        """Everything the question is about by name."""
        named = {n.casefold() for n in self.names}
        return [*self.names, *(p for p in self.proper_nouns if p.casefold() not in named)]

    @property
    def wants_number(self) -> bool:
        return self.kind is QuestionKind.RESULT

    def search_text(self) -> str:
        """The question as sentences are compared with it. A follow-up's inherited names are left
        to the name score: with them, every sentence about the thing would look alike."""
        return self.text


def is_name(token: str, first: bool) -> bool:
    """A model, method or dataset name: inner capitals (MuZero), an acronym (LIMA), letters with
    digits (GPT-4, phi-1.5) or a star (Q*). Ordinary capitalised words are not names."""
    letters = [c for c in token if c.isalpha()]
    if len(token) < 2 and not token.endswith("*"):
        return False
    if "*" in token:
        return True
    inner_capitals = any(c.isupper() for c in token[1:] if c.isalpha())
    has_digit = any(c.isdigit() for c in token) and bool(letters)
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    return inner_capitals or acronym or (has_digit and not token.isdigit())


def find_names(question: str) -> list[str]:
    """Named things in the question, in order; a one-letter name takes the next word (Q* search)."""
    tokens = list(_TOKEN.finditer(question))
    names: list[str] = []
    skip = False
    for index, match in enumerate(tokens):
        if skip:
            skip = False
            continue
        token = match.group(0).rstrip(".")
        if not is_name(token, index == 0):
            continue
        if sum(c.isalnum() for c in token) < 2 and index + 1 < len(tokens):
            token = f"{token} {tokens[index + 1].group(0)}"
            skip = True
        if token.casefold() not in (n.casefold() for n in names):
            names.append(token)
    return names


def find_proper_nouns(question: str) -> list[str]:
    """Runs of capitalised words after the first word ('Memorizing Transformers', 'Shapley')."""
    found: list[str] = []
    run: list[str] = []
    for index, match in enumerate(_TOKEN.finditer(question)):
        word = match.group(0).rstrip(".")
        capitalised = word[:1].isupper() and word[1:].islower() and word.casefold() not in _QUESTION_WORDS
        if capitalised and index > 0:
            run.append(word)
            continue
        if run:
            found.append(" ".join(run))
            run = []
    if run:
        found.append(" ".join(run))
    return found


def classify(question: str) -> QuestionKind:
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(question):
            return QuestionKind(kind)
    if has_cjk(question) and re.search(r"什么|哪些|多少|如何|为什么", question):
        return QuestionKind.RESULT if re.search(r"多少", question) else QuestionKind.DEFINITION
    return QuestionKind.OTHER


def analyse(question: str, earlier_questions: Sequence[str] = ()) -> QuestionAnalysis:
    kind = classify(question)
    names = find_names(question)
    inherited = False
    if not names:
        for earlier in reversed(earlier_questions):
            names = find_names(earlier)
            if names:
                inherited = True
                break
    words = [
        w
        for w in content_stems(question)
        if w not in _QUESTION_WORDS and w not in _GENERIC and not _CJK_QUESTION_CHARS.search(w)
    ]
    words = [ALTERNATIVES.join(_ATTRIBUTES[w]) if w in _ATTRIBUTES else w for w in words]
    proper = find_proper_nouns(question)
    for noun in list(proper):  # "the Deep GA": a capitalised word before a name is part of it
        for index, name in enumerate(names):
            if f"{noun} {name}" in question:
                names[index] = f"{noun} {name}"
                proper.remove(noun)
                break
    if len(names) + len(proper) >= 2 and kind is not QuestionKind.RESULT and _JOINED_NAMES.search(question):
        kind = QuestionKind.COMPARISON
    return QuestionAnalysis(question, kind, names, inherited, words, proper)


_ASKS_NUMBER = re.compile(
    r"\b(how (much|many|long|large|big|fast|often|high|low|far)|up to what|what (is the )?(mass|radius|size|value|dose|rate|"
    r"ratio|percentage|proportion|number|speed|speed-?up|time|accuracy|score|error|gain|reduction|odds ratio|"
    r"temperature|energy|distance|age|period|fraction|factor|improvement|parameters?|amount|count|length)s?)\b"
    r"|多少|几",
    re.I,
)


def asks_number(question: str) -> bool:
    """'How much faster…', 'what accuracy…', '多少': the answer is a number."""
    return _ASKS_NUMBER.search(question) is not None


def holds_word(word: str, stems: set[str] | frozenset[str]) -> bool:
    """Whether the stems hold a question word (any of its alternatives: 'fast|speed|second')."""
    return any(option in stems for option in word.split(ALTERNATIVES))


def names_a_subject(subjects: Sequence[str], text: str) -> bool:
    """Whether the text names one of the question's subjects (as written, any case)."""
    folded = text.casefold()
    return any(subject.casefold() in folded for subject in subjects)
