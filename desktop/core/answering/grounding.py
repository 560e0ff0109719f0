"""How far each answer sentence can be trusted, checked against each abstract it cites.

A sentence is compared with every sentence of a cited abstract by meaning (sentence embeddings)
and with the whole abstract by its words; a number it states must be in the abstract. The
thresholds are calibrated on the evaluation set (`python -m bench --calibrate`)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from desktop.core.answering.citations import cited_numbers, find_citations, split_answer_sentences
from desktop.core.answering.evidence import SentenceIndex
from desktop.core.library.records import Paper
from desktop.core.text.sentences import Sentence, split_sentences
from desktop.core.text.terms import content_stems, identifiers, negations, numbers, ordered_pairs, precision

# Calibrated by `python -m bench --calibrate` (bench/calibration.json holds the measurement).
BACKED_AT = 0.797
WEAK_AT = 0.65
W_CHECK_MEANING, W_CHECK_WORDS = 0.5, 0.5
NUMBER_MISMATCH_SCORE = 0.2
# A rephrased sentence may use these words without taking them from its source.
REPORTING = frozenset(
    [
        "paper",
        "papers",
        "author",
        "authors",
        "study",
        "work",
        "approach",
        "method",
        "propose",
        "propos",
        "present",
        "introduce",
        "show",
        "find",
        "call",
        "called",
        "named",
        "use",
        "uses",
        "used",
        "help",
        "helps",
        "allow",
        "allows",
        "make",
        "makes",
    ]
)
MIN_KEPT_SHARE = 0.5
MIN_ORDERED_SHARE = 1.0


class Trust(StrEnum):
    BACKED = "backed"
    WEAK = "weak"
    UNBACKED = "unbacked"
    UNCITED = "uncited"


@dataclass
class SentenceCheck:
    text: str
    cited: list[int]
    trust: Trust
    score: float = 0.0
    evidence_paper: str = ""
    evidence: Sentence | None = None
    rephrased: bool = False

    @property
    def supported(self) -> bool | None:
        """True when backed, False when not backed, None when weakly backed or not cited."""
        return {Trust.BACKED: True, Trust.UNBACKED: False}.get(self.trust)

    @property
    def uncited(self) -> bool:
        return not self.cited

    def to_dict(self) -> dict[str, object]:
        evidence = (
            {"id": self.evidence_paper, "sentence": self.evidence.text, "start": self.evidence.start}
            if self.evidence is not None
            else None
        )
        return {
            "text": self.text,
            "cited": self.cited,
            "supported": self.supported,
            "trust": self.trust.value,
            "evidence": evidence,
            "score": round(self.score, 4),
        }


def mark_rephrased(checks: list[SentenceCheck], rephrased_texts: Sequence[str]) -> None:
    """Flags the checked sentences that are the model's rephrasings (not the abstract's words)."""
    for check in checks:
        check.rephrased = any(check.text in text for text in rephrased_texts)


def trust_for(score: float) -> Trust:
    if score >= BACKED_AT:
        return Trust.BACKED
    return Trust.WEAK if score >= WEAK_AT else Trust.UNBACKED


def check_answer(text: str, papers: Mapping[int, Paper], index: SentenceIndex) -> list[SentenceCheck]:
    """Each sentence of text with the sources it cites, checked against each of them."""
    checks = [
        SentenceCheck(s, [n for n in dict.fromkeys(cited_numbers(find_citations(s))) if n in papers], Trust.UNCITED)
        for s in split_answer_sentences(text)
    ]
    return _checked(checks, papers, index)


def check_claims(
    claims: Sequence[tuple[str, int]], papers: Mapping[int, Paper], index: SentenceIndex
) -> list[SentenceCheck]:
    """Short claims (table cells) each checked against the one source they belong to."""
    checks = [SentenceCheck(text, [number] if text else [], Trust.UNCITED) for text, number in claims]
    return _checked(checks, papers, index)


def check_quoted(text: str, number: int, paper: Paper, source: Sentence) -> SentenceCheck:
    """A sentence quoted from one abstract sentence (in the third person, TeX cleaned), checked by
    its words and numbers against that sentence: no embedding needed for what was not rewritten."""
    words = precision([w for w in content_stems(text) if w not in REPORTING], set(content_stems(source.text)))
    score = W_CHECK_MEANING + W_CHECK_WORDS * words
    if not (numbers(text) <= numbers(paper.abstract) and identifiers(text) <= identifiers(paper.abstract)):
        score = min(score, NUMBER_MISMATCH_SCORE)
    return SentenceCheck(text, [number], trust_for(score), score, paper.id, source)


def _checked(checks: list[SentenceCheck], papers: Mapping[int, Paper], index: SentenceIndex) -> list[SentenceCheck]:
    cited_papers = {n: papers[n] for check in checks for n in check.cited}
    by_paper = index.sentences(list(cited_papers.values()))
    vectors = index.embed([_bare(check.text) for check in checks]) if checks else None
    for position, check in enumerate(checks):
        if not check.cited or vectors is None:
            continue
        best: tuple[float, str, Sentence | None] = (-1.0, "", None)
        for number in check.cited:
            paper = cited_papers[number]
            abstract_sentences, abstract_vectors = by_paper[paper.id]
            score, sentence = _score(
                check.text, vectors[position], paper.abstract, abstract_sentences, abstract_vectors
            )
            if score > best[0]:
                best = (score, paper.id, sentence)
        check.score, check.evidence_paper, check.evidence = best
        check.trust = trust_for(best[0])
    return checks


def _score(
    text: str, vector: np.ndarray, abstract: str, sentences: list[Sentence], vectors: np.ndarray
) -> tuple[float, Sentence | None]:
    """The sentence's score against one abstract, and the abstract's sentence closest to it."""
    if not sentences:
        return 0.0, None
    similarities = vectors @ vector
    best = int(np.argmax(similarities))
    words = precision(content_stems(text), set(content_stems(abstract)))
    score = W_CHECK_MEANING * float(similarities[best]) + W_CHECK_WORDS * words
    if not (numbers(text) <= numbers(abstract) and identifiers(text) <= identifiers(abstract)):
        score = min(score, NUMBER_MISMATCH_SCORE)
    return score, sentences[best]


def _bare(text: str) -> str:
    return re.sub(r"\s*\[\d+\]", "", text).strip()


def faithful(draft: str, source: str, question: str, min_kept: float = MIN_KEPT_SHARE) -> bool:
    """Whether a model's rephrasing of a source passage says nothing one of its sentences does not:
    every content word and number from that sentence (or the question), negations kept, the
    sentence's order of things kept, and at least min_kept of its content kept."""
    return any(_faithful_to(draft, sentence.text, question, min_kept) for sentence in split_sentences(source))


