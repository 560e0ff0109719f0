"""PDFs through the import: read ahead in worker processes (the same papers as read in process),
progress per file, cancel and resume like any import; a PDF whose paper is in a listing merges
with it by identifier or title and brings its path; schema version 5 keeps the path."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from desktop.core.base.jobs import drive
from desktop.core.ingest.pdf import prefetch
from desktop.core.ingest.pdf.dump import read_pdf
from desktop.core.ingest.pipeline import Progress, import_paths, resume_import, run_import, unfinished_import
from desktop.core.ingest.watch import FolderWatcher, import_watched
from desktop.core.library import schema
from desktop.core.library.library import Library
from desktop.core.library.store import PaperStore
from desktop.core.models.embedding import HashingEmbedder
from tests.core import pdf_layouts
from tests.core.helpers import write
from tests.core.test_pdf_layouts import refused


@pytest.fixture
def library(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = Library(tmp_path / "lib")
    yield opened
    opened.close()


def folder_of_layouts(tmp_path: Path) -> Path:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for name in ("ACM two-column", "IEEE journal", "Elsevier article info", "Springer LNCS", "arxiv preprint"):
        pdf_layouts.LAYOUTS[name](folder)
    return folder


def test_pdfs_read_ahead_in_workers_give_the_same_papers(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_of_layouts(tmp_path)
    refused(tmp_path)  # five PDFs that hold no paper, in tmp_path/bad
    monkeypatch.setattr(prefetch, "available_cores", lambda: 2)
    started: list[int] = []
    real_init = prefetch.PdfPrefetcher.__init__

    def counting_init(self: prefetch.PdfPrefetcher, *args: object, **kwargs: object) -> None:
        started.append(1)
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(prefetch.PdfPrefetcher, "__init__", counting_init)
    report = run_import(library, HashingEmbedder(), [folder, tmp_path / "bad"])
    assert started == [1]  # the workers did read them
    stored = {paper.pdf_path: paper for paper in library.get_many(library.all_ids()).values()}
    for path in sorted(folder.iterdir()):
        paper, alone = stored[str(path.resolve())].to_dict(), read_pdf(path, "pdfs (PDFs)").paper.to_dict()
        assert paper.pop("sources")[0] == alone.pop("sources")[0] == "pdfs (PDFs)" and paper == alone
    errors = {Path(item.path).name: item.error for item in report.files if item.error}
    assert set(errors) == {"scan.pdf", "locked.pdf", "truncated.pdf", "garbage.pdf", "slides.pdf"}
    assert "encrypted" in errors["locked.pdf"] and "no text layer" in errors["scan.pdf"]


def test_progress_per_pdf_cancel_and_resume(tmp_path: Path, library: Library) -> None:
    folder = folder_of_layouts(tmp_path)
    cancel = threading.Event()
    job = import_paths(library, HashingEmbedder(), [folder], cancel=cancel)
    seen: list[Progress] = []
    for progress in job:
        seen.append(progress)
        if progress.phase == "done" and len({p.file for p in seen if p.phase == "done"}) == 2:
            cancel.set()
    assert [p.file for p in seen if p.phase == "done"] == sorted(p.name for p in folder.iterdir())[:2]
    assert library.count() == 2 and len(unfinished_import(library)) == 5
    report = drive(resume_import(library, HashingEmbedder()))
    assert (report.new, report.duplicates, library.count()) == (3, 2, 5) and unfinished_import(library) == []


def test_a_pdf_merges_with_its_listing_by_arxiv_id_and_by_title(tmp_path: Path, library: Library) -> None:
    pdf, expected = pdf_layouts.arxiv_preprint(tmp_path)
    acm, acm_expected = pdf_layouts.acm_two_column(tmp_path)
    listing = [
        {"title": "Learning to search graphs", "abstract": "A shorter listing text about searching graphs " * 8,
         "arxiv_id": "2301.01234", "url": "https://arxiv.org/abs/2301.01234"},
        {"title": acm_expected.title, "abstract": read_pdf(acm).paper.abstract.replace("tactile", "touch", 1)},
    ]  # fmt: skip
    dump = write(tmp_path / "listing.json", json.dumps(listing))
    run_import(library, HashingEmbedder(), [dump])
    report = run_import(library, HashingEmbedder(), [pdf, acm])
    assert report.new == 0 and library.count() == 2
    papers = {paper.title.casefold(): paper for paper in library.get_many(library.all_ids()).values()}
    arxiv = papers["learning to search graphs"]
    assert arxiv.pdf_path == str(pdf.resolve()) and arxiv.sources == ["listing.json", f"{tmp_path.name} (PDFs)"]
    assert arxiv.authors == expected.authors  # the PDF brings what the listing lacked
    assert papers[acm_expected.title.casefold()].pdf_path == str(acm.resolve())


def test_version_4_library_gains_the_pdf_path_column(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with sqlite3.connect(path) as db:
        for step in schema.MIGRATIONS[:4]:
            step(db)
        db.execute("PRAGMA user_version = 4")
    store = PaperStore(path)
    store.close()
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(papers)")}
        assert "pdf_path" in columns and db.execute("PRAGMA user_version").fetchone()[0] == schema.latest_version()


def test_a_watched_downloads_folder_imports_the_pdfs_that_arrive(tmp_path: Path, library: Library) -> None:
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    pdf, expected = pdf_layouts.acm_two_column(downloads)
    old = time.time() - 60
    os.utime(pdf, (old, old))  # settled: not being written any more
    report = drive(import_watched(FolderWatcher(library, [downloads]), HashingEmbedder()))
    assert report is not None and report.new == 1
    assert [paper.title for paper in library.get_many(library.all_ids()).values()] == [expected.title]
