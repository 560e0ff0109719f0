"""Sentences of an abstract, with their offsets, so one can be quoted, checked and highlighted."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.text.cjk import CJK_RANGES

# A sentence ends at its punctuation before a capital, at CJK full stops, at a blank line, and at
# ".; " (PubMed exports join the parts of a structured abstract so), and at an ASCII stop between
# Chinese sentences (CSL-style listings write "…有关.此外,…").
_END = re.compile(
    f"""[.!?]+["')\\]]*\\s+(?=["'(\\[]?[A-Z0-9{CJK_RANGES}])|[。！？]+|\\n\\s*\\n|(?<=[.!?]);\\s+"""
    f"""|(?<=[{CJK_RANGES}])[.!?](?=\\s*[A-Z{CJK_RANGES}])"""
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|fig|figs|eq|eqs|no|nos|approx|resp|sec|ref|refs|al|dr|mr|ms|st)"
    r"|\b[A-Z])\.$",
    re.IGNORECASE,
)
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of text with their [start, end) offsets in it. Periods after common
    abbreviations (e.g., et al., Fig.), initials and numbers do not end a sentence."""
    sentences: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        punctuation_end = match.start() + (0 if match.group(0)[0] == ";" else len(match.group(0).rstrip()))
        if match.group(0)[0] == "." and _ABBREVIATION.search(text[max(start, match.start() - 8) : match.start() + 1]):
            continue
        _append(sentences, text, start, punctuation_end)
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(text[start:end], start, end))


def sentence_texts(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text)]


def collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()
