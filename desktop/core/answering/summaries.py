"""Summaries to the same bar as answers: a TL;DR of one paper, a synthesis of several, a comparison.

- TL;DR: the paper's problem, method and main result in at most two sentences that stand on their
  own: its method sentence (which usually names the problem too) and its result sentence, taken
  from the abstract by role, in the third person.
- Synthesis: the selected papers in themes (themes.py), each theme stated by its papers' claims.
- Compare: the table of compare.py."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator

from desktop.core.answering.claims import leans_on_context, stated
from desktop.core.answering.compare import compare
from desktop.core.answering.evidence import SentenceIndex, is_boilerplate
from desktop.core.answering.grounding import check_claims, with_citation
from desktop.core.answering.listing import answer_topic
from desktop.core.answering.relevance import RelevanceFinder, Relevant
from desktop.core.answering.results import (
    Answer,
    AnswerKind,
    AnswerLine,
    AnswerPiece,
    AnswerSection,
    EvidenceFound,
    Source,
)
from desktop.core.answering.roles import Role, label_roles
from desktop.core.answering.routing import Route, RoutedQuestion
from desktop.core.base.choices import SummaryMode
from desktop.core.library.records import Paper

TLDR_MAX_WORDS = 70


def summary_mode(papers: list[Paper], compare_requested: bool = False) -> SummaryMode:
    if compare_requested:
        return SummaryMode.COMPARE
    return SummaryMode.TLDR if len(papers) == 1 else SummaryMode.SYNTHESIS


def summarize(
    finder: RelevanceFinder,
    index: SentenceIndex,
    papers: list[Paper],
    mode: SummaryMode,
    stop: threading.Event | None = None,
) -> Generator[AnswerPiece, None, Answer]:
    if mode is SummaryMode.COMPARE:
        return (yield from compare(index, papers, stop))
    if mode is SummaryMode.TLDR or len(papers) == 1:
        return (yield from tldr(index, papers[0]))
    return (yield from synthesis(finder, index, papers, stop))


# A sentence that points back ("This paper delves into these issues…") takes a strong role to be used.
LEANING_PENALTY = 0.7


def tldr_sentences(index: SentenceIndex, paper: Paper) -> list[int]:
    """Positions of the (at most two) sentences that state the paper's problem, method and result."""
    sentences, _ = index.sentences([paper])[paper.id]
    texts = [s.text for s in sentences]
    if not texts:
        return []
    labelled = label_roles(texts)

    def pick(role: Role, used: set[int]) -> int | None:
        options = [
            (labelled[i].scores.get(role, 0.0) - (LEANING_PENALTY if leans_on_context(t) else 0.0), -i, i)
            for i, t in enumerate(texts)
            if i not in used and not is_boilerplate(t) and len(t.split()) <= TLDR_MAX_WORDS
        ]
        options = [o for o in options if o[0] > 0.2]
        return max(options)[2] if options else None

    method = pick(Role.METHOD, set())
    if method is None:
        method = pick(Role.TASK, set())
    chosen = [method] if method is not None else [0]
    result = pick(Role.RESULT, set(chosen))
    if result is not None:
        chosen.append(result)
    return sorted(chosen)


def tldr(index: SentenceIndex, paper: Paper) -> Generator[AnswerPiece, None, Answer]:
    started = time.perf_counter()
    answer = Answer(f"TL;DR: {paper.display_title}", kind=AnswerKind.SUMMARY)
    answer.sources = [Source(1, paper, 1.0, None, paper.abstract)]
    yield EvidenceFound([], answer.sources)
    sentences, _ = index.sentences([paper])[paper.id]
    claims = [(with_citation(stated(sentences[i].text), [1]), 1) for i in tldr_sentences(index, paper)]
    answer.sentences = check_claims(claims, {1: paper}, index)
    answer.sections = [AnswerSection("", [AnswerLine(list(range(len(answer.sentences))), 1)])]
    answer.text = " ".join(check.text for check in answer.sentences)
    answer.timings.ttft_s = answer.timings.total_s = time.perf_counter() - started
    yield answer.text
    return answer


def synthesis(
    finder: RelevanceFinder, index: SentenceIndex, papers: list[Paper], stop: threading.Event | None
) -> Generator[AnswerPiece, None, Answer]:
    """The selected papers in themes, each theme stated by its papers' claims."""
    titles = " ".join(p.display_title for p in papers)
    routed = RoutedQuestion(f"Synthesis: {len(papers)} papers", Route.TOPIC, titles)
    relevant = [Relevant(paper, 1.0, 1.0, 1.0) for paper in papers]
    answer = yield from answer_topic(finder, index, routed, relevant, stop, kind=AnswerKind.SUMMARY)
    answer.intro = f"{len(papers)} selected papers" + (
        f", in {len(answer.sections)} themes." if len(answer.sections) > 1 else "."
    )
    answer.text = "\n".join([answer.intro, *answer.text.splitlines()[1:]])
    return answer