def _faithful_to(draft: str, source: str, question: str, min_kept: float) -> bool:
    drafted = [w for w in content_stems(draft) if w not in REPORTING]
    source_words = content_stems(source)
    allowed = set(source_words) | set(content_stems(question))
    if not drafted or not numbers(draft) <= numbers(source) or not identifiers(draft) <= identifiers(source):
        return False
    if negations(draft) != negations(source) and (min_kept > 0 or not negations(draft) <= negations(source)):
        return False
    if any(word not in allowed for word in drafted):
        return False
    from_source = [w for w in drafted if w in set(source_words)]
    if len(set(from_source)) < min_kept * len(set(source_words)):
        return False
    pairs = list(itertools.pairwise(from_source))
    if pairs:
        known = ordered_pairs(source_words, gap=2)
        if sum(pair in known for pair in pairs) / len(pairs) < MIN_ORDERED_SHARE:
            return False
    return True


_FIRST_PERSON = [
    (re.compile(r"^(In (this|our) (paper|work|study|report),?\s+)we\b"), r"\1the authors"),
    (re.compile(r"^We\b"), "The authors"),
    (re.compile(r"\bwe\b"), "they"),
    (re.compile(r"\bWe\b"), "They"),
    (re.compile(r"^Our\b"), "The authors'"),
    (re.compile(r"\bOur\b"), "Their"),
    (re.compile(r"\bour\b"), "their"),
    (re.compile(r"\bus\b"), "them"),
    (re.compile(r"\bourselves\b"), "themselves"),
]


def third_person(sentence: str) -> str:
    """A sentence of an abstract as an answer quotes it: 'We propose…' → 'The authors propose…'."""
    text = sentence.strip()
    for pattern, replacement in _FIRST_PERSON:
        text = (
            pattern.sub(replacement, text, count=1)
            if pattern.pattern.startswith("^")
            else pattern.sub(replacement, text)
        )
    return text


def as_answer(text: str, number: int) -> str:
    """An abstract's sentence(s) as answer sentences: each in the third person, each citing [number]."""
    return " ".join(with_citation(third_person(sentence.text), [number]) for sentence in split_sentences(text))


def with_citation(sentence: str, numbers_cited: Sequence[int]) -> str:
    """The sentence with its [n] markers before its final punctuation."""
    marks = "".join(f"[{n}]" for n in numbers_cited)
    text = sentence.rstrip()
    match = re.search(r"[.!?。！？]+[\"')\]]*$", text)
    if match is None:
        return f"{text} {marks}."
    return f"{text[: match.start()].rstrip()} {marks}{text[match.start() :]}"
