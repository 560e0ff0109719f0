"""Import as a generator: files → records → dedup → embed (new only) → store, one batch at a time."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from desktop.core.base.errors import AbstractaError, DumpError
from desktop.core.base.jobs import drive
from desktop.core.ingest.formats import DumpReader, read_dump
from desktop.core.ingest.formats.not_listings import NotAListing
from desktop.core.ingest.import_report import FileReport, ImportReport
from desktop.core.ingest.pdf.dump import PdfDump, is_pdf
from desktop.core.ingest.pdf.prefetch import PdfPrefetcher
from desktop.core.ingest.source_names import SourceNames
from desktop.core.ingest.zotero import ZoteroDump
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import Embedder

BATCH_SIZE = 256
FIRST_BATCH = 16
UNFINISHED_KEY = "unfinished_import"


@dataclass
class Progress:
    """One step of an import, for a progress bar: data only, no widgets."""

    file: str
    phase: str
    done_bytes: int
    total_bytes: int
    papers_seen: int
    papers_new: int
    elapsed_s: float
    file_number: int = 1  # the file being read, of file_count (papers_seen counts over all of them)
    file_count: int = 1

    @property
    def fraction(self) -> float:
        return min(1.0, self.done_bytes / self.total_bytes) if self.total_bytes else 0.0

    @property
    def papers_per_s(self) -> float:
        return self.papers_seen / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        if self.fraction <= 0.02 or self.elapsed_s < 0.5:
            return None
        return self.elapsed_s * (1 - self.fraction) / self.fraction


def expand_paths(paths: Iterable[str | os.PathLike[str]], problems: list[FileReport]) -> list[Path]:
    """Files given, and files inside folders given (recursively, symlink loops cut, hidden skipped)."""
    files: list[Path] = []
    seen_dirs: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            _walk(path, files, seen_dirs, problems)
        elif path.exists():
            files.append(path)
        else:
            problems.append(FileReport(str(path), error="no such file or folder"))
    return files


def _walk(folder: Path, files: list[Path], seen: set[str], problems: list[FileReport]) -> None:
    real = os.path.realpath(folder)
    if real in seen:
        problems.append(FileReport(str(folder), error="a folder link that loops back; skipped"))
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        problems.append(FileReport(str(folder), error=f"cannot be listed ({error.strerror})"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir():
            _walk(path, files, seen, problems)
        elif entry.is_file():
            files.append(path)


def _batches(records: Iterator[Paper], size: int) -> Iterator[list[Paper]]:
    """Batches of up to size records; the first ones are small (16, 32, 64…), so that progress and
    its estimate show within the first second rather than after a whole batch is embedded."""
    batch: list[Paper] = []
    limit = min(size, FIRST_BATCH)
    for record in records:
        batch.append(record)
        if len(batch) >= limit:
            yield batch
            batch = []
            limit = min(size, limit * 2)
    if batch:
        yield batch


@dataclass
class _Tally:
    total_bytes: int
    started: float = field(default_factory=time.perf_counter)
    done_bytes: int = 0
    seen: int = 0
    added: int = 0
    file_number: int = 0
    file_count: int = 0

    def progress(self, name: str, phase: str, current_bytes: int = 0) -> Progress:
        return Progress(
            name,
            phase,
            self.done_bytes + current_bytes,
            self.total_bytes,
            self.seen,
            self.added,
            time.perf_counter() - self.started,
            self.file_number,
            self.file_count,
        )


def import_paths(
    library: Library,
    embedder: Embedder,
    paths: Iterable[str | os.PathLike[str]],
    batch_size: int = BATCH_SIZE,
    cancel: threading.Event | None = None,
) -> Generator[Progress, None, ImportReport]:
    """Yields Progress after every batch. Setting cancel stops at the next batch boundary (each
    batch is atomic) and still returns the report; close() also stops it, without a report.
    Runs on any thread but the library's writer (whose writes it waits for)."""
    report = ImportReport()
    files = expand_paths(paths, report.files)
    sizes = {path: _size(path) for path in files}
    tally = _Tally(sum(sizes.values()), file_count=len(files))
    _remember_unfinished(library, files, add=True)
    names = SourceNames(library)
    prefetch = PdfPrefetcher.for_import([(path, names.name_for(path)) for path in files if is_pdf(path)])
    try:
        for number, path in enumerate(files, 1):
            tally.file_number = number
            file_report = FileReport(str(path))
            report.files.append(file_report)
            try:
                if prefetch is not None and path in prefetch:
                    reader: DumpReader | PdfDump | ZoteroDump = prefetch.read(path)
                else:
                    reader = read_dump(path, names.name_for(path))
            except NotAListing as error:
                file_report.set_aside = error.reason
                tally.done_bytes += sizes[path]
                continue
            except DumpError as error:
                file_report.error = error.reason
                tally.done_bytes += sizes[path]
                continue
            file_report.source = reader.source
            names.save()
            file_report.format, file_report.format_name, file_report.encoding = (
                reader.format,
                reader.format_name,
                reader.encoding,
            )
            yield tally.progress(path.name, "reading")
            try:
                for batch in _batches(reader.records(), batch_size):
                    _store_batch(library, embedder, batch, file_report, tally)
                    yield tally.progress(path.name, "embedding", min(reader.bytes_read, sizes[path]))
                    if cancel is not None and cancel.is_set():
                        report.cancelled = True
                        break
            except AbstractaError as error:
                file_report.error = str(error)
            except (OSError, ValueError) as error:
                file_report.error = f"reading stopped: {error}"
            file_report.warnings = list(reader.warnings)
            file_report.mapping = reader.mapping
            file_report.skipped = dict(reader.skipped)
            papers_read = file_report.records
            file_report.records += sum(reader.skipped.values())  # records in the file, skipped ones too
            if papers_read == 0 and not file_report.error and not report.cancelled:
                file_report.error = "no paper records found in it" + _skipped_note(file_report.skipped)
            tally.done_bytes += sizes[path]
            if report.cancelled:
                break
            yield tally.progress(path.name, "done")
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                break
    except GeneratorExit:
        report.cancelled = True
        raise
    finally:
        report.elapsed_s = time.perf_counter() - tally.started
        if prefetch is not None:
            prefetch.close()
    if not report.cancelled:
        _remember_unfinished(library, files, add=False)
    return report


