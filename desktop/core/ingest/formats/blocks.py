"""Labelled text blocks: 'Title:' / 'Authors:' / 'Abstract:' or 'Summary:' / 'URL:' or 'PDF:'
lines, records separated by '---' or a blank line; unlabelled lines continue the field above."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from desktop.core.ingest.formats.fields import Fields, field_for

LABEL = re.compile(r"^\s*([^\W\d_][\w .\-/]{0,30}?)\s*[:：]\s*(.*)$", re.UNICODE)
SEPARATOR = re.compile(r"^\s*(-{3,}|={3,}|\*{3,}|_{3,})\s*$")
MIN_LABELLED_LINES = 2


def labelled_field(line: str) -> tuple[str, str] | None:
    """(field, value) for a 'Label: value' line whose label names a field."""
    found = _label(line)
    return (found[0], found[2]) if found else None


def _label(line: str) -> tuple[str, str, str] | None:
    """(field, label as written, value) for a 'Label: value' line whose label names a field."""
    match = LABEL.match(line)
    if match is None:
        return None
    name = field_for(match.group(1))
    return (name, match.group(1), match.group(2)) if name else None


def looks_like_blocks(lines: list[str]) -> bool:
    found = [labelled_field(line) for line in lines]
    names = [item[0] for item in found if item]
    return len(names) >= MIN_LABELLED_LINES and "title" in names and "abstract" in names


def block_records(lines: Iterable[str]) -> Iterator[Fields]:
    current: Fields = {}
    last = ""
    labels: dict[str, str] = {}
    for line in lines:
        if SEPARATOR.match(line) or (not line.strip() and "abstract" in current):
            if current:
                yield _with_labels(current, labels)
            current, last = {}, ""
            continue
        if not line.strip():
            continue
        labelled = _label(line)
        if labelled is not None:
            name, label, value = labelled
            if name == "title" and "title" in current:  # a new record without a separator
                yield _with_labels(current, labels)
                current = {}
            current[name] = value
            labels.setdefault(name, label)
            last = name
        elif last:
            current[last] = f"{current[last]} {line.strip()}"
    if current:
        yield _with_labels(current, labels)


def _with_labels(fields: Fields, labels: dict[str, str]) -> Fields:
    fields["read_as"] = ", ".join(f"{name} ← {label}:" for name, label in labels.items())
    return fields
