"""Compare papers: one row per paper with its task, method, data and main result.

Each cell is the abstract's own sentence of that role (read by role_model.py, whose features
include the cue scores of roles.py), shortened at a clause, a Data cell possibly the phrase of
another sentence naming the benchmarks, or "not stated" when the abstract has no such sentence;
every cell is checked against its abstract like an answer sentence. No language model writes the cells: a small one put sentences in the wrong columns and
took seconds per paper, and a cell the abstract states needs no rewriting."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Generator, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from desktop.core.answering.claims import leans_on_context, readable, standalone
from desktop.core.answering.evidence import SentenceIndex
from desktop.core.answering.grounding import SentenceCheck, Trust, check_claims, third_person
from desktop.core.answering.results import Answer, AnswerKind, AnswerPiece, EvidenceFound, Source
from desktop.core.answering.role_model import ROLES, RoleModel, shared_model
from desktop.core.answering.roles import Role, is_availability, label_roles
from desktop.core.library.records import Paper

FIELDS = ("Task", "Method", "Data", "Result")
FIELD_ROLES = {"Task": Role.TASK, "Method": Role.METHOD, "Data": Role.DATA, "Result": Role.RESULT}
NOT_STATED = "not stated"
CELL_WORDS = 30
MIN_CLAUSE_WORDS = 8
ROLE_FLOOR = 0.35
OWN_ROLE_SHARE = 0.8
MODEL_FLOOR = 0.5  # bench/roles_cv.py
MODEL_OWN_SHARE = 0.6  # bench/roles_cv.py
# A Data cell from within a sentence of another role ("Experimental results on two standard
# benchmarks show…"): the phrase naming what was used, when the sentence leans that way at all.
PHRASE_DATA_FLOOR = 0.15
_DATA_NOUN = (
    r"(?:benchmarks?|datasets?|data sets?|corpora|corpus|suites?|tasks|games|environments|domains|testbeds?"
    r"|leaderboards?|patients|participants|subjects|volunteers|children|adults|women|men|mice|rats|samples"
    r"|images|videos)"
)
_DATA_PHRASE = re.compile(
    r"\b(?:on|across|over|using|in|from|to|with)\s+("
    r"(?:(?:the|a|an|both|two|three|four|five|six|several|multiple|many|various|\d[\d,]*)\s+)?"
    rf"(?:[^\s,.;:()]+\s+){{0,8}}?{_DATA_NOUN}\b(?:\s*\([^)]{{1,80}}\))?"
    r"(?:,?\s+(?:including|such as|namely|like)\s+[^.;]{1,80}?(?=[.;]|,\s|$))?)",
    re.I,
)


_ASIDE = re.compile(r"\s+[-–—]\s+.{10,200}?\s+[-–—]\s+|\s+\([^()]{10,200}\)\s*")


def shorten(text: str, words: int = CELL_WORDS) -> str:
    """At most `words` words, ending at a clause (a comma or semicolon) when one is near the end; a
    long sentence first loses its asides between dashes or in brackets, marked "…", so that "When
    evaluated on 57 Atari games - the canonical … - MuZero achieved a new state of the art" keeps
    what was achieved."""
    parts = text.split()
    if len(parts) <= words:
        return text
    parts = _ASIDE.sub(" … ", text).split()
    text = " ".join(parts)
    if len(parts) <= words:
        return text
    head = " ".join(parts[:words])
    cut = max(head.rfind(","), head.rfind(";"))
    if cut > 0 and len(head[:cut].split()) >= MIN_CLAUSE_WORDS:
        head = head[:cut]
    return head.rstrip(",;:") + "…"


def table_cell(text: str) -> str:
    """Markdown-safe cell: no pipes or newlines, HTML angle brackets escaped."""
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def role_cells(sentences: Sequence[str], model: RoleModel | None) -> dict[str, int | None]:
    """For each field, the sentence that plays its role (each sentence used once), or None: the
    assignment with the most role fit in all, so that a paper's one result sentence, which also
    names its benchmark, fills Result when another sentence can fill Data. The fit is the role
    model's probability (a cell needs MODEL_FLOOR), or without a model the cue rules' score."""
    return _assigned(sentences, _probabilities(sentences, model))


def _probabilities(sentences: Sequence[str], model: RoleModel | None) -> np.ndarray | None:
    return model.probabilities(sentences) if model is not None else None


def _assigned(sentences: Sequence[str], probabilities: np.ndarray | None) -> dict[str, int | None]:
    chosen: dict[str, int | None] = dict.fromkeys(FIELDS)
    if not len(sentences):
        return chosen
    fit = _model_fit(sentences, probabilities) if probabilities is not None else _cue_fit(sentences)
    for position, sentence in enumerate(sentences):
        if leans_on_context(sentence):  # "Specifically, they use the data…" is a poor cell
            fit[position] = np.where(fit[position] > 0, np.maximum(fit[position] - 0.2, 1e-3), 0)
    fit -= np.where(fit > 0, 1e-6 * np.arange(len(sentences))[:, None], 0)  # ties go to the earlier sentence
    rows, columns = linear_sum_assignment(fit, maximize=True)
    for position, column in zip(rows, columns, strict=True):
        if fit[position, column] > 0:
            chosen[FIELDS[column]] = int(position)
    return chosen


def _model_fit(sentences: Sequence[str], probabilities: np.ndarray) -> np.ndarray:
    order = [ROLES.index(FIELD_ROLES[name]) for name in FIELDS]
    fit = probabilities[:, order]
    # a cell only for a role the sentence plays about as much as its main one: "When evaluated on 57
    # Atari games, MuZero achieved a new state of the art" is a result, though it names its data
    fit = np.where((fit >= MODEL_FLOOR) & (fit >= MODEL_OWN_SHARE * fit.max(axis=1, keepdims=True)), fit, 0.0)
    fit[[is_availability(sentence) for sentence in sentences]] = 0.0
    return fit


def _cue_fit(sentences: Sequence[str]) -> np.ndarray:
    fit = np.zeros((len(sentences), len(FIELDS)))
    for position, scores in enumerate(label_roles(sentences)):
        best = max(scores.scores.values(), default=0.0)
        for column, name in enumerate(FIELDS):
            score = scores.scores.get(FIELD_ROLES[name], 0.0)
            if score >= ROLE_FLOOR and score >= OWN_ROLE_SHARE * best:  # a cell only for a role the sentence plays
                fit[position, column] = score
    return fit


def data_phrase(
    sentences: Sequence[str], used: set[int], probabilities: np.ndarray | None
) -> tuple[int | None, str]:
    """For an empty Data cell: the phrase of a sentence filling another cell, or of no cell, that
    names the benchmarks, datasets or participants ("57 different Atari games"), and where it is;
    how much each sentence leans to Data is the role model's probability, or the cue score."""
    if probabilities is not None:
        lean = probabilities[:, ROLES.index(Role.DATA)]
    else:
        lean = np.array([scores.scores[Role.DATA] for scores in label_roles(sentences)])
    found = []
    for position, sentence in enumerate(sentences):
        match = None if is_availability(sentence) else _DATA_PHRASE.search(sentence)
        if match and lean[position] >= PHRASE_DATA_FLOOR and len(match.group(1).split()) >= 2:
            found.append((float(lean[position]), position not in used, -position, match.group(1)))
    if not found:
        return None, ""
    best = max(found)
    return -best[2], best[3]


