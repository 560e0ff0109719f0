"""CSV and TSV from any tool (Zotero, Scopus, Web of Science, systematic-review sets, translated
datasets): with or without a header, columns mapped by name or, failing that, by content.

Streams: the first rows decide the mapping, then every row is read once."""

from __future__ import annotations

import csv
import itertools
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from desktop.core.ingest.formats.fields import Fields, field_for
from desktop.core.text.cjk import has_cjk

SAMPLE_ROWS = 50
MIN_ABSTRACT_CHARS = 120
MIN_CJK_ABSTRACT_CHARS = 50
MAX_TITLE_CHARS = 400
CSV_FIELD_LIMIT = 10_000_000
# Web of Science gives both AU (short names) and AF (full names): the full names win.
PREFERRED = {"authors": ("af", "authorfullnames", "authors", "author", "au")}


@dataclass
class Mapping:
    """Which column holds which field, and how that was decided (shown in the import report)."""

    columns: dict[str, int] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    has_header: bool = False

    def describe(self) -> str:
        how = "" if self.has_header else " (no header: by content)"
        parts = [f"{name} ← {self._label(index)}" for name, index in self.columns.items()]
        return ", ".join(parts) + how

    def _label(self, index: int) -> str:
        return self.names[index] if self.has_header and index < len(self.names) else f"column {index + 1}"


def sniff_delimiter(head: str) -> str:
    """Tab, comma, semicolon or bar: the one that splits the first lines most consistently."""
    lines = [line for line in head.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for delimiter in ("\t", ",", ";", "|"):
        counts = [line.count(delimiter) for line in lines]
        if not counts[0]:
            continue
        consistent = sum(count == counts[0] for count in counts) / len(counts)
        score = consistent + (0.5 if delimiter == "\t" else 0.0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def header_fields(row: list[str]) -> dict[str, int]:
    """Fields named by a header row (first column wins, except the preferred ones)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = field_for(cell)
        if name and name not in found:
            found[name] = index
    lowered = [cell.strip().casefold().replace(" ", "").replace("(", "").replace(")", "") for cell in row]
    for name, preferences in PREFERRED.items():
        for preference in preferences:
            if preference in lowered:
                found[name] = lowered.index(preference)
                break
    return found


def looks_like_header(row: list[str]) -> bool:
    named = header_fields(row)
    return "abstract" in named or ("title" in named and all(len(cell) < 80 for cell in row))


def map_by_content(rows: list[list[str]]) -> dict[str, int]:
    """The long prose column is the abstract; the most varied shorter one is the title; a
    column with one value in every row is neither."""
    width = max((len(row) for row in rows), default=0)
    lengths = {i: [len(row[i].strip()) for row in rows if i < len(row)] for i in range(width)}
    constant = {i for i in range(width) if len({row[i] for row in rows if i < len(row)}) <= 1 and len(rows) > 1}
    average = {i: statistics.mean(v) if v else 0.0 for i, v in lengths.items() if i not in constant}
    if not average:
        return {}
    abstract = max(average, key=lambda i: average[i])
    sample = next((row[abstract] for row in rows if abstract < len(row)), "")
    if average[abstract] < (MIN_CJK_ABSTRACT_CHARS if has_cjk(sample) else MIN_ABSTRACT_CHARS):
        return {}
    titles = [i for i in average if i != abstract and 5 <= average[i] <= MAX_TITLE_CHARS]
    mapping = {"abstract": abstract}
    if titles:
        mapping["title"] = max(titles, key=lambda i: (len({row[i] for row in rows if i < len(row)}), average[i]))
    return mapping


def read_rows(lines: Iterable[str], delimiter: str) -> Iterator[list[str]]:
    """Rows; in a TSV a quote is text (a field may start with one), in a CSV it quotes fields,
    which may then span lines and hold the delimiter."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    rows = (line + "\n" for line in lines)
    if delimiter == "\t":
        return csv.reader(rows, delimiter=delimiter, quoting=csv.QUOTE_NONE)
    return csv.reader(rows, delimiter=delimiter)


def parse_table(lines: Iterable[str], delimiter: str, mapping: Mapping) -> Iterator[Fields]:
    """Records of a table; fills mapping (from the header, or from the first rows' content)."""
    rows = read_rows(lines, delimiter)
    sample = list(itertools.islice(rows, SAMPLE_ROWS))
    if not sample:
        return
    if looks_like_header(sample[0]):
        mapping.has_header, mapping.names = True, [cell.strip() for cell in sample[0]]
        mapping.columns = header_fields(sample[0])
        sample = sample[1:]
        if "abstract" not in mapping.columns:
            content = map_by_content(sample)
            mapping.columns.update({k: v for k, v in content.items() if k not in mapping.columns})
    else:
        mapping.columns = map_by_content(sample)
    if "abstract" not in mapping.columns:
        return
    for row in itertools.chain(sample, rows):
        if not any(cell.strip() for cell in row):
            continue
        yield {name: row[index] for name, index in mapping.columns.items() if index < len(row)}
