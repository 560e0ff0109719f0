"""Author names from the lines under a PDF's title: which lines are names (not affiliations,
addresses or e-mails), and how a line splits into names."""

from __future__ import annotations

import re

from desktop.core.ingest.pdf.layout import MARK, WIDE
from desktop.core.text.cjk import CJK_RANGES, has_cjk

MAX_AUTHORS = 200
_SEPARATORS = re.compile(rf"\s*(?:[,;，、·•|{WIDE}{MARK}]|\s(?:and|&)\s|\band\s*$|^\s*and\s)\s*")
_MARKERS = re.compile(r"[\d*∗†‡§¶#♯♭⋆★✉✝]+")
_AFFILIATION = re.compile(
    r"\b(univ|universit|institut|department|dept\b|school|college|laborator|lab\b|labs\b|centre|center|faculty|"
    r"academy|hospital|inc\b|gmbh|ltd|llc|corp|company|research|google|microsoft|meta\b|amazon|nvidia|ibm\b|"
    r"foundation|ministry|council|group\b|street|road|avenue|campus|email|e-mail|corresponding|contributed|"
    r"equal contribution|equally|correspondence|affiliation|preprint|draft|version|submitted|received|accepted|"
    r"published|typeset|conference|proceedings|journal|workshop|abstract)",
    re.IGNORECASE,
)
_CJK_AFFILIATION = re.compile(r"大学|学院|研究院|研究所|实验室|公司|中心|集团|摩院|通讯作者|学报|会议")
_NAME_WORD = re.compile(
    r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|\(\w[\w'’ .-]*\)|(?:van|von|der|den|de|del|della|da|di|du|le|la|bin|al|el|dos|das|y|ter|ten|zu)\b)$"
)
_CJK_NAME = re.compile(f"^[{CJK_RANGES}·]{{2,5}}$")
_LEADING_MARK = re.compile(rf"^\s*(?:{MARK}|[\d*∗†‡§¶#])")


def looks_like_author_line(marked: str) -> bool:
    """A line that can hold author names: no e-mail, link, affiliation word or leading mark."""
    plain = marked.replace(MARK, " ").replace(WIDE, " ")
    if "@" in plain or "http" in plain or "www." in plain or "{" in plain:
        return False
    if _LEADING_MARK.match(marked) or _AFFILIATION.search(plain) or _CJK_AFFILIATION.search(plain):
        return False
    return bool(names_in(marked))


def names_in(marked: str) -> list[str]:
    """The names on one line (superscript marks as MARK, wide gaps as WIDE)."""
    names = []
    for part in _SEPARATORS.split(marked):
        name = _clean(part)
        if name and is_name(name):
            names.append(name)
    return names


def _clean(part: str) -> str:
    text = _MARKERS.sub(" ", part.replace(MARK, " "))
    words = text.strip(" .,;:-–").split()
    while words and words[0] in ("and", "&"):
        words.pop(0)
    while words and words[-1] in ("and", "&"):
        words.pop()
    return " ".join(words)


def is_name(text: str) -> bool:
    """A person's name: two to five capitalised words (particles allowed), or 2–5 CJK characters."""
    if has_cjk(text):
        return bool(_CJK_NAME.match(text.replace(" ", "")))
    words = text.split()
    if not 2 <= len(words) <= 6 or _AFFILIATION.search(text):
        return False
    if sum(1 for word in words if word[:1].isupper()) < 2 and not text.isupper():
        return False
    return all(_NAME_WORD.match(word) or (word.isupper() and word.isalpha()) for word in words)


def split_names(lines: list[str]) -> list[str]:
    """All names on the author lines, in order, each once."""
    found: list[str] = []
    for marked in lines:
        for name in names_in(marked):
            if name not in found:
                found.append(name)
    return found[:MAX_AUTHORS]


def names_from_metadata(value: str) -> list[str]:
    """The PDF metadata's Author entry ('A One; B Two' or 'A One, B Two and C Three')."""
    parts = re.split(r"\s*;\s*|\s+and\s+|\s*,\s*(?=[A-Z][a-z]+\s)", value)
    return [name for name in (" ".join(part.split()) for part in parts) if name and is_name(name)]
