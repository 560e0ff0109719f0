"""The things a comparison sets side by side, as the question names or describes them: "Compare
CoReS, the stationary d-Simplex representations paper, and MUSCLE: what problem does each tackle…"
compares three papers, and what follows the colon only says what to compare them on.

A named thing (a subject of the question, with its expansion in brackets when it has one) is kept
as named; a described one ("the olopatadine iontophoresis study", "the paper on how evaporation
shapes the globular cluster mass function") is kept as its description, without the words that
only say it is a paper."""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_ITEMS = 4
# Where the items end and the aspects begin: "…: what does each…", "… — what…", "…compare in the
# problem they address", "…differ in the forgetting problem they study".
_ASPECTS = re.compile(
    r"\s*[:：]\s.*$|\s*[:：]$|\s+[—–-]{1,2}\s+(?:what|how|which|who|why|where|when|in terms of)\b.*$"
    r"|\s+(?:compare|differ|contrast)\w*(?=\s+(?:in|on|for|across|when|regarding|at)\b|\s*$).*$|\s+in terms of\b.*$"
    r"|\s+(?:as ways|as methods|as approaches) to\b.*$|,?\s+and\s+(?:what|how|which|why|where|whether)\b.*$"
    r"|\s*[,，]\s*(?:what|how|which|why|where|whether)\b.*$",
    re.I,
)
_LEAD = re.compile(
    r"^\s*(?:please |can you |could you )?(?:compare|contrast|what are the differences between|what is the difference"
    r" between|the differences? between|how (?:does|do|did)|in what ways? (?:does|do))\s+",
    re.I,
)
# "the two charmed-baryon papers — the strong-decay study and the …": the items follow the dash
_GROUP_THEN_ITEMS = re.compile(
    r"^.*\b(?:two|three|four|both|these|those)\b(?P<kind>[^—–]*)\b(?:papers|studies|works|methods|approaches|models)"
    r"\s+[—–-]{1,2}\s+",
    re.I,
)
_PAPER_WORDS = re.compile(
    r"^(?:the|a|an)\s+(?:(?:paper|study|work|article|preprint|trial|review|survey)\s+(?:on|about|of|that|which)\s+)?"
    r"|\s+(?:paper|study|studies|work|article|preprint|trial|method|approach|calculation|comparison|analysis)\s*$",
    re.I,
)


def compared_items(question: str, subjects: Sequence[str] = ()) -> list[str]:
    """The compared things in the question's order (at most MAX_ITEMS)."""
    text = _LEAD.sub("", question.strip().rstrip("?？.!。 "))
    text = _ASPECTS.sub("", text)
    group = _GROUP_THEN_ITEMS.match(text)
    kind = group.group("kind").strip() if group else ""  # "charmed-baryon": what every item is
    pieces = _split(text[group.end() :] if group else text)
    items = [item for piece in pieces if len(item := _item(piece, subjects)) > 2][:MAX_ITEMS]
    return [f"{item} {kind}" if kind and kind.casefold() not in item.casefold() else item for item in items]


def _item(piece: str, subjects: Sequence[str]) -> str:
    """A piece as its description, without the words that say it is a paper; a name in brackets by
    its expansion ("CBA (Continual Bias Adaptor)", found by its title words), and a name followed
    by where it is used by the name alone ("Beta Shapley for data valuation")."""
    bracket = re.search(r"([^()]*?)\s*\(([^()]+)\)", piece)
    if bracket:
        outside, inside = bracket.group(1).strip(), bracket.group(2).strip()
        return _PAPER_WORDS.sub("", max((outside, inside), key=lambda part: len(part.split()))).strip(" ,;")
    description = _PAPER_WORDS.sub("", piece).strip(" ,;")
    for name in sorted(subjects, key=len, reverse=True):
        if name and re.match(rf"{re.escape(name)}\s+(?:for|in|on|when|as|at)\s", description):
            return name  # what follows the name only says where it is used
    return description


def _split(text: str) -> list[str]:
    """Comma lists first ("A, the B paper, and C"), then "and", then "with", "vs", "to"."""
    if "," in text or "，" in text:
        pieces = re.split(r"\s*[,，]\s*(?:and\s+|or\s+)?", text)
        last = pieces[-1]
        if re.search(r"\s+and\s+", last) and len(pieces) > 1:
            pieces = pieces[:-1] + re.split(r"\s+and\s+", last, maxsplit=1)
        return [p.strip() for p in pieces if p.strip()]
    joiners = (
        r"\s+(?:compares?|compared|differs?|differed) (?:with|to|from|against)\s+",
        r"\s+and\s+",
        r"\s+(?:with|versus|vs\.?|against|to)\s+",
        r"\s*(?:和|与|及|以及|跟)\s*",
    )
    for joiner in joiners:
        pieces = re.split(joiner, text)
        if len(pieces) > 1:
            return [p.strip() for p in pieces if p.strip()]
    return [text.strip()] if text.strip() else []
