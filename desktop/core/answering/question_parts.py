"""A question of several parts gets a sentence for each: "On how many prompts was LIMA tuned, and
in what share of cases was it judged as good as GPT-4?" is not answered by the 43% alone.

A part is answered by a sentence holding half the words only that part asks about (and a number, when the
part asks for one); a part no chosen sentence answers takes the best sentence of the answer's own
papers that does."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from desktop.core.answering.evidence import Evidence, overlaps
from desktop.core.answering.novelty import new_numbers
from desktop.core.answering.questions import QuestionAnalysis, asks_number
from desktop.core.text.cjk import cjk_words, has_cjk
from desktop.core.text.terms import content_stems

_PART_BREAK = re.compile(
    r",\s*(?:and|or|but)\s+|[?？;；]\s*|，(?:并且|以及|还有|它|其)"
    r"|\s+and\s+(?=(?:(?:by|in|on|at|for|from|to|with|of|under) )?"  # "… and by how much did it fall?"
    r"(?:how|what|which|who|when|where|why|whether|was|were|is|are|did|does|do|has|have|can|could)\b)",
    re.I,
)
# A sentence answers a part when it holds this share of the words only that part asks about.
PART_SHARE = 0.5
# A sentence for a part must score at least this share of the best sentence's score.
PART_FLOOR = 0.3
MAX_SENTENCES = 3


# "What mass and radius do the authors derive …?": two quantities asked for, each a part
_TWO_QUANTITIES = re.compile(r"^(\s*(?:what|which)\s+)([\w-]+)\s+and\s+([\w-]+)\b", re.I)


_CLAUSE = re.compile(r"[;:；：]")
_SENTENCE_END = re.compile(r"(?<=[.!?？。])\s+")


def asking_sentences(question: str) -> tuple[str, str]:
    """The sentences that ask (end in a question mark) and the scene the others set ("There's a
    dataset in my library with long descriptions of photos. How many images does it have?")."""
    sentences = [s for s in _SENTENCE_END.split(question.strip()) if s.strip()]
    asking = [s for s in sentences if s.rstrip().endswith(("?", "？"))]
    if not asking or len(asking) == len(sentences):
        return question, ""
    return " ".join(asking), " ".join(s for s in sentences if s not in asking)


def question_parts(question: str) -> list[str]:
    """The question's parts, each asking one thing (a part of one word is no part); a sentence that
    only sets the scene is no part."""
    parts = [p.strip(" ,，") for p in _PART_BREAK.split(asking_sentences(question)[0]) if p]
    parts = [p for p in parts if has_cjk(p) or len(p.split()) >= 2]
    if len(parts) == 1 and (two := _TWO_QUANTITIES.match(parts[0])):
        rest = parts[0][two.end() :]
        parts = [two.group(1) + two.group(2) + rest, two.group(1) + two.group(3) + rest]
    return parts


_ASKING = frozenset(["many", "much"])  # "how many", "how much": what kind of answer, not about what


def _words(text: str) -> set[str]:
    text = re.sub(r"['’]s\b", "", text)
    return (set(cjk_words(text)) | set(content_stems(text, parts=True))) - _ASKING


def _name_words(title: str) -> set[str]:
    """The words of the name a title gives its paper ("HumanEval-V: Evaluating …"), if it gives one."""
    name, colon, _ = title.partition(":")
    return _words(name) if colon and len(name.split()) <= 4 else set()


def own_words(parts: Sequence[str], subjects: Sequence[str]) -> list[set[str]]:
    """For each part, the words only it asks about (not the names the whole question is about)."""
    named = _words(" ".join(subjects))
    held = [_words(part) for part in parts]
    return [words - named - set().union(*(o for j, o in enumerate(held) if j != i)) for i, words in enumerate(held)]


def cover_every_part(
    candidates: list[Evidence], chosen: list[Evidence], analysis: QuestionAnalysis, limit: int
) -> list[Evidence]:
    """The chosen evidence with a sentence for each part of the question it leaves unanswered,
    from the papers already chosen, at most MAX_SENTENCES in all; a chosen sentence whose parts
    others answer too gives way."""
    parts = question_parts(analysis.text)
    if len(parts) < 2 or not chosen:
        return chosen
    limit = max(limit, min(MAX_SENTENCES, len(parts)))
    scene = _words(asking_sentences(analysis.text)[1])
    wanted = [words - scene for words in own_words(parts, analysis.subjects)]
    numbers = [asks_number(part) for part in parts]

    def answers(evidence: Evidence, index: int) -> bool:
        # the paper's own name is what every part is about ("HumanEval-V: how many coding tasks…")
        words = wanted[index] - _name_words(evidence.paper.title) or wanted[index]
        holds = len(words & _words(evidence.text)) >= math.ceil(PART_SHARE * len(words))
        if not holds or not numbers[index]:
            return holds
        # the number stands by what is counted: "descriptions for each image; these average 136
        # words" gives the words' count, not the images'
        return any(
            words & _words(clause) and new_numbers(clause, analysis.text) for clause in _CLAUSE.split(evidence.text)
        )

    papers = {e.paper.id for e in chosen}
    top = max(e.score for e in chosen)
    result = list(chosen)
    if not any(answers(result[0], i) for i in range(len(parts))):  # the paper's introduction, say, and each part
        limit = max(limit, min(MAX_SENTENCES, len(parts) + 1))
    for index in range(len(parts)):
        if not wanted[index] or any(answers(e, index) for e in result):
            continue
        found = next(
            (
                e
                for e in candidates
                if e.paper.id in papers
                and e.score >= PART_FLOOR * top
                and answers(e, index)
                and not any(overlaps(e, c) for c in result)
            ),
            None,
        )
        if found is None:
            continue
        if len(result) >= limit:
            # a sentence gives way when every part it answers another chosen sentence answers too
            idle = [
                e
                for e in result[1:]
                if all(any(answers(o, i) for o in result if o is not e) for i in range(len(parts)) if answers(e, i))
            ]
            if not idle:
                continue
            result.remove(idle[-1])
        result.append(found)
    return result
