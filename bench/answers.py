"""Answer quality: the evaluation set (bench/answer_eval.py) asked through the app's Answerer,
judged by the independent checker (bench/answer_checker.py).

Figures: answer_key_facts, answer_sentences_backed, answer_right_citation, false_abstentions,
offtopic_abstained, tldr_key_facts, tldr_sentences_backed, compare_cells_backed, check_agreement
(the app's per-sentence trust against the checker), and the time to evidence and to the answer."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from bench import answer_checker
from bench.answer_eval import COMPARE, HOLDOUT, OFF_TOPIC, TLDR, Question, conversations
from desktop.core.answering.answer import Answer, Answerer, Turn
from desktop.core.answering.compose import AnswerStyle
from desktop.core.answering.grounding import Trust
from desktop.core.base.choices import SummaryMode
from desktop.core.base.config import available_cores
from desktop.core.base.jobs import drive
from desktop.core.library.library import Library
from desktop.core.models.embedding import SentenceTransformerEmbedder
from desktop.core.models.llm import GenerationOptions, load_model
from desktop.core.search.hybrid import Searcher

MAX_TOKENS = 200


def evaluate(library_dir: Path, model_path: str = "", style: str = "", log: Any = print) -> dict[str, Any]:
    """Runs the whole evaluation on a seed library; returns the figures and per-question details."""
    embedder = SentenceTransformerEmbedder()
    embedder.embed(["warm up"])
    library = Library(library_dir, read_only=True)
    model = load_model(model_path, 4096, available_cores(), 0)
    answerer = Answerer(
        Searcher(library, embedder),
        model,
        GenerationOptions(max_tokens=MAX_TOKENS, temperature=0.0),
        style=AnswerStyle(style) if style else None,
    )
    try:
        on_topic = [_judged(q, a) for q, a in _ask_all(answerer, conversations(), log)]
        holdout = [_judged(q, a) for q, a in _ask_all(answerer, [c for c in conversations(HOLDOUT)], log)]
        off_topic = [_ask(answerer, question, ())[0] for question in OFF_TOPIC]
        tldrs = [_tldr(answerer, library, case) for case in TLDR]
        comparisons = [_compare(answerer, library, ids) for ids in COMPARE]
    finally:
        model.close()
        library.close()
    return _figures(
        answerer.style, getattr(model, "name", model_path), on_topic, holdout, off_topic, tldrs, comparisons
    )


def _ask_all(answerer: Answerer, groups: list[Any], log: Any) -> list[tuple[Question, Answer]]:
    asked = []
    for group in groups:
        history: list[Turn] = []
        for question in group.questions:
            answer, _ = _ask(answerer, question.text, tuple(history))
            history.append((question.text, answer.text))
            asked.append((question, answer))
            log(f"  {'-' if answer.abstained else ' '} {question.text[:70]}")
    return asked


def _ask(answerer: Answerer, question: str, history: tuple[Turn, ...]) -> tuple[Answer, float]:
    started = time.perf_counter()
    answer = drive(answerer.ask(question, history, k=5))
    return answer, time.perf_counter() - started


def _judged(question: Question, answer: Answer) -> dict[str, Any]:
    cited = {str(c["id"]) for c in answer.citations()}
    abstracts = {s.number: s.paper.abstract for s in answer.sources}
    sentences = [_sentence(s.text, s.cited, s.trust, abstracts) for s in answer.sentences]
    return {
        "question": question.text,
        "kind": question.kind,
        "answer": answer.text,
        "abstained": answer.abstained,
        "key_facts": (not answer.abstained) and answer_checker.has_terms(answer.text, question.key_terms),
        "right_citation": all(any(pid.startswith(prefix) for pid in cited) for prefix in question.cite),
        "sentences": sentences,
        "rephrased": sum(s.rephrased for s in answer.sentences),
        "evidence_s": answer.timings.evidence_s,
        "ttft_s": answer.timings.ttft_s,
        "total_s": answer.timings.total_s,
    }


def _sentence(text: str, cited: list[int], trust: Trust, abstracts: dict[int, str]) -> dict[str, Any]:
    backed = bool(cited) and answer_checker.backed(text, [abstracts[n] for n in cited])
    return {"text": text, "cited": cited, "trust": trust.value, "backed": backed}


def _tldr(answerer: Answerer, library: Library, case: Any) -> dict[str, Any]:
    paper = library.get(case.paper)
    assert paper is not None, case.paper
    answer = drive(answerer.summarize([paper], SummaryMode.TLDR))
    sentences = [_sentence(s.text, s.cited, s.trust, {1: paper.abstract}) for s in answer.sentences]
    return {
        "paper": paper.display_title,
        "text": answer.text,
        "key_facts": answer_checker.has_terms(answer.text, case.key_terms),
        "sentences": sentences,
    }


def _compare(answerer: Answerer, library: Library, ids: tuple[str, ...]) -> dict[str, Any]:
    papers = [library.get(i) for i in ids]
    assert all(papers), ids
    answer = drive(answerer.summarize([p for p in papers if p], SummaryMode.COMPARE))
    abstracts = {s.number: s.paper.abstract for s in answer.sources}
    cells = [_sentence(c.text, c.cited, c.trust, abstracts) for c in answer.sentences if c.text]
    return {"papers": [p.display_title for p in papers if p], "table": answer.text, "cells": cells}


def _share(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def _figures(
    style: AnswerStyle,
    model_name: str,
    on_topic: list[dict[str, Any]],
    holdout: list[dict[str, Any]],
    off_topic: list[Answer],
    tldrs: list[dict[str, Any]],
    comparisons: list[dict[str, Any]],
) -> dict[str, Any]:
    sentences = [s for a in on_topic for s in a["sentences"]]
    checked = [s for s in sentences if s["cited"]]
    agreement = _share([(s["trust"] == Trust.BACKED.value) == s["backed"] for s in checked])
    answered = [a for a in on_topic if not a["abstained"]]
    figures = {
        "answer_key_facts": _share([a["key_facts"] for a in on_topic]),
        "answer_sentences_backed": _share([s["backed"] for s in sentences]),
        "answer_right_citation": _share([a["right_citation"] for a in on_topic]),
        "false_abstentions": sum(a["abstained"] for a in on_topic),
        "offtopic_abstained": _share([a.abstained for a in off_topic]),
        "holdout_key_facts": _share([a["key_facts"] for a in holdout]),
        "holdout_sentences_backed": _share([s["backed"] for a in holdout for s in a["sentences"]]),
        "tldr_key_facts": _share([t["key_facts"] for t in tldrs]),
        "tldr_sentences_backed": _share([s["backed"] for t in tldrs for s in t["sentences"]]),
        "compare_cells_backed": _share([c["backed"] for comparison in comparisons for c in comparison["cells"]]),
        "check_agreement": agreement,
        "time_to_evidence_s": statistics.median(a["evidence_s"] for a in answered) if answered else 0.0,
        "time_to_evidence_p95_s": _p95([a["evidence_s"] for a in answered]),
        "answer_first_sentence_s": statistics.median(a["ttft_s"] for a in answered) if answered else 0.0,
        "answer_total_s": statistics.median(a["total_s"] for a in answered) if answered else 0.0,
        "rephrased_share": sum(a["rephrased"] for a in on_topic) / max(1, len(sentences)),
    }
    return {
        "figures": figures,
        "model": model_name,
        "style": style.value,
        "questions": len(on_topic),
        "holdout_questions": len(holdout),
        "off_topic_questions": len(off_topic),
        "details": {
            "on_topic": on_topic,
            "holdout": holdout,
            "off_topic": [{"question": a.question, "abstained": a.abstained, "answer": a.text} for a in off_topic],
            "tldr": tldrs,
            "compare": comparisons,
        },
    }


def _p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
