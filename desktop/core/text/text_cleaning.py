"""Text as other tools export it, made clean: TeX to Unicode, mojibake repaired, HTML decoded,
hard-wrapped lines joined (paragraph breaks kept), placeholder abstracts recognised.

Each repair runs only where its damage is seen, so clean text passes through unchanged (the
papers' ids, hashes of their abstracts, must not move for dumps that needed no repair)."""

from __future__ import annotations

import html
import re

from desktop.core.text.cjk import CJK_CHAR, CJK_RANGES, CJK_TEXT_RANGES

_TEX_COMMAND = re.compile(r"\\[A-Za-z]+|\\[\'`^\"~=.%&#_$]|[{}]|\$[^$]+\$")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{CJK_TEXT_RANGES}])\\s+(?=[{CJK_TEXT_RANGES}])")
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_LATIN = re.compile(r"[A-Za-z]")
_CJK_WORD = re.compile(f"\\S*[{CJK_RANGES}]\\S*")
_MIXED_WORD = re.compile(f"\\S*[A-Za-z][{CJK_RANGES}]\\S*|\\S*[{CJK_RANGES}][a-z]\\S*")
# UTF-8 bytes read as Latin-1 or cp1252: Ã or Â before a continuation-byte character, or â€.
_LATIN1_MOJIBAKE = re.compile(
    "[\u00c3\u00c2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|\u00e2\u20ac"
)
# Only these tags are markup; any other <…> (such as <公共管理学报>, a journal title) is text.
_HTML_TAG = re.compile(
    r"</?(?:a|b|i|u|em|strong|sup|sub|p|br|span|div|sc|small|big|tt|code|ul|ol|li|h\d|"
    r"jats:[a-z-]+|mml:[a-z]+|inf|scp)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_SPACES = re.compile(r"[ \t\r\f\v\n]+")
_PLACEHOLDERS = re.compile(
    r"^\W*(n/?a|none|null|nil|no abstract( available)?|abstract not available|not available|"
    r"\[?no abstract available\]?|abstract|tbd|todo|-+|\.+)\W*$",
    re.IGNORECASE,
)
_WITHDRAWN = re.compile(
    r"^\W*(this (article|paper|manuscript|preprint) (has been|was|is) (withdrawn|retracted|removed)"
    r"|(paper|article|submission) (withdrawn|retracted)|withdrawn\b)",
    re.IGNORECASE,
)
_COPYRIGHT_ONLY = re.compile(r"^\W*(©|\(c\)\s*\d{4}|copyright\s+(©\s*)?\d{4})", re.IGNORECASE)
_COPYRIGHT_MARK = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.IGNORECASE)
_RIGHTS = re.compile(
    r"all rights reserved|elsevier|springer|wiley|ieee|acm\b|taylor|francis|published by|licen[cs]e|\d{4}", re.I
)
TRAILING_COPYRIGHT_CHARS = 250


def clean_field(text: str, tex: bool = False) -> str:
    """One field (a title, an author, a venue): repaired and on one line (a line break between
    two CJK characters joins them without a space)."""
    return _SPACE_BETWEEN_CJK.sub("", _SPACES.sub(" ", repair(text, tex))).strip()


def clean_abstract(text: str, tex: bool = False) -> str:
    """An abstract: repaired, hard-wrapped lines joined, paragraph breaks kept, a trailing
    copyright line cut."""
    paragraphs = [
        _SPACE_BETWEEN_CJK.sub("", _SPACES.sub(" ", part)).strip() for part in _PARAGRAPH.split(repair(text, tex))
    ]
    joined = "\n\n".join(part for part in paragraphs if part)
    return without_trailing_copyright(joined)


def without_trailing_copyright(text: str) -> str:
    """Cuts a copyright line ("© 2020 Elsevier Ltd. All rights reserved.") from the end."""
    marks = list(_COPYRIGHT_MARK.finditer(text))
    if not marks:
        return text
    start = marks[-1].start()
    tail = text[start:]
    if start < len(text) // 3 or len(tail) > TRAILING_COPYRIGHT_CHARS or not _RIGHTS.search(tail):
        return text
    return text[:start].rstrip()


def repair(text: str, tex: bool = False) -> str:
    """TeX (when the source writes TeX), HTML and mojibake, each only where it is seen."""
    if tex and _TEX_COMMAND.search(text):
        text = tex_to_text(text)
    if _HTML_TAG.search(text) or _HTML_ENTITY.search(text):
        text = html.unescape(_HTML_TAG.sub(" ", text))
    return fix_mojibake(text)


def tex_to_text(text: str) -> str:
    """TeX accents, macros and math to Unicode (Bal\\'azs → Balázs, $\\alpha$ → α); a bare % is a
    percent sign here, not a TeX comment."""
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        return str(LatexNodes2Text(math_mode="text").latex_to_text(_UNESCAPED_PERCENT.sub(r"\\%", text)))
    except Exception:  # pylatexenc gives up on some malformed TeX: keep the text as written
        return text


def fix_mojibake(text: str) -> str:
    """UTF-8 read as Latin-1 or cp1252 (Ã©), and UTF-8 read as GBK in Latin text (B茅rille)."""
    if _LATIN1_MOJIBAKE.search(text):
        import ftfy

        text = ftfy.fix_text(
            text,
            unescape_html=False,
            remove_terminal_escapes=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            remove_control_chars=False,
            normalization=None,
        )
    if CJK_CHAR.search(text):
        mostly_latin = len(CJK_CHAR.findall(text)) * 4 < len(_LATIN.findall(text))
        pattern = _CJK_WORD if mostly_latin else _MIXED_WORD  # 'Ko莽' is mojibake even in a short name
        text = pattern.sub(_from_gbk, text)
    return text


def _from_gbk(match: re.Match[str]) -> str:
    word = match.group(0)
    try:
        repaired = word.encode("gbk").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return word
    return word if CJK_CHAR.search(repaired) else repaired


def placeholder_reason(abstract: str) -> str:
    """Why an abstract is no abstract ('' when it is one): NA, a withdrawal notice, a bare copyright line."""
    text = abstract.strip()
    if not text or _PLACEHOLDERS.match(text):
        return f"no abstract (“{text[:30]}”)" if text else "no abstract"
    if _WITHDRAWN.match(text) and len(text) < 400:
        return "a withdrawal notice, not an abstract"
    if _COPYRIGHT_ONLY.match(text) and len(text) <= TRAILING_COPYRIGHT_CHARS and _RIGHTS.search(text):
        return "only a copyright line, no abstract"
    return ""
