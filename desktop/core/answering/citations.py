"""Citation markers in model output: [1], [Source 2], [1, 3], [2-4] → plain [n], unknown ones dropped."""

from __future__ import annotations

import re

from desktop.core.text.citation_marks import CITATION as _CITATION
from desktop.core.text.sentences import split_sentences

_LEADING_MARKS = re.compile(r"^((?:\s*\[\d+\])+)\s*")


def cited_numbers(marker: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", marker):
        if re.fullmatch(r"\d+\s*[-–]\s*\d+", part):
            low, high = (int(x) for x in re.split(r"\s*[-–]\s*", part))
            if 0 < high - low < 20:
                numbers.extend(range(low, high + 1))
                continue
        numbers.extend(int(x) for x in re.findall(r"\d+", part))
    return numbers


def find_citations(sentence: str) -> str:
    """Every citation marker's numbers in a sentence, joined ('1, 3')."""
    return ",".join(_CITATION.findall(sentence))


def clean_citations(text: str, valid: set[int]) -> str:
    """Rewrites citation markers to the plain [n] form, dropping numbers that were not given."""

    def replace(match: re.Match[str]) -> str:
        kept = [n for n in dict.fromkeys(cited_numbers(match.group(1))) if n in valid]
        return "".join(f"[{n}]" for n in kept)

    cleaned = re.sub(r"[ \t]+(?=[.,;:!?])", "", _CITATION.sub(replace, text))
    return re.sub(r"[ \t]{2,}", " ", cleaned).strip()


def split_answer_sentences(text: str) -> list[str]:
    """An answer's sentences; markers written after a full stop ('… models. [2]') stay with the
    sentence they follow."""
    sentences: list[str] = []
    for sentence in split_sentences(text):
        piece = sentence.text
        leading = _LEADING_MARKS.match(piece)
        if leading and sentences:
            sentences[-1] = f"{sentences[-1]} {leading.group(1).strip()}"
            piece = piece[leading.end() :]
        if piece.strip():
            sentences.append(piece.strip())
    return sentences
