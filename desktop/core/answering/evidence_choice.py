"""Choosing the evidence an answer is made of from the ranked sentences (evidence.rank_evidence):
the best sentence, a second one of its paper for what a thing is and how it works, a number for a
number question, one sentence for each thing compared, others nearly as good; no near-duplicates."""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.core.answering.evidence import (
    BOILERPLATE,
    CONTEXT_CANDIDATES,
    W_KIND,
    Evidence,
    SentenceIndex,
    definition_score,
    mark_terms,
    overlaps,
    rank_evidence,
    with_context,
)
from desktop.core.answering.novelty import adds_to, new_numbers, talks_results
from desktop.core.answering.questions import QuestionAnalysis, QuestionKind, asks_number, names_a_subject
from desktop.core.library.records import Paper

RELATIVE_FLOOR = 0.8
# A second sentence of the best paper, for what it is and how it works, may be this much weaker.
ELABORATION_FLOOR = 0.55
NAMED_ELABORATION_FLOOR = 0.4  # … or this much, when it names the thing asked about
_ELABORATED = frozenset({QuestionKind.DEFINITION, QuestionKind.MECHANISM, QuestionKind.PURPOSE, QuestionKind.OTHER})
NEAR_DUPLICATE = 0.9
MAX_PER_PAPER = 2
# What a paper names as its own: "we propose LaRA", "a model called DistilBERT".
_INTRODUCES = re.compile(
    r"\b(?:propose|proposes|present|presents|introduce|introduces|call|called|named|dubbed|term|termed)\s+"
    r"((?:\S+\s+){0,2}\S+)",
    re.IGNORECASE,
)


def find_evidence(
    analysis: QuestionAnalysis, papers: Sequence[tuple[int, Paper]], index: SentenceIndex, limit: int = 3
) -> list[Evidence]:
    """The evidence for a question from the numbered papers: chosen, given its context, marked."""
    return evidence_from(rank_evidence(analysis, papers, index), analysis, index, limit)


def evidence_from(
    ranked: list[Evidence], analysis: QuestionAnalysis, index: SentenceIndex, limit: int
) -> list[Evidence]:
    """The evidence chosen from a ranking (see rank_evidence)."""
    with_contexts = [with_context(e, index) for e in ranked[:CONTEXT_CANDIDATES]]
    return mark_terms(choose_evidence(with_contexts, analysis, limit), analysis)


def choose_evidence(ranked: list[Evidence], analysis: QuestionAnalysis, limit: int = 3) -> list[Evidence]:
    """The evidence an answer is written from: the best sentence, then others nearly as good
    (at most two a paper, no near-duplicates); a comparison gets one for each thing compared."""
    if not ranked:
        return []
    chosen = [ranked[0]]
    if analysis.kind is QuestionKind.COMPARISON:
        chosen = _one_for_each_subject(ranked, analysis) or chosen
    if analysis.kind in _ELABORATED:
        same_paper = [
            e
            for e in ranked[1:]
            if e.paper.id == ranked[0].paper.id and not BOILERPLATE.search(e.text) and not overlaps(e, ranked[0])
        ]
        elaboration = next(
            (e for e in same_paper if _tells_more_of_the_subject(e, chosen, ranked, analysis)), None
        ) or next(
            (
                e
                for e in same_paper
                if e.score >= ELABORATION_FLOOR * ranked[0].score
                and adds_to(e.text, [c.text for c in chosen], analysis)
            ),
            None,
        )
        if elaboration is not None:
            chosen.append(elaboration)
    if asks_number(analysis.text) and not new_numbers(" ".join(e.text for e in chosen), analysis.text):
        # a number question gets the best sentence of the paper that states a number, if one does
        numbered = [
            e
            for e in ranked[1:]
            if e.paper.id == ranked[0].paper.id
            and new_numbers(e.text, analysis.text)
            and not BOILERPLATE.search(e.text)
            and not any(overlaps(e, c) for c in chosen)
        ]
        if numbered and numbered[0].score >= ELABORATION_FLOOR * ranked[0].score and len(chosen) < limit:
            chosen.append(numbered[0])
    comparing = analysis.kind is QuestionKind.COMPARISON
    for candidate in ranked[1:]:
        if len(chosen) >= limit:
            break
        if candidate in chosen or candidate.score < RELATIVE_FLOOR * ranked[0].score:
            continue
        if any(overlaps(candidate, e) for e in chosen):
            continue
        if sum(e.paper.id == candidate.paper.id for e in chosen) >= MAX_PER_PAPER:
            continue
        if any(_similar(candidate, e) > NEAR_DUPLICATE for e in chosen):
            continue
        if not comparing and not adds_to(candidate.text, [c.text for c in chosen], analysis):
            continue
        chosen.append(candidate)
    if comparing:
        return chosen
    return sorted(chosen, key=lambda e: -e.score)


def _tells_more_of_the_subject(
    candidate: Evidence, chosen: list[Evidence], ranked: list[Evidence], analysis: QuestionAnalysis
) -> bool:
    """A further sentence of the best paper naming the thing asked about ("LaRA introduces three
    metrics…" after "We propose LaRA…") says what it is or how it works, in words the question
    need not use; weaker than ELABORATION_FLOOR but above NAMED_ELABORATION_FLOOR. The thing is
    the paper's own name ("LaRA: Layer-wise…", "we propose LaRA"), not the "RL" it works on."""
    if analysis.kind not in (QuestionKind.DEFINITION, QuestionKind.MECHANISM):
        return False
    best = ranked[0]
    name, colon, _ = best.paper.title.partition(":")
    introduced = " ".join(_INTRODUCES.findall(best.text)) + (" " + name if colon else "")
    own = [s for s in analysis.subjects if names_a_subject([s], introduced)]
    if not own or candidate.score < NAMED_ELABORATION_FLOOR * best.score or not names_a_subject(own, candidate.text):
        return False
    if talks_results(candidate.text):
        return False  # what it is and how it works, not how well
    return not any(_similar(candidate, c) > NEAR_DUPLICATE for c in chosen)


def _similar(a: Evidence, b: Evidence) -> float:
    if a.vector is None or b.vector is None:
        return 0.0
    return float(a.vector @ b.vector)


def _one_for_each_subject(ranked: list[Evidence], analysis: QuestionAnalysis) -> list[Evidence]:
    """For a comparison: from the paper each compared thing belongs to, the sentence that best
    says what it is (each paper used once)."""
    chosen: list[Evidence] = []
    used: set[str] = set()
    for subject in analysis.subjects:
        paper_id = _paper_about(ranked, subject, used)
        if paper_id is None:
            continue
        used.add(paper_id)
        own = [e for e in ranked if e.paper.id == paper_id]
        definition_weight = W_KIND[QuestionKind.DEFINITION]
        chosen.append(max(own, key=lambda e: e.score + definition_weight * definition_score([subject], e.text)))
    return chosen


def _paper_about(ranked: list[Evidence], subject: str, used: set[str]) -> str | None:
    """The paper whose title names the subject, else the one that mentions it most."""
    lowered = subject.casefold()
    papers = {e.paper.id: e.paper for e in ranked if e.paper.id not in used}
    titled = [pid for pid, paper in papers.items() if lowered in paper.title.casefold()]
    if titled:
        return min(titled, key=lambda pid: len(papers[pid].title))
    counts = {pid: paper.abstract.casefold().count(lowered) for pid, paper in papers.items()}
    best = max(counts, key=lambda pid: counts[pid], default=None)
    return best if best is not None and counts[best] > 0 else None