def table_cells(sentences: Sequence[str], model: RoleModel | None) -> dict[str, tuple[int | None, str, bool]]:
    """Each field's (sentence position, text, whether the text is the whole sentence): a role's
    sentence, or for Data the phrase naming what was used, or (None, "", False): not stated."""
    probabilities = _probabilities(sentences, model)  # once for the row: the cells and the Data phrase
    chosen = _assigned(sentences, probabilities)
    cells: dict[str, tuple[int | None, str, bool]] = {}
    for name in FIELDS:
        position = chosen[name]
        cells[name] = (position, sentences[position], True) if position is not None else (None, "", False)
    if chosen["Data"] is None:
        used = {p for p in chosen.values() if p is not None}
        position, phrase = data_phrase(sentences, used, probabilities)
        cells["Data"] = (position, phrase, False)
    return cells


def markdown_table(answer: Answer) -> str:
    header = "| Paper | " + " | ".join(FIELDS) + " |\n|" + "---|" * (len(FIELDS) + 1)
    rows = []
    per_row = len(FIELDS)
    for row, source in enumerate(answer.sources):
        cells = answer.sentences[row * per_row : (row + 1) * per_row]
        if len(cells) < per_row:
            continue
        rendered = [table_cell(c.text) if c.text else NOT_STATED for c in cells]
        rows.append(
            f"| [{source.number}] {table_cell(shorten(source.paper.display_title, 10))} | "
            + " | ".join(rendered)
            + " |"
        )
    return header + "\n" + "\n".join(rows)


def compare(
    index: SentenceIndex, papers: list[Paper], stop: threading.Event | None = None, question: str = ""
) -> Generator[AnswerPiece, None, Answer]:
    """Returns the Answer whose text is the table (Markdown) and whose sentences are its cells,
    row by row, each checked against its paper's abstract (an empty cell: not stated)."""
    started = time.perf_counter()
    answer = Answer(question or "Compare " + "; ".join(p.display_title for p in papers), kind=AnswerKind.COMPARE)
    answer.sources = [Source(n, paper, 1.0, None, paper.abstract) for n, paper in enumerate(papers, 1)]
    yield EvidenceFound([], answer.sources)
    by_number = {s.number: s.paper for s in answer.sources}
    for source in answer.sources:
        if stop is not None and stop.is_set():
            answer.stopped = True
            break
        answer.sentences += _row(index, source, by_number)
        if not answer.timings.ttft_s:
            answer.timings.ttft_s = time.perf_counter() - started
    answer.text = markdown_table(answer)
    answer.timings.total_s = time.perf_counter() - started
    yield answer.text
    return answer


def _row(index: SentenceIndex, source: Source, papers: dict[int, Paper]) -> list[SentenceCheck]:
    sentences, _ = index.sentences([source.paper])[source.paper.id]
    texts = [s.text for s in sentences]
    cells = table_cells(texts, shared_model())
    claims = []
    for name in FIELDS:
        position, text, whole = cells[name]
        cell = shorten(third_person(standalone(readable(text)))) if whole else text[:1].upper() + text[1:]
        claims.append((cell, source.number))
    checks = check_claims(claims, papers, index)
    for check, name in zip(checks, FIELDS, strict=True):
        position = cells[name][0]
        if position is not None and check.evidence is None:
            check.evidence = sentences[position]
            check.evidence_paper = source.paper.id
        if not check.text:
            check.trust = Trust.UNCITED
    return checks
