"""Whether a further evidence sentence adds to an answer: it must speak to a part of the question
the chosen sentences leave out (a word of it, a number a number question asks for, the finding a
yes/no question asks for, how a named method works), else it is padding, however close in meaning."""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.core.answering.questions import QuestionAnalysis, QuestionKind, asks_number, holds_word, names_a_subject
from desktop.core.text.cjk import has_cjk
from desktop.core.text.terms import content_stems

# A number standing alone ('0.167', '25%', '2.65x'), not a part of a name ('F7V', 'HAT-TR-205-013').
_NUMBER = re.compile(r"(?<![\w.^/-])\d+(?:[.,]\d+)*(?:%|x|×)?(?![\w-]|[.,]\d)")
_RESULT_TALK = re.compile(
    r"\b(?:experiments?|experimental|results?|achiev\w*|outperform\w*|state-of-the-art|surpass\w*|evaluat\w*)\b", re.I
)
_YES_NO = re.compile(r"^\s*(?:does|do|did|is|are|was|were|can|could|will|has|have)\b", re.I)
_FINDING = re.compile(
    r"\b(?:shows?|showed|shown|demonstrat\w*|found|finds?|conclu\w*|effective|ineffective|significant\w*|superior"
    r"|inferior|no (?:difference|effect)|improv\w*|reduc\w*|prevent\w*)\b",
    re.I,
)


def adds_to(candidate: str, chosen: Sequence[str], analysis: QuestionAnalysis) -> bool:
    """Whether a further sentence speaks to a word of the question the chosen ones leave out: one
    that only repeats what they cover is padding, however close it is in meaning."""
    named = set(content_stems(" ".join(analysis.subjects), parts=True))
    asked = [word for word in analysis.content if not holds_word(word, named)]
    if not asked or has_cjk(analysis.text):
        return True  # "What is TabPFN?" asks for the thing itself: a second sentence on it elaborates
    if _YES_NO.search(analysis.text) and _FINDING.search(candidate):
        return True  # "Does X work?" is answered by the finding, whatever words it uses
    if (
        analysis.kind is QuestionKind.MECHANISM
        and names_a_subject(analysis.subjects, candidate)
        and not _RESULT_TALK.search(candidate)
    ):
        return True  # "How does LaRA detect…?": what LaRA does, in words the question does not use
    chosen_text = " ".join(chosen)
    if asks_number(analysis.text) and new_numbers(candidate, analysis.text) - new_numbers(chosen_text, ""):
        return True  # a number question is answered by a number the chosen sentences lack
    held = set(content_stems(chosen_text, parts=True))
    own = set(content_stems(candidate, parts=True))
    return any(holds_word(word, own) and not holds_word(word, held) for word in asked)


def talks_results(text: str) -> bool:
    """Whether the sentence reports experiments or results (no answer to how a thing works)."""
    return _RESULT_TALK.search(text) is not None


def new_numbers(text: str, question: str) -> set[str]:
    """The numbers of a text that the question does not hold (not the '205' of 'HAT-TR-205-013')."""
    return set(_NUMBER.findall(text)) - set(_NUMBER.findall(question))
