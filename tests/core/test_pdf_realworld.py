"""The real PDFs in ../shared/realworld/pdf import to what its README gives: title, authors in
printed order, the abstract's first words, and the identifiers printed (and none that is not)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.ingest.formats import read_dump
from desktop.core.ingest.pdf.dump import PdfDump
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import HashingEmbedder
from tests.core.realworld_pdfs import PDFS, TRUTH


def read(name: str) -> Paper:
    if not PDFS.is_dir():
        pytest.fail(f"the real PDFs are missing: expected {PDFS} (../shared beside the repo)")
    dump = read_dump(PDFS / name)
    assert isinstance(dump, PdfDump)
    return dump.paper


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_each_shared_pdf_reads_to_its_ground_truth(name: str) -> None:
    title, authors, start, doi, arxiv_id, year = TRUTH[name]
    paper = read(name)
    assert (paper.title, paper.authors) == (title, authors)
    assert " ".join(paper.abstract.split()).startswith(start)
    assert (paper.doi, paper.arxiv_id, paper.year) == (doi, arxiv_id, year)


def test_acm_abstract_stops_before_ccs_concepts_and_keeps_out_the_right_column() -> None:
    paper = read("webassembly-pldi2017.pdf")
    assert paper.abstract.endswith("preliminary experience with implementations.")
    assert "JavaScript is the only" not in paper.abstract and paper.venue == "PLDI ’17"


def test_arxiv_id_from_the_margin_stamp_not_the_metadata_doi() -> None:
    paper = read("dola-t5-arxiv.pdf")
    assert paper.arxiv_id == "2512.03803" and paper.doi == ""  # the DOI is in the metadata only
    assert paper.date_iso == "2025-12-12" and paper.venue == "arXiv"


def test_plos_author_summary_is_not_the_abstract() -> None:
    paper = read("good-enough-practices-plos.pdf")
    assert "Computers are now essential" not in paper.abstract
    assert paper.abstract.endswith("research computing.")


def test_aastex_keywords_and_draft_date() -> None:
    paper = read("kepler-velocities-aastex.pdf")
    assert "Keywords" not in paper.abstract and "Milky Way Dynamics" in paper.keywords
    assert paper.date_iso == "2022-05-18"


def test_chinese_paper_keeps_both_abstracts_without_tripled_bold_glyphs() -> None:
    paper = read("cltc2022-overview-zh.pdf")
    chinese, english = paper.abstract.split("\n\n")
    assert chinese.startswith(
        "汉语学习者文本纠错（Chinese Learner Text Correction）评测比赛，是第21届中国计算语言学大会附属的第3个技术评测。"
    )
    assert english.startswith("Chinese Learner Text Correction (CLTC) is the third shared task attached to")
    assert "汉汉" not in paper.abstract and "学习者文本" in paper.keywords and "关键词" not in paper.abstract


def test_the_shared_pdfs_import_with_their_paths(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib")
    try:
        report = run_import(library, HashingEmbedder(), [PDFS])
        pdfs = [item for item in report.files if item.path.endswith(".pdf")]
        assert [item.new for item in pdfs] == [1] * 5 and not report.failed
        assert [item.path for item in report.set_aside] == [str(PDFS / "README.md")]
        papers = library.get_many(library.all_ids()).values()
        assert sorted(Path(paper.pdf_path).name for paper in papers) == sorted(p.name for p in PDFS.glob("*.pdf"))
        assert {source for paper in papers for source in paper.sources} == {"pdf (PDFs)"}
        again = run_import(library, HashingEmbedder(), [PDFS])
        assert again.new == 0 and library.count() == 5
    finally:
        library.close()
