"""PDFs read ahead in worker processes while the import stores and embeds the ones before them.

pdfminer.six is pure Python: one PDF keeps one core busy for a tenth to half a second, so a folder
of PDFs reads about as many times faster as there are cores. Workers are spawned (not forked: the
app has threads) once per import, only for several PDFs, and never inside a frozen bundle."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from desktop.core.base.config import available_cores
from desktop.core.base.errors import DumpError
from desktop.core.ingest.pdf.dump import PdfDump, read_pdf

MIN_PDFS = 8  # fewer are read in the import's own thread: starting workers costs about a second
AHEAD_PER_WORKER = 2
Outcome = tuple[PdfDump | None, str]  # the dump, or why there is none


def _read(path: str, source: str) -> Outcome:
    try:
        return read_pdf(path, source), ""
    except DumpError as error:  # sent back as its reason: the exception itself does not pickle
        return None, error.reason


class PdfPrefetcher:
    """Reads the given PDFs in order, a few ahead of the one asked for."""

    def __init__(self, pdfs: Iterable[tuple[Path, str]], workers: int) -> None:
        self._queue = list(pdfs)
        self._next = 0
        self._futures: dict[Path, Future[Outcome]] = {}
        self._ahead = workers * AHEAD_PER_WORKER
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        self._fill()

    @classmethod
    def for_import(cls, pdfs: list[tuple[Path, str]]) -> PdfPrefetcher | None:
        """A prefetcher when it pays (several PDFs, several cores, not a frozen bundle), else None."""
        workers = min(available_cores(), len(pdfs))
        if len(pdfs) < MIN_PDFS or workers < 2 or getattr(sys, "frozen", False):
            return None
        return cls(pdfs, workers)

    def _fill(self) -> None:
        while self._next < len(self._queue) and len(self._futures) < self._ahead:
            path, source = self._queue[self._next]
            self._futures[path] = self._pool.submit(_read, str(path), source)
            self._next += 1

    def __contains__(self, path: Path) -> bool:
        return path in self._futures or any(path == queued for queued, _ in self._queue[self._next :])

    def read(self, path: Path) -> PdfDump:
        """The PDF's dump (waiting for it); DumpError with its reason when it has no paper."""
        future = self._futures.pop(path, None)
        if future is None:  # asked out of order: read it here
            source = next((name for queued, name in self._queue if queued == path), "")
            self._queue[self._next :] = [item for item in self._queue[self._next :] if item[0] != path]
            return read_pdf(path, source or None)
        try:
            dump, reason = future.result()
        except BrokenProcessPool:  # a worker died (or could not start): read the rest here
            self.close()
            self._futures.clear()
            self._next = len(self._queue)
            return read_pdf(path, next((name for queued, name in self._queue if queued == path), None))
        self._fill()
        if dump is None:
            raise DumpError(str(path), reason)
        return dump

    def close(self) -> None:
        """Stops reading ahead: queued PDFs are dropped, workers end after their current one."""
        self._pool.shutdown(wait=False, cancel_futures=True)
