"""Each layout in pdf_layouts (drawn by the test with reportlab) reads to its printed title,
authors in order, abstract (whole, and nothing after it), keywords and identifiers; PDFs that
cannot give a paper are refused one by one with the reason, and the rest of the folder imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from desktop.core.ingest.formats import read_dump
from desktop.core.ingest.pdf.dump import PdfDump, read_pdf
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.library import Library
from desktop.core.models.embedding import HashingEmbedder
from tests.core import pdf_layouts
from tests.core.pdf_layouts import LAYOUTS, Page, write_pdf


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_layout_reads_to_what_it_prints(tmp_path: Path, layout: str) -> None:
    path, expected = LAYOUTS[layout](tmp_path)
    dump = read_dump(path)
    assert isinstance(dump, PdfDump)
    paper = dump.paper
    assert paper.title == expected.title
    assert paper.authors == expected.authors
    assert paper.abstract.startswith(expected.abstract_start), paper.abstract[:120]
    assert paper.abstract.endswith(expected.abstract_end), paper.abstract[-120:]
    for text in expected.not_in_abstract:
        assert text not in paper.abstract
    assert (paper.doi, paper.arxiv_id) == (expected.doi, expected.arxiv_id)
    assert paper.year == expected.year
    assert paper.venue == expected.venue
    assert paper.keywords == expected.keywords
    assert paper.pdf_path == str(path.resolve())


def test_a_submission_preview_stamp_is_no_arxiv_id(tmp_path: Path) -> None:
    path, _ = pdf_layouts.arxiv_preprint(tmp_path, stamp="arXiv:submit/5123456  [cs.LG]  14 Mar 2023")
    paper = read_pdf(path).paper
    assert paper.arxiv_id == "" and paper.venue != "arXiv"


def test_the_printed_title_wins_over_the_metadata(tmp_path: Path) -> None:
    path, expected = pdf_layouts.arxiv_preprint(tmp_path)  # its metadata title lacks the second line
    dump = read_pdf(path)
    assert dump.paper.title == expected.title
    assert any("metadata gives another title" in warning for warning in dump.warnings)


def test_the_metadata_title_stands_in_when_nothing_is_printed_larger(tmp_path: Path) -> None:
    text = pdf_layouts.TEXT["speech"]

    def draw(page: Page) -> None:
        page.text(72, 700, "Abstract", 10)
        page.para(72, 685, 450, text)

    dump = read_pdf(write_pdf(tmp_path / "plain.pdf", [draw], title="Speech in Noise", author="Ann Lee; Bo Chen"))
    assert (dump.paper.title, dump.paper.authors) == ("Speech in Noise", ["Ann Lee", "Bo Chen"])


def refused(tmp_path: Path) -> dict[str, str]:
    """PDFs that hold no paper, each with the words its refusal must name."""
    folder = tmp_path / "bad"
    folder.mkdir()
    pdf_layouts.scanned_without_text(folder)
    good, _ = pdf_layouts.acm_two_column(folder)
    write_pdf(folder / "locked.pdf", [lambda page: page.text(72, 700, "Secret", 20)], encrypt=StandardEncryption("pw"))
    (folder / "truncated.pdf").write_bytes(good.read_bytes()[:900])
    (folder / "garbage.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    write_pdf(folder / "slides.pdf", [lambda page: page.text(72, 700, "Thank you for listening", 30)])
    return {
        "scan.pdf": "no text layer",
        "locked.pdf": "encrypted",
        "truncated.pdf": "damaged PDF",
        "garbage.pdf": "damaged PDF",
        "slides.pdf": "no abstract found",
    }


def test_pdfs_without_a_paper_are_refused_one_by_one_and_the_rest_imports(tmp_path: Path) -> None:
    expected = refused(tmp_path)
    library = Library(tmp_path / "lib")
    try:
        report = run_import(library, HashingEmbedder(), [tmp_path / "bad"])
        by_name = {Path(item.path).name: item for item in report.files}
        for name, reason in expected.items():
            assert reason in by_name[name].error, (name, by_name[name].error)
        assert by_name["acm.pdf"].ok and by_name["acm.pdf"].new == 1 and library.count() == 1
    finally:
        library.close()


def test_an_owner_password_alone_does_not_stop_reading(tmp_path: Path) -> None:
    text = pdf_layouts.TEXT["graph search"]

    def draw(page: Page) -> None:
        page.text(306, 700, "Restricted but Readable", 18, centre=True)
        page.text(72, 650, "Abstract", 12)
        page.para(72, 635, 450, text)

    owner_only = StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0, canModify=0)
    paper = read_pdf(write_pdf(tmp_path / "restricted.pdf", [draw], encrypt=owner_only)).paper
    assert (paper.title, paper.abstract) == ("Restricted but Readable", " ".join(text.split()))
