"""What an import did, per file and in all: data for the CLI, the report dialog and --json."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass
class FileReport:
    """One file's import: its format and column mapping, records read, new papers, duplicates
    (near-duplicates merged among them), records skipped by reason, and any error."""

    path: str
    format: str = ""
    format_name: str = ""
    encoding: str = ""
    mapping: str = ""
    records: int = 0
    new: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    source: str = ""  # the dump its papers are listed under (a short path when the name is taken)
    set_aside: str = ""  # why a file is not a paper listing (a README, a licence): no failure

    @property
    def ok(self) -> bool:
        return not self.error

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.path,
            "format": self.format,
            "format_name": self.format_name,
            "encoding": self.encoding,
            "mapping": self.mapping,
            "records": self.records,
            "new": self.new,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "skipped": self.skipped,
            "error": self.error,
            "warnings": self.warnings,
            "source": self.source,
            "not_a_listing": self.set_aside,
        }


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    cancelled: bool = False
    elapsed_s: float = 0.0

    @property
    def new(self) -> int:
        return sum(report.new for report in self.files)

    @property
    def duplicates(self) -> int:
        return sum(report.duplicates for report in self.files)

    @property
    def failed(self) -> list[FileReport]:
        return [report for report in self.files if not report.ok]

    @property
    def set_aside(self) -> list[FileReport]:
        """Files that are not paper listings (READMEs, licences, Markdown notes)."""
        return [report for report in self.files if report.set_aside]

    def to_dict(self) -> dict[str, object]:
        return {
            "files": [report.to_dict() for report in self.files],
            "new": self.new,
            "duplicates": self.duplicates,
            "failed": len(self.failed),
            "not_listings": len(self.set_aside),
            "cancelled": self.cancelled,
            "elapsed_s": round(self.elapsed_s, 3),
        }


def describe(item: FileReport) -> list[str]:
    """A file's report as lines of plain text: format, mapping, counts, skipped records by reason."""
    if not item.ok:
        return [f"failed: {item.error}"]
    if item.set_aside:
        return [item.set_aside]
    encoding = f" ({item.encoding})" if item.encoding and item.encoding.lower() not in ("utf-8", "ascii") else ""
    lines = [f"{item.format_name or item.format}{encoding}"]
    if item.source and item.source != os.path.basename(item.path):
        lines.append(f"listed as {item.source}")
    if item.mapping:
        lines.append(item.mapping)
    counts = f"{item.records} records · {item.new} new · {item.duplicates} duplicates"
    if item.near_duplicates:
        counts += f" ({item.near_duplicates} near-duplicates merged)"
    lines.append(counts)
    if item.skipped:
        reasons = "; ".join(f"{reason} ×{count}" for reason, count in sorted(item.skipped.items(), key=lambda r: -r[1]))
        lines.append(f"skipped {sum(item.skipped.values())}: {reasons}")
    lines.extend(f"warning: {warning}" for warning in item.warnings)
    return lines
