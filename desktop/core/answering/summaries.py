"""Summaries to the same bar as answers: a TL;DR of one paper, a synthesis of several, a comparison.

A summary is written from each abstract's main claims: the sentences that state the paper's own
contribution (found by cue words and by closeness to the title). Small models rephrase them one
at a time, checked like answers; larger models write freely and every sentence is marked."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Generator

import numpy as np

from desktop.core.answering import prompts
from desktop.core.answering.answer import Answer, Answerer, AnswerPiece, EvidenceFound, Source
from desktop.core.answering.compare import compare
from desktop.core.answering.compose import AnswerStyle, compose_close, source_budget, source_texts
from desktop.core.answering.evidence import Evidence, is_boilerplate
from desktop.core.base.choices import SummaryMode
from desktop.core.library.records import Paper
from desktop.core.text.terms import content_stems

CONTRIBUTION = re.compile(
    r"\b(we (propose|present|introduce|develop|show|find|demonstrate|describe|study|investigate|derive|build)"
    r"|in this (paper|work|study)|this paper|our (method|approach|model|results?|work|framework)"
    r"|(results?|experiments?|findings?) (\w+ )?(show|demonstrate|suggest|reveal|indicate)"
    r"|taken together|overall,|in summary|we conclude)",
    re.IGNORECASE,
)
# Weights of the main-claim score: closeness to the title, to the abstract as a whole, the cue
# words of a contribution, and specificity (how much content the sentence carries).
W_TITLE, W_CENTRAL, W_CUE, W_SPECIFIC = 0.35, 0.35, 0.2, 0.1
SPECIFIC_WORDS = 15
TLDR_CLAIMS = 2
TLDR_QUESTION = "What does this paper contribute?"


def summary_mode(papers: list[Paper], compare_requested: bool = False) -> SummaryMode:
    if compare_requested:
        return SummaryMode.COMPARE
    return SummaryMode.TLDR if len(papers) == 1 else SummaryMode.SYNTHESIS


def summarize(
    answerer: Answerer, papers: list[Paper], mode: SummaryMode, stop: threading.Event | None = None
) -> Generator[AnswerPiece, None, Answer]:
    if mode is SummaryMode.COMPARE:
        return (yield from compare(answerer, papers, stop))
    claims = TLDR_CLAIMS if mode is SummaryMode.TLDR else 1
    label = "TL;DR" if mode is SummaryMode.TLDR else "Synthesis"
    return (yield from _summary(answerer, papers, claims, label, stop))


def main_claims(answerer: Answerer, number: int, paper: Paper, limit: int) -> list[Evidence]:
    """The abstract's sentences that state its own contribution, best first, in abstract order."""
    sentences, vectors = answerer.index.sentences([paper])[paper.id]
    if not sentences:
        return []
    title = answerer.index.embed([paper.display_title])[0]
    closeness = vectors @ title
    mean = vectors.mean(axis=0)
    centrality = vectors @ (mean / (float(np.linalg.norm(mean)) or 1.0))
    scored = []
    for position, sentence in enumerate(sentences):
        specific = min(1.0, len(set(content_stems(sentence.text))) / SPECIFIC_WORDS)
        score = (
            W_TITLE * float(closeness[position])
            + W_CENTRAL * float(centrality[position])
            + W_CUE * bool(CONTRIBUTION.search(sentence.text))
            + W_SPECIFIC * specific
        )
        if is_boilerplate(sentence.text):
            score -= 1.0
        scored.append(Evidence(number, paper, sentence, score, float(closeness[position]), [], vectors[position]))
    best = sorted(scored, key=lambda e: -e.score)[:limit]
    return sorted(best, key=lambda e: e.sentence.start)


def _summary(
    answerer: Answerer, papers: list[Paper], claims: int, label: str, stop: threading.Event | None
) -> Generator[AnswerPiece, None, Answer]:
    started = time.perf_counter()
    answer = Answer(f"{label}: " + "; ".join(p.display_title for p in papers), style=answerer.style.value)
    answer.sources = [Source(n, paper, 1.0, None, paper.abstract) for n, paper in enumerate(papers, 1)]
    for source in answer.sources:
        answer.evidence += main_claims(answerer, source.number, source.paper, claims)
    answer.timings.evidence_s = time.perf_counter() - started
    yield EvidenceFound(answer.evidence, answer.sources)
    rephrased: list[str] = []
    text = yield from answerer.timed(_write(answerer, answer, stop, rephrased), answer, started)
    answer.stopped = stop is not None and stop.is_set()
    answerer.finish(answer, text, rephrased)
    return answer


def _write(
    answerer: Answerer, answer: Answer, stop: threading.Event | None, rephrased: list[str]
) -> Generator[str, None, None]:
    model = answerer.model
    if answerer.style is AnswerStyle.FREE and model is not None:
        budget = source_budget(model, answerer.options.max_tokens, 128)
        papers = [(s.number, s.paper) for s in answer.sources]
        texts = source_texts(model, papers, answer.evidence, budget)
        system = prompts.SUMMARY_SYSTEM if len(papers) == 1 else prompts.SYNTHESIS_SYSTEM
        blocks = [
            prompts.source_block(n, s.paper.display_title, texts[n]) for n, s in zip(texts, answer.sources, strict=True)
        ]
        messages = [
            {"role": "system", "content": system},
            {"role": "user", "content": prompts.summary_user_message(blocks)},
        ]
        yield from answerer.generate(messages, answer, stop)
        return
    chosen = model if answerer.style is AnswerStyle.CLOSE else None
    drafted = yield from compose_close(chosen, TLDR_QUESTION, answer.evidence, answerer.options, stop)
    rephrased += [d.text for d in drafted if d.rephrased]
