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

PDFS = Path(__file__).resolve().parents[3] / "shared" / "realworld" / "pdf"


def read(name: str) -> Paper:
    if not PDFS.is_dir():
        pytest.fail(f"the real PDFs are missing: expected {PDFS} (../shared beside the repo)")
    dump = read_dump(PDFS / name)
    assert isinstance(dump, PdfDump)
    return dump.paper


def starts_with(text: str, words: str) -> bool:
    return " ".join(text.split()).startswith(words)


def test_acm_two_column_paper() -> None:
    paper = read("webassembly-pldi2017.pdf")
    assert paper.title == "Bringing the Web up to Speed with WebAssembly"
    assert paper.authors == [
        "Andreas Haas",
        "Andreas Rossberg",
        "Derek L. Schuff",
        "Ben L. Titzer",
        "Michael Holman",
        "Dan Gohman",
        "Luke Wagner",
        "Alon Zakai",
        "JF Bastien",
    ]
    assert starts_with(paper.abstract, "The maturation of the Web platform has given rise to sophisticated and")
    # the abstract ends before "CCS Concepts"; the right column is not mixed in
    assert paper.abstract.endswith("preliminary experience with implementations.")
    assert "JavaScript is the only" not in paper.abstract
    assert (paper.doi, paper.arxiv_id, paper.year) == ("10.1145/3062341.3062363", "", 2017)
    assert paper.venue == "PLDI ’17"


def test_arxiv_preprint_takes_the_margin_stamp_and_not_the_metadata_doi() -> None:
    paper = read("dola-t5-arxiv.pdf")
    assert paper.title == "Enhancing Instruction-Following Capabilities in Seq2Seq Models: DoLa Adaptations for T5"
    assert paper.authors == ["Huey Sun", "Anabel Yong", "Lorenzo Gilly", "Felipe Jin"]
    assert starts_with(
        paper.abstract, "Encoder–decoder models such as FLAN-T5 are finetuned to follow instructions, but often"
    )
    assert paper.arxiv_id == "2512.03803" and paper.year == 2025
    assert paper.doi == ""  # 10.48550/arXiv.2512.03803 is in the metadata only, not printed


def test_plos_draft_with_line_numbers_and_an_author_summary() -> None:
    paper = read("good-enough-practices-plos.pdf")
    assert paper.title == "Good Enough Practices in Scientific Computing"
    assert paper.authors == [
        "Greg Wilson",
        "Jennifer Bryan",
        "Karen Cranston",
        "Justin Kitzes",
        "Lex Nederbragt",
        "Tracy K. Teal",
    ]
    assert starts_with(paper.abstract, "We present a set of computing tools and techniques that every researcher")
    assert "Computers are now essential" not in paper.abstract  # the Author Summary is not the abstract
    assert paper.abstract.endswith("research computing.")
    assert (paper.doi, paper.arxiv_id, paper.year) == ("", "", None)


def test_aastex_preprint() -> None:
    paper = read("kepler-velocities-aastex.pdf")
    assert paper.title == "The 3D Galactocentric velocities of Kepler stars: marginalizing over missing RVs"
    assert paper.authors == [
        "Ruth Angus",
        "Adrian M. Price-Whelan",
        "Joel C. Zinn",
        "Megan Bedell",
        "Yuxi (Lucy) Lu",
        "Daniel Foreman-Mackey",
    ]
    assert starts_with(
        paper.abstract, "Precise Gaia measurements of positions, parallaxes, and proper motions provide an opportunity"
    )
    assert "Keywords" not in paper.abstract and "Milky Way Dynamics" in paper.keywords
    assert (paper.doi, paper.arxiv_id, paper.date_iso) == ("", "", "2022-05-18")


def test_chinese_paper_keeps_both_abstracts_without_tripled_bold_glyphs() -> None:
    paper = read("cltc2022-overview-zh.pdf")
    assert paper.title == "Overview of CLTC 2022 Shared Task: Chinese Learner Text Correction"
    assert len(paper.authors) == 16 and paper.authors[:2] == ["Yingying Wang", "Cunliang Kong"]
    assert paper.authors[-1] == "Maosong Sun"
    chinese, english = paper.abstract.split("\n\n")
    assert chinese.startswith(
        "汉语学习者文本纠错（Chinese Learner Text Correction）评测比赛，是第21届中国计算语言学大会附属的第3个技术评测。"
    )
    assert starts_with(english, "Chinese Learner Text Correction (CLTC) is the third shared task attached to")
    assert "汉汉" not in paper.abstract and "学习者文本" in paper.keywords and "关键词" not in paper.abstract
    assert (paper.doi, paper.arxiv_id, paper.year) == ("", "", 2022)


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
