"""The real third-party exports in ../shared/realworld import to what its README says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.ingest.import_report import FileReport
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import HashingEmbedder
from tests.core.helpers import hashing_cli

REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld"


@pytest.fixture
def realworld() -> Path:
    if not REALWORLD.is_dir():
        pytest.fail(f"the real-world exports are missing: expected {REALWORLD} (../shared beside the repo)")
    return REALWORLD


@pytest.fixture
def imported(tmp_path: Path, realworld: Path) -> Iterator[object]:
    libraries: list[Library] = []

    def run(name: str) -> tuple[FileReport, list[Paper]]:
        library = Library(tmp_path / name)
        libraries.append(library)
        report = run_import(library, HashingEmbedder(), [realworld / name]).files[0]
        assert report.ok, report.error
        return report, list(library.get_many(library.all_ids()).values())

    yield run
    for library in libraries:
        library.close()


def test_arxiv_snapshot(imported) -> None:  # type: ignore[no-untyped-def]
    report, papers = imported("arxiv_snapshot_sample.jsonl")
    # 200 records; one abstract appears twice; one is only a withdrawal notice, skipped and named
    assert (report.records, report.duplicates) == (200, 1)
    assert report.skipped == {"a withdrawal notice, not an abstract": 1} and len(papers) == 198
    first = next(p for p in papers if p.arxiv_id == "0704.0001")
    assert first.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert "\n" not in first.abstract and first.abstract.startswith("A fully differential calculation")
    assert first.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"]
    assert (first.doi, first.categories, first.date_iso) == ("10.1103/physrevd.76.013009", "hep-ph", "2008-11-26")
    assert sum(bool(p.doi) for p in papers) == 116 and not any("\\'" in " ".join(p.authors) for p in papers)
    duplicated = next(p for p in papers if p.abstract.startswith("Zero-divisors (ZDs) derived by Cayley-Dickson"))
    assert len(duplicated.identifiers()) == 2  # both arXiv ids are kept


def test_systematic_review_csv(imported) -> None:  # type: ignore[no-untyped-def]
    report, papers = imported("cohen_antihistamines.csv")
    assert report.records == 310 and report.skipped == {"no abstract (“NA”)": 23}
    assert len(papers) == 286 and report.near_duplicates == 1
    assert "abstract ← abstracts" in report.mapping and "title ← title" in report.mapping
    merged = next(p for p in papers if p.title.startswith("Cetirizine inhibits bradykinin-induced"))
    assert {merged.pmid, *merged.aliases} == {"10782524", "pmid:11003455"}
    names = [name for paper in papers for name in paper.authors]
    assert "Bérille, J" in names and "Rodríguez, L A" in names
    assert not any("\u4e00" <= char <= "\u9fff" for name in names for char in name)


def test_chinese_tsv_without_a_header(imported) -> None:  # type: ignore[no-untyped-def]
    report, papers = imported("csl_ts_dev.tsv")
    assert len(papers) == 1000 and report.mapping == "abstract ← column 2, title ← column 3 (no header: by content)"
    paper = next(p for p in papers if p.title == "一种基于平方和优化的飞行器大角度机动镇定控制器设计方法")
    assert paper.abstract.startswith("采用修正的Rodrigues参数(MRP)") and "to title" not in paper.abstract
    quoted = next(p for p in papers if p.title == '"外部性"问题与"科斯定理"的伦理追问')
    assert quoted.abstract.startswith('"外部性"是新制度经济学理论')  # a field starting with a quote keeps it
    assert any("<公共管理学报>" in p.abstract for p in papers)  # brackets that are not HTML stay


def test_labelled_text_blocks(imported) -> None:  # type: ignore[no-untyped-def]
    report, papers = imported("hf_daily_metadata.txt")
    assert len(papers) == 50 and report.format == "labelled-blocks"
    first = next(p for p in papers if p.title.startswith("From Commands to Prompts"))
    assert first.title == "From Commands to Prompts: LLM-based Semantic File System for AIOS"
    assert first.url == "https://arxiv.org/pdf/2410.11843" and first.abstract.startswith("Large language models (LLMs)")
    assert not any(p.title.startswith("Title:") or p.abstract.startswith(("Summary:", "PDF:")) for p in papers)


def test_json_feed(imported) -> None:  # type: ignore[no-untyped-def]
    _, papers = imported("hf_papers_feed.json")
    assert len(papers) == 59
    first = next(p for p in papers if p.title.startswith("AgentDoG 1.5"))
    assert first.abstract.startswith("Modern open-world agents such as OpenClaw")
    assert first.machine_summary.startswith("A lightweight and scalable agent safety alignment framework")
    assert "AI-generated summary" not in first.abstract and first.machine_summary not in first.abstract
    assert (first.url, first.date_iso) == ("https://huggingface.co/papers/2605.29801", "2026-05-29")
    assert sum(bool(p.machine_summary) for p in papers) == 58
    unlabelled = next(p for p in papers if not p.machine_summary)
    assert unlabelled.abstract.startswith("Discrete diffusion models")  # its 'Abstract' label dropped


def test_cli_search_json_carries_authors_and_identifiers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop import cli

    library = hashing_cli(tmp_path, monkeypatch)
    assert cli.main(["import", str(REALWORLD / "arxiv_snapshot_sample.jsonl"), *library]) == 0
    capsys.readouterr()
    assert cli.main(["search", "Balázs", "--mode", "keyword", "--json", *library]) == 0
    hits = json.loads(capsys.readouterr().out)
    first = next(hit for hit in hits if hit["arxiv_id"] == "0704.0001")
    assert first["authors"] == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"]
    assert first["doi"] == "10.1103/physrevd.76.013009" and first["url"] == "https://arxiv.org/abs/0704.0001"
    assert cli.main(["search", "diphoton", "--author", "Nadolsky", "--json", *library]) == 0
    assert {hit["arxiv_id"] for hit in json.loads(capsys.readouterr().out)} == {"0704.0001"}
