"""Calibration of the app's thresholds on the evaluation set: `python -m bench --calibrate`.

- The per-sentence check (desktop/core/answering/grounding.py): sentences labelled by the independent
  checker — free-style answers of the default model (many unsupported), close-style answers
  (quotes and checked rephrasings), and made-up mistakes: a sentence cited to the wrong paper,
  a changed number, another paper's name swapped in. BACKED_AT is the score that best agrees with
  the checker; WEAK_AT the lowest score any supported sentence reached: below it, "not backed".
- Abstention (desktop/core/answering/abstention.py): the best evidence similarity of on-topic questions
  without a known name, against the off-topic ones.
Writes bench/calibration.json; a test checks that the code's constants are the ones measured."""

from __future__ import annotations

import json
import math
import random
import re
from pathlib import Path
from typing import Any

from bench import answer_checker
from bench.answer_eval import OFF_TOPIC, conversations
from bench.synth import seed_papers
from desktop.core.answering import grounding
from desktop.core.answering.answer import Answerer, Turn
from desktop.core.answering.compose import AnswerStyle, rephrase
from desktop.core.answering.evidence import SentenceIndex, rank_evidence
from desktop.core.answering.questions import analyse
from desktop.core.base.config import available_cores
from desktop.core.base.jobs import drive
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import SentenceTransformerEmbedder
from desktop.core.models.llm import GenerationOptions, load_model
from desktop.core.search.hybrid import Searcher
from desktop.core.text.sentences import sentence_texts

CALIBRATION = Path(__file__).resolve().parent / "calibration.json"
SYNTHETIC_PAPERS = 150


def calibrate(library_dir: Path, seeds: Path, log: Any = print) -> dict[str, Any]:
    embedder = SentenceTransformerEmbedder()
    index = SentenceIndex(embedder)
    library = Library(library_dir, read_only=True)
    model = load_model("", 4096, available_cores(), 0)
    try:
        searcher = Searcher(library, embedder)
        options = GenerationOptions(max_tokens=160, temperature=0.0)
        labelled: list[tuple[float, bool, str]] = []
        for style in (AnswerStyle.FREE, AnswerStyle.CLOSE):
            answerer = Answerer(searcher, model, options, index=index, style=style)
            labelled += _answer_sentences(answerer, log)
        labelled += _drafts(Answerer(searcher, model, options, index=index, style=AnswerStyle.CLOSE), log)
        labelled += _made_up_mistakes(seed_papers(seeds), index)
        similarity = _abstention_similarities(searcher, index)
    finally:
        model.close()
        library.close()
    result = {"grounding": _thresholds(labelled), "abstention": similarity}
    CALIBRATION.write_text(json.dumps(result, indent=2) + "\n")
    return result


def _answer_sentences(answerer: Answerer, log: Any) -> list[tuple[float, bool, str]]:
    labelled = []
    for group in conversations():
        history: list[Turn] = []
        for question in group.questions:
            answer = drive(answerer.ask(question.text, tuple(history)))
            history.append((question.text, answer.text))
            abstracts = {s.number: s.paper.abstract for s in answer.sources}
            for sentence in answer.sentences:
                if sentence.cited:
                    label = answer_checker.backed(sentence.text, [abstracts[n] for n in sentence.cited])
                    labelled.append((sentence.score, label, f"{answerer.style.value}-answer"))
        log(f"  {answerer.style.value}: {len(labelled)} sentences")
    return labelled


def _drafts(answerer: Answerer, log: Any) -> list[tuple[float, bool, str]]:
    """Every rephrasing the model drafts for the evidence, kept or not, checked as citing its source."""
    assert answerer.model is not None
    labelled = []
    for group in conversations():
        for question in group.questions:
            answer = drive(answerer.ask(question.text))
            for item in answer.evidence:
                draft = rephrase(answerer.model, question.text, item.text, answerer.options, None)
                if not draft:
                    continue
                check = grounding.check_answer(f"{draft} [1]", {1: item.paper}, answerer.index)[0]
                labelled.append((check.score, answer_checker.backed(draft, [item.paper.abstract]), "model draft"))
    log(f"  drafts: {len(labelled)}")
    return labelled


