"""A labelled screening file (CSV or TSV with a header: the systematic-review sets ASReview and
Cohen et al. publish): title, abstract, and the decision column named by the user."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from desktop.core.base.errors import DumpError
from desktop.core.text.text_cleaning import clean_abstract, clean_field, placeholder_reason

TITLE_COLUMNS = ("title", "titles", "ti", "primary_title", "article title", "document title")
ABSTRACT_COLUMNS = ("abstract", "abstracts", "ab", "abstract note", "summary")
ID_COLUMNS = ("pubmedid", "pmid", "record_id", "id", "doi")
INCLUDED_WORDS = frozenset({"i", "y", "yes", "include", "included", "relevant", "true"})
csv.field_size_limit(10_000_000)


@dataclass
class LabelledSet:
    """Records in file order; labels[i] is 1 for an included record, 0 for an excluded one."""

    name: str
    ids: list[str]
    titles: list[str]
    abstracts: list[str]
    labels: np.ndarray

    @property
    def texts(self) -> list[str]:
        return [f"{title}. {abstract}".strip(". ") for title, abstract in zip(self.titles, self.abstracts, strict=True)]

    def __len__(self) -> int:
        return len(self.ids)


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [cell.strip().casefold() for cell in header]
    return next((lowered.index(name) for name in names if name in lowered), None)


def included(values: list[str]) -> np.ndarray:
    """1 for an included record. A column that says I/E (or include, yes…) counts only those words
    (Cohen's sets put exclusion reasons as digits there); a 0/1 column counts 1."""
    words = INCLUDED_WORDS if any(value in INCLUDED_WORDS for value in values) else frozenset({"1"})
    return np.asarray([int(value in words) for value in values], dtype=np.int64)


def _cells(row: list[str]) -> Callable[[int | None], str]:
    """A row's cell by column index ('' for a column it lacks)."""
    return lambda at: row[at] if at is not None and at < len(row) else ""


def read_labelled(path: Path | str, label: str) -> LabelledSet:
    """The file's records with their decisions from the column `label` (`I`, 1, yes, included…
    mean included; anything else excluded). A missing abstract (`NA`) leaves the title alone."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as error:
        raise DumpError(str(path), f"cannot be read ({error.strerror or error})") from error
    delimiter = "\t" if text[: text.find("\n")].count("\t") > text[: text.find("\n")].count(",") else ","
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    if not rows:
        raise DumpError(str(path), "the file is empty")
    header = rows[0]
    label_at = _column(header, (label.casefold(),))
    if label_at is None:
        raise DumpError(str(path), f"no column named {label!r} (the columns are: {', '.join(header)})")
    title_at, abstract_at = _column(header, TITLE_COLUMNS), _column(header, ABSTRACT_COLUMNS)
    if title_at is None and abstract_at is None:
        raise DumpError(
            str(path), f"no title or abstract column (looked for {', '.join(TITLE_COLUMNS + ABSTRACT_COLUMNS)})"
        )
    id_at = _column(header, ID_COLUMNS)
    ids, titles, abstracts, labels = [], [], [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = _cells(row)
        abstract = clean_abstract(cell(abstract_at))
        ids.append(cell(id_at).strip() or f"row {number}")
        titles.append(clean_field(cell(title_at)))
        abstracts.append("" if placeholder_reason(abstract) else abstract)
        labels.append(cell(label_at).strip().casefold())
    result = LabelledSet(path.stem, ids, titles, abstracts, included(labels))
    if not len(result):
        raise DumpError(str(path), "no records under the header")
    return result