def unfinished_import(library: Library) -> list[str]:
    """The files of an import that was stopped or killed before its end (resume_import finishes it)."""
    return _file_list(library.meta(UNFINISHED_KEY))


def _file_list(stored: str | None) -> list[str]:
    try:
        files = json.loads(stored or "[]")
    except json.JSONDecodeError:
        return []
    return [str(file) for file in files] if isinstance(files, list) else []


def resume_import(
    library: Library, embedder: Embedder, cancel: threading.Event | None = None
) -> Generator[Progress, None, ImportReport]:
    """Imports the unfinished files again: what was stored is recognised by its content hash before
    embedding (nothing is embedded or stored twice); the rest is imported."""
    return (yield from import_paths(library, embedder, unfinished_import(library), cancel=cancel))


def _remember_unfinished(library: Library, files: list[Path], add: bool) -> None:
    if library.read_only or not files:
        return
    names = [str(path.resolve()) for path in files]

    def change(stored: str | None) -> str:
        current = _file_list(stored)
        updated = list(dict.fromkeys(current + names)) if add else [name for name in current if name not in names]
        return json.dumps(updated, ensure_ascii=False)

    library.update_meta(UNFINISHED_KEY, change)


def _store_batch(library: Library, embedder: Embedder, batch: list[Paper], report: FileReport, tally: _Tally) -> None:
    """Embeds the papers the library does not know yet (outside the writer), then hands the batch
    to the library's writer, which adds the new ones and merges the known ones."""
    report.records += len(batch)
    tally.seen += len(batch)
    library.check_embedder(embedder.name, record=True)
    known = library.known_ids([paper.id for paper in batch])
    revisable = any(paper.revisable for paper in batch)  # a Zotero item may bring new tags or notes
    if not revisable and len(known) == len({paper.id for paper in batch}) and library.all_from_source(batch):
        report.duplicates += len(batch)  # a re-import: nothing to add or merge
        return
    matched = library.match_batch(batch)  # once: the writer reuses it unless a write came between
    fresh = [paper for paper, match in zip(batch, matched.matches, strict=True) if match.new or match.fuller]
    vectors = embedder.embed([embedding_text(p) for p in fresh]) if fresh else np.zeros((0, 0), dtype=np.float32)
    embedded = {paper.id: vector for paper, vector in zip(fresh, vectors, strict=True)}
    outcome = library.add_batch(batch, embedded, matched)
    added = len(outcome.new) - outcome.replaced  # a fuller copy in a cut-short one's place is no new paper
    report.new += added
    report.duplicates += len(batch) - added
    report.near_duplicates += outcome.near_duplicates
    tally.added += added


def _skipped_note(skipped: dict[str, int]) -> str:
    if not skipped:
        return ""
    return " (skipped: " + "; ".join(f"{count} × {reason}" for reason, count in skipped.items()) + ")"


def embedding_text(paper: Paper) -> str:
    return f"{paper.title}. {paper.abstract}" if paper.title else paper.abstract


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def run_import(library: Library, embedder: Embedder, paths: Iterable[str | os.PathLike[str]]) -> ImportReport:
    """Runs import_paths to its end and returns its report."""
    return drive(import_paths(library, embedder, paths))