def _made_up_mistakes(papers: list[Paper], index: SentenceIndex) -> list[tuple[float, bool, str]]:
    """Each sampled paper gives a true sentence and three false ones, all checked as [1]."""
    rng = random.Random(11)
    sample = [p for p in papers if p.lang == "en" and len(sentence_texts(p.abstract)) >= 3]
    sample = rng.sample(sample, min(SYNTHETIC_PAPERS, len(sample)))
    labelled = []
    for position, paper in enumerate(sample):
        sentence = rng.choice(
            [s for s in sentence_texts(paper.abstract) if len(s.split()) >= 8] or sentence_texts(paper.abstract)
        )
        other = sample[(position + 17) % len(sample)]
        cases = [(sentence, paper, "true"), (sentence, other, "wrong paper")]
        changed = _change_a_number(sentence)
        if changed:
            cases.append((changed, paper, "changed number"))
        swapped = _swap_name(sentence, paper, other)
        if swapped:
            cases.append((swapped, paper, "swapped name"))
        for text, cited, kind in cases:
            check = grounding.check_answer(f"{text} [1]", {1: cited}, index)[0]
            labelled.append((check.score, answer_checker.backed(text, [cited.abstract]), kind))
    return labelled


def _change_a_number(sentence: str) -> str:
    match = re.search(r"\d+(\.\d+)?", sentence)
    if match is None:
        return ""
    value = match.group(0)
    bumped = str(int(value) * 3 + 7) if value.isdigit() else f"{float(value) * 3 + 0.7:.1f}"
    return sentence[: match.start()] + bumped + sentence[match.end() :]


def _swap_name(sentence: str, paper: Paper, other: Paper) -> str:
    own = (paper.title.split(":")[0] if ":" in paper.title else "").strip()
    theirs = (other.title.split(":")[0] if ":" in other.title else "").strip()
    if not own or not theirs or own not in sentence or len(own.split()) > 3:
        return ""
    return sentence.replace(own, theirs)


def _thresholds(labelled: list[tuple[float, bool, str]]) -> dict[str, Any]:
    scores = sorted({round(score, 3) for score, _, _ in labelled})

    def agreement(threshold: float) -> float:
        return sum((score >= threshold) == label for score, label, _ in labelled) / len(labelled)

    backed_at = max(scores, key=lambda t: (agreement(t), -abs(t - 0.6)))
    weak_at = min(backed_at, math.floor(min(score for score, label, _ in labelled if label) * 100) / 100)
    band = [label for score, label, _ in labelled if weak_at <= score < backed_at]
    kinds = sorted({kind for _, _, kind in labelled})
    return {
        "backed_at": backed_at,
        "weak_at": weak_at,
        "agreement": round(agreement(backed_at), 4),
        "weak_band": {"sentences": len(band), "supported": sum(band)},
        "below_weak_supported": sum(label for score, label, _ in labelled if score < weak_at),
        "sentences": len(labelled),
        "backed_by_checker": sum(label for _, label, _ in labelled),
        "by_kind": {
            kind: {
                "sentences": sum(k == kind for _, _, k in labelled),
                "agreement": round(
                    sum((s >= backed_at) == lab for s, lab, k in labelled if k == kind)
                    / max(1, sum(k == kind for _, _, k in labelled)),
                    4,
                ),
            }
            for kind in kinds
        },
    }


def _abstention_similarities(searcher: Searcher, index: SentenceIndex) -> dict[str, Any]:
    """Best evidence similarity of on-topic questions that name nothing the library has, and of
    the off-topic questions; the threshold sits between the two."""

    def best(question: str) -> tuple[float, bool]:
        analysis = analyse(question)
        hits = searcher.search(question, 5)
        ranked = rank_evidence(analysis, [(i, h.paper) for i, h in enumerate(hits, 1)], index)
        named = any(searcher.library.mentions(name) for name in analysis.names)
        return (max((e.similarity for e in ranked), default=0.0), named)

    on_topic = [best(q.text) for group in conversations() for q in group.questions if not q.conversation]
    unnamed_on = sorted(s for s, named in on_topic if not named)
    off = sorted(best(question)[0] for question in OFF_TOPIC)
    return {
        "on_topic_without_known_name": {"count": len(unnamed_on), "min": unnamed_on[0] if unnamed_on else None},
        "on_topic_similarities": [round(s, 3) for s in unnamed_on],
        "off_topic_similarities": [round(s, 3) for s in off],
        "off_topic": {"count": len(off), "max": off[-1] if off else None},
        "threshold": round((unnamed_on[0] + off[-1]) / 2, 3) if unnamed_on and off else None,
    }
