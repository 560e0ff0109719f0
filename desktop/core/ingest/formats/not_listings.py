"""What is not a paper listing, though its long lines look like abstracts: a folder's README or
provenance notes, a licence, a Markdown document with its headings and tables. Such a file is set
aside and named in the report with the reason; a plain-text listing with some Markdown in it has
those lines left out, and the report says how much of the file was taken."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from desktop.core.base.errors import DumpError

# Files a folder of exports carries about itself (matched on the name without its suffix).
_NOTES_NAMES = re.compile(
    r"^(readme|read_me|provenance|licen[cs]e|copying|notice|changelog|changes|history|contributing|authors|"
    r"code_of_conduct|security|citation|manifest)([-_. ].*)?$",
    re.IGNORECASE,
)
_LICENCE = re.compile(
    r"permission is hereby granted, free of charge|licensed under the apache license|gnu (?:lesser |affero )?general "
    r"public license|creative commons (?:attribution|legal code)|the software is provided \"?as is\"?|"
    r"redistribution and use in source and binary forms|this is free and unencumbered software",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SETEXT_RULE = re.compile(r"^\s*(=+|-{3,}|\*{3,})\s*$")
_LINK_LINE = re.compile(r"^\s*[-*+]?\s*\[[^\]]+\]\([^)]+\)\s*$")
_HTML_LINE = re.compile(r"^\s*</?(details|summary|img|div|p|br|table|tr|td|th|a)\b[^>]*>", re.IGNORECASE)


class NotAListing(DumpError):
    """A text file that is not a paper listing: set aside (not a failure), with the reason."""


def notes_file_reason(name: str) -> str:
    """Why a file with this name is a folder's notes about itself, or ''."""
    stem = name.rsplit(".", 1)[0] if "." in name[1:] else name
    match = _NOTES_NAMES.match(stem)
    if not match:
        return ""
    kind = match.group(1).lower()
    if kind.startswith("licen") or kind in ("copying", "notice"):
        return "a licence file"
    if kind == "provenance":
        return "a folder's provenance notes (where its files came from)"
    if kind in ("readme", "read_me"):
        return "a folder's README (notes about the other files)"
    return f"a project's {kind.replace('_', ' ')} file"


def content_reason(head: str) -> str:
    """Why a text file's beginning shows it is no listing (a licence; Markdown and nothing else), or ''."""
    if _LICENCE.search(head[:5000]):
        return "a licence text"
    lines = [line for line in head.splitlines()[:400] if line.strip()]
    if not lines:
        return ""
    markdown = MarkdownLines()
    kept = list(markdown.filter(lines))
    if markdown.left_out and not any(len(line.strip()) >= 200 for line in kept):
        return f"a Markdown document ({markdown.describe()}) with no paper records in it"
    return ""


@dataclass
class MarkdownLines:
    """Leaves out a Markdown file's structure (headings, table rows, code, rules, link lists),
    counting what it left out and what it kept."""

    headings: int = 0
    table_rows: int = 0
    code_lines: int = 0
    other: int = 0
    kept: int = 0

    @property
    def left_out(self) -> int:
        return self.headings + self.table_rows + self.code_lines + self.other

    def filter(self, lines: Iterable[str]) -> Iterator[str]:
        in_code = False
        for line in lines:
            if _FENCE.match(line):
                in_code = not in_code
                self.code_lines += 1
                continue
            if in_code:
                self.code_lines += 1
            elif _HEADING.match(line):
                self.headings += 1
            elif _TABLE_ROW.match(line) or _TABLE_RULE.match(line):
                self.table_rows += 1
            elif _SETEXT_RULE.match(line) or _LINK_LINE.match(line) or _HTML_LINE.match(line):
                self.other += 1
            else:
                if line.strip():
                    self.kept += 1
                yield line
                continue
            yield ""  # a left-out line parts what is around it, as a blank line would

    def describe(self) -> str:
        parts = [
            (self.headings, "heading", "headings"),
            (self.table_rows, "table row", "table rows"),
            (self.code_lines, "line of code", "lines of code"),
            (self.other, "other Markdown line", "other Markdown lines"),
        ]
        return ", ".join(f"{count} {one if count == 1 else many}" for count, one, many in parts if count)

    def warning(self, papers: int) -> str:
        """How much of a partly-Markdown file was taken, for the report."""
        total = self.left_out + self.kept
        return (
            f"only part of this file is a paper listing: {papers} papers from {self.kept} of {total} lines; "
            f"left out {self.describe()}"
        )
