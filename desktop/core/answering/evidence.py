"""Evidence: the sentences of the retrieved abstracts that best answer a question.

Sentences are compared with the question by the library's own embedding model (not by word
overlap alone), then weighed with the question's rarer words, the names it asks about and the
kind of answer it wants (a number, a definition…). Boilerplate such as "code is available at" is
set aside (evidence_choice.py picks what the answer is made of). The evidence is shown before the
answer, and the answer is written from it."""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from desktop.core.answering.questions import QuestionAnalysis, QuestionKind, holds_word, names_a_subject
from desktop.core.library.records import Paper
from desktop.core.models.embedding import Embedder
from desktop.core.text.keywords import term_spans
from desktop.core.text.sentences import Sentence, split_sentences
from desktop.core.text.terms import content_stems

SENTENCE_CACHE_PAPERS = 2048
# Sentences are embedded at most this long: 95% of abstract sentences are under 60 tokens, and
# the vectors are the same as at full length (mean cosine 0.9999 on the seeds); the few longer
# ones no longer pad their whole batch (time to evidence p95 from about 0.36 to 0.19 s: bench/).
SENTENCE_TOKENS = 96
# Weights of the evidence score; measured on the evaluation set (bench/answer_eval.py).
W_MEANING, W_WORDS, W_NAME, W_TITLE, W_RANK, W_BOILERPLATE = 0.50, 0.25, 0.15, 0.15, 0.03, 0.30
# How much the kind of sentence matters, by the kind of question.
W_KIND = {
    QuestionKind.DEFINITION: 0.30,
    QuestionKind.RESULT: 0.25,
    QuestionKind.PURPOSE: 0.20,
    QuestionKind.MECHANISM: 0.20,
    QuestionKind.COMPARISON: 0.10,
    QuestionKind.OTHER: 0.10,
}
CONTEXT_CANDIDATES = 40
BOILERPLATE = re.compile(
    r"\b(code|data|models?|implementation|dataset|benchmark|checkpoints?)\b[^.]{0,40}\b(is|are)\s+"
    r"(publicly |freely |openly |now )?(available|released)|available (at|on|from)\b|github\.com|https?://"
    r"|\bwe (release|open-source|open source|make [^.]{0,30} available)|project (page|website)|\bdemo\b",
    re.IGNORECASE,
)
# A number a result states: not an enumeration mark ("1) can cope…, and 2) can use…") or a citation
_DIGIT = re.compile(r"\d(?!\))(?<!\(\d)|\d\)(?=\s*(?:%|x\b|times))")
# A sentence that leans on the one before it ("We call this architecture…", "It differs…").
_ANAPHOR = re.compile(
    r"^(?!this (paper|work|study|article|report)\b)(this|these|such|it|they|its|their|we call (this|these|it)"
    r"|the latter|the former)\b"
    r"|\b(this|these|such|that)(\s+[\w-]+){0,2}\s+(gap|problem|problems|issue|issues|limitation|limitations"
    r"|challenge|challenges|phenomenon|observation|discrepancy|difficulty|question|setting|burden|need)\b",
    re.IGNORECASE,
)
# Background: how things usually are, before the paper's own contribution.
_BACKGROUND = re.compile(
    r"\b(typically|usually|commonly|traditionally|conventional\w*|widely (used|believed)|have been|has been"
    r"|remains? (a|an|challenging|unclear))\b",
    re.IGNORECASE,
)
_REPORTS_RESULTS = re.compile(
    r"\b(experiment\w*|results? (show|demonstrate|suggest|reveal|indicate)|outperform\w*|state[- ]of[- ]the[- ]art"
    r"|(this|which|these results?|our results?) (demonstrates?|shows?|suggests?|indicates?)|empirical\w*)\b",
    re.IGNORECASE,
)
_KIND_CUES: dict[QuestionKind, re.Pattern[str]] = {
    QuestionKind.PURPOSE: re.compile(
        r"\b(address|problem|challenge|aim|goal|purpose|to help|for producing|enable|allow|in order to|designed to"
        r"|suffer|limitation|costly|expensive|difficult)\w*",
        re.IGNORECASE,
    ),
    QuestionKind.MECHANISM: re.compile(
        r"\b(by|via|using|uses|through|leverag\w*|combin\w*|learns?|based on|takes inspiration)\b", re.IGNORECASE
    ),
}


@dataclass
class Evidence:
    number: int
    paper: Paper
    sentence: Sentence
    score: float
    similarity: float
    marks: list[tuple[int, int]] = field(default_factory=list)
    vector: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.sentence.text

    def to_dict(self) -> dict[str, object]:
        return {
            "n": self.number,
            "id": self.paper.id,
            "text": self.text,
            "start": self.sentence.start,
            "end": self.sentence.end,
            "score": round(self.score, 4),
            "similarity": round(self.similarity, 4),
        }


class SentenceIndex:
    """The sentences of papers and their embeddings, computed on first use and kept (LRU).

    Thread rules: any thread; one lock guards the cache, embedding runs outside it."""

    def __init__(self, embedder: Embedder, capacity: int = SENTENCE_CACHE_PAPERS) -> None:
        self.embedder = embedder
        self.capacity = capacity
        self._cache: OrderedDict[str, tuple[list[Sentence], np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    def sentences(self, papers: Sequence[Paper]) -> dict[str, tuple[list[Sentence], np.ndarray]]:
        found: dict[str, tuple[list[Sentence], np.ndarray]] = {}
        missing: list[Paper] = []
        with self._lock:
            for paper in papers:
                cached = self._cache.get(paper.id)
                if cached is None:
                    missing.append(paper)
                else:
                    self._cache.move_to_end(paper.id)
                    found[paper.id] = cached
        if missing:
            split = {paper.id: split_sentences(paper.abstract) for paper in missing}
            every = [sentence.text for sentences in split.values() for sentence in sentences]
            wanted = [i for i, text in enumerate(every) if not is_boilerplate(text)]
            embedded = self.embed([every[i] for i in wanted])
            vectors = np.zeros((len(every), embedded.shape[1] if len(wanted) else 1), dtype=np.float32)
            vectors[wanted] = embedded  # boilerplate is never evidence: it is not embedded
            offset = 0
            with self._lock:
                for paper_id, sentences in split.items():
                    entry = (sentences, vectors[offset : offset + len(sentences)])
                    offset += len(sentences)
                    self._cache[paper_id] = entry
                    found[paper_id] = entry
                while len(self._cache) > self.capacity:
                    self._cache.popitem(last=False)
        return found

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.asarray(self.embedder.embed(list(texts), max_tokens=SENTENCE_TOKENS), dtype=np.float32)


def rank_evidence(
    analysis: QuestionAnalysis, papers: Sequence[tuple[int, Paper]], index: SentenceIndex
) -> list[Evidence]:
    """Every sentence of the numbered papers, scored against the question, best first."""
    by_paper = index.sentences([paper for _, paper in papers])
    query = index.embed([analysis.search_text()])[0]
    candidates: list[tuple[int, Paper, Sentence, float, np.ndarray]] = []
    for number, paper in papers:
        sentences, vectors = by_paper[paper.id]
        similarities = vectors @ query if len(sentences) else np.zeros(0)
        candidates += [
            (number, paper, s, float(sim), vector)
            for s, sim, vector in zip(sentences, similarities, vectors, strict=True)
        ]
    if analysis.subjects and analysis.kind is not QuestionKind.COMPARISON:
        # "What is X?", or a follow-up about X ("how fast is it?"), is answered from the papers about X
        about = [c for c in candidates if names_a_subject(analysis.subjects, f"{c[1].title} {c[1].abstract}")]
        candidates = about or candidates
    weights = idf_weights(analysis.content, [c[2].text for c in candidates])
    titles = {paper.id: _title_score(analysis, paper, weights) for _, paper in papers}
    first_mentions = _first_mentions(analysis, [(paper, by_paper[paper.id][0]) for _, paper in papers])
    ranked = []
    for number, paper, sentence, similarity, vector in candidates:
        kind = _kind_bonus(analysis, sentence.text) + (0.3 if (paper.id, sentence.start) in first_mentions else 0.0)
        score = (
            W_MEANING * similarity
            + W_WORDS * weighted_share(sentence.text, weights)
            + W_NAME * _names_present(analysis, sentence.text)
            + W_TITLE * titles[paper.id]
            + W_RANK / number
            + W_KIND[analysis.kind] * min(1.0, kind)
            - W_BOILERPLATE * bool(BOILERPLATE.search(sentence.text))
            - W_BOILERPLATE * (len(sentence.text.split()) < 5)
        )
        ranked.append(Evidence(number, paper, sentence, score, similarity, [], vector))
    ranked.sort(key=lambda e: -e.score)
    return ranked


def overlaps(a: Evidence, b: Evidence) -> bool:
    return a.paper.id == b.paper.id and a.sentence.start < b.sentence.end and b.sentence.start < a.sentence.end


def with_context(evidence: Evidence, index: SentenceIndex) -> Evidence:
    """A sentence that leans on the one before it ("We call this architecture…") is shown with it."""
    if not _ANAPHOR.search(evidence.text):
        return evidence
    sentences, _ = index.sentences([evidence.paper])[evidence.paper.id]
    position = next((i for i, s in enumerate(sentences) if s.start == evidence.sentence.start), 0)
    if position == 0:
        return evidence
    before = sentences[position - 1]
    joined = Sentence(
        evidence.paper.abstract[before.start : evidence.sentence.end], before.start, evidence.sentence.end
    )
    return replace(evidence, sentence=joined)


def mark_terms(evidence: list[Evidence], analysis: QuestionAnalysis) -> list[Evidence]:
    """The question's words marked in each evidence sentence."""
    query = " ".join([analysis.text, *analysis.subjects])
    return [replace(e, marks=term_spans(e.text, query)) for e in evidence]


def _title_score(analysis: QuestionAnalysis, paper: Paper, weights: dict[str, float]) -> float:
    """How much of the question the paper's title answers to (names count double)."""
    title = paper.title.casefold()
    named = [s for s in analysis.subjects if s.casefold() in title]
    return min(1.0, weighted_share(paper.title, weights) + 0.5 * len(named))


def _first_mentions(analysis: QuestionAnalysis, papers: list[tuple[Paper, list[Sentence]]]) -> set[tuple[str, int]]:
    """For a definition, the sentence that first mentions the thing asked about, in each paper."""
    if analysis.kind is not QuestionKind.DEFINITION or not analysis.subjects:
        return set()
    found = set()
    for paper, sentences in papers:
        for sentence in sentences:
            if any(subject.casefold() in sentence.text.casefold() for subject in analysis.subjects):
                found.add((paper.id, sentence.start))
                break
    return found


def best_similarity(ranked: list[Evidence], index: SentenceIndex, text: str) -> float:
    """The best similarity of any ranked sentence to another text (a question with its context)."""
    vectors = [e.vector for e in ranked if e.vector is not None]
    if not vectors:
        return 0.0
    return float(np.max(np.stack(vectors) @ index.embed([text])[0]))


def is_boilerplate(text: str) -> bool:
    """Code and data availability, links, demos: true of the paper, but no answer to anything."""
    return BOILERPLATE.search(text) is not None


def idf_weights(words: list[str], texts: list[str]) -> dict[str, float]:
    """Inverse document frequency of the question's words among the candidate texts. A word
    may be a set of alternatives ('fast|speed|second'): any one of them counts."""
    stems = [set(content_stems(text, parts=True)) for text in texts]
    total = max(1, len(stems))
    return {word: math.log(1 + total / (1 + sum(holds_word(word, s) for s in stems))) for word in dict.fromkeys(words)}


def weighted_share(text: str, weights: dict[str, float]) -> float:
    """The share of the weighted words the text holds."""
    if not weights:
        return 0.0
    present = set(content_stems(text, parts=True))
    return sum(w for word, w in weights.items() if holds_word(word, present)) / sum(weights.values())


def _names_present(analysis: QuestionAnalysis, text: str) -> float:
    subjects = analysis.subjects
    if not subjects:
        return 0.0
    return sum(_names(subject, text) for subject in subjects) / len(subjects)


def _names(subject: str, text: str) -> bool:
    """The subject, or the acronym that ends a longer name ('the Deep GA' is named by 'GA')."""
    if subject.casefold() in text.casefold():
        return True
    last = subject.split()[-1]
    return (
        " " in subject and len(last) >= 2 and last.isupper() and re.search(rf"\b{re.escape(last)}\b", text) is not None
    )


def _kind_bonus(analysis: QuestionAnalysis, text: str) -> float:
    """How well a sentence is the kind of answer asked for, from -1 to 1: a number for a result;
    'X is a…' or 'we present X, a…' for a definition; cue words for purposes and mechanisms,
    where a sentence that only reports results is a poor answer."""
    kind = analysis.kind
    if kind is QuestionKind.RESULT:
        return 1.0 if _DIGIT.search(text) else -0.5
    reports = -0.5 if _REPORTS_RESULTS.search(text) else 0.0
    background = kind in (QuestionKind.DEFINITION, QuestionKind.MECHANISM) and _BACKGROUND.search(text)
    if background and not any(_names(subject, text) for subject in analysis.subjects):
        reports = -1.0  # how things usually are, not what the thing asked about is or does
    if kind is QuestionKind.DEFINITION:
        return max(reports, definition_score(analysis.subjects, text))
    cue = _KIND_CUES.get(kind)
    if cue is None:
        return 0.0
    return 1.0 + reports if cue.search(text) else reports


def definition_score(subjects: list[str], text: str) -> float:
    if not subjects:
        generic = re.search(r"\b(we (present|introduce|propose)|is an?|are)\b", text, re.IGNORECASE)
        return 0.5 if generic else 0.0
    names = "|".join(re.escape(subject) for subject in subjects)
    introduces = rf"\b(present|introduce|propose|call|called|named|describe|term)\w*\s+(\S+\s+){{0,6}}\(?({names})"
    apposition = rf"(?<![\w-])({names})(?![\w-])\)?,\s+(an?|the)\s"
    copula = rf"(?<![\w-])({names})(?![\w-])\)?\s+(is|are|was)\b"
    if re.search(introduces, text, re.IGNORECASE) or re.search(apposition, text, re.IGNORECASE):
        return 1.0
    return 0.5 if re.search(copula, text, re.IGNORECASE) else 0.0
