"""Parsing: the four seed formats, structured formats, encodings and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.base.errors import DumpError
from desktop.core.ingest.formats import read_dump
from desktop.core.ingest.formats.detect import detect_format
from desktop.core.library.records import MAX_RECORD_CHARS, content_hash, iso_date
from tests.core.helpers import abstract, write

SEED_COUNTS = {"000": 11, "001": 353, "002": 79, "003": 10, "004": 43}
SEED_FORMATS = {
    "000": "one-abstract-per-line",
    "001": "trending-list",
    "002": "daily-papers",
    "003": "translated-list",
    "004": "daily-papers",
}


def test_seed_counts_formats_and_unique_papers(seeds: Path) -> None:
    ids: set[str] = set()
    total = 0
    for path in sorted(seeds.iterdir()):
        reader = read_dump(path)
        records = list(reader.records())
        assert reader.format == SEED_FORMATS[path.name[:3]], path.name
        assert len(records) == SEED_COUNTS[path.name[:3]], path.name
        assert reader.warnings == []
        total += len(records)
        ids.update(paper.id for paper in records)
    assert (total, len(ids)) == (496, 488)


def test_daily_papers_keep_meta_block(seeds: Path) -> None:
    papers = {p.title: p for p in read_dump(seeds / "002_b3fdec88ca9784c1.txt").records()}
    proto = papers["Proto-Value Networks: Scaling Representation Learning with Auxiliary Tasks"]
    assert (proto.authors_text, proto.date_written, proto.date_iso) == ("7 authors", "Apr 25, 2023", "2023-04-25")
    stop = papers["Stop Regressing: Training Value Functions via Classification for Scalable Deep RL"]
    assert (stop.date_written, stop.upvotes) == ("Mar 6, 2024", 1)
    assert "Daily Papers" not in papers and "Oct 31" not in papers
    assert (
        papers["Learning from Suboptimal Data in Continuous Control via Auto-Regressive Soft Q-Network"].date_iso == ""
    )


def test_organisation_meta_and_repeated_name(seeds: Path) -> None:
    papers = list(read_dump(seeds / "004_20340ff6a33a1619.txt").records())
    assert any(p.authors == ["Lossfunk"] for p in papers)


def test_trending_glued_subscribe_header_is_removed(seeds: Path) -> None:
    first = next(read_dump(seeds / "001_081b339fd5401ceb.txt").records())
    assert first.title == "Mastering Atari, Go, Chess and Shogi by Planning with a Learned Model"


def test_one_per_line_has_derived_title(seeds: Path) -> None:
    first = next(read_dump(seeds / "000_440a911f034ba249.txt").records())
    assert first.title == "" and first.title_is_derived
    assert first.display_title.startswith("Widely used alignment techniques") and first.display_title.endswith("…")


def test_translated_listing_records_language(seeds: Path) -> None:
    papers = list(read_dump(seeds / "003_99d6acf49d48edc2.txt").records())
    assert {p.lang for p in papers} == {"zh", "en"}
    assert not any("translated by" in p.abstract for p in papers)


def test_dedup_key_normalises_case_width_and_space() -> None:
    assert content_hash("Deep  Learning\nWORKS") == content_hash("deep learning works")
    assert content_hash("ＡＢＣ test") == content_hash("abc test")
    assert content_hash("a b") != content_hash("a c")


def test_dates() -> None:
    assert iso_date("Oct 9, 2023") == "2023-10-09"
    assert iso_date("Jan 31") == ""
    assert iso_date("2021-05-04") == "2021-05-04"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    text = "深度学习模型的评估方法研究。" * 20 + "\n" + abstract("evaluation") + "\n"
    reader = read_dump(write(tmp_path / "d.txt", text, encoding))
    papers = list(reader.records())
    assert len(papers) == 2 and papers[0].lang == "zh" and papers[0].abstract.startswith("深度学习")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings(tmp_path: Path, newline: str) -> None:
    text = newline.join(["Title One", abstract("graphs"), "Title Two", abstract("robots")])
    papers = list(read_dump(write(tmp_path / "d.txt", text)).records())
    assert [p.title for p in papers] == ["Title One", "Title Two"]


def test_invalid_utf8_is_replaced_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(
        abstract("memory").encode()
        + b"\n"
        + b"x" * 70_000
        + b"\n"
        + abstract("bad bytes").encode().replace(b"bad", b"bad \xff\xfe")
    )
    reader = read_dump(path)
    papers = list(reader.records())
    assert any("\ufffd" in p.abstract for p in papers)
    assert any("replaced" in warning for warning in reader.warnings)


def test_overlong_record_is_skipped_with_warning(tmp_path: Path) -> None:
    text = abstract("short") + "\n" + "word " * (MAX_RECORD_CHARS // 4) + "\n" + abstract("other") + "\n"
    reader = read_dump(write(tmp_path / "d.txt", text))
    assert len(list(reader.records())) == 2
    assert any("longer than" in warning for warning in reader.warnings)


def test_json_jsonl_csv_tsv_bibtex(tmp_path: Path) -> None:
    row = {
        "id": "2101.00001",
        "title": "A JSON Paper",
        "abstract": abstract("json"),
        "authors": "A. One, B. Two",
        "categories": "cs.LG",
        "update_date": "2021-01-05",
    }
    cases = {
        "a.json": json.dumps([row]),
        "a.jsonl": json.dumps(row) + "\n" + json.dumps({**row, "abstract": abstract("lines")}) + "\n",
        "a.csv": 'title,abstract\n"A CSV Paper","' + abstract("csv, with commas") + '"\n',
        "a.tsv": "title\tabstract\nA TSV Paper\t" + abstract("tsv") + "\n",
        "a.bib": "@article{key1,\n  title = {A BibTeX Paper},\n  abstract = {"
        + abstract("bib")
        + "},\n  year = {2020}\n}\n"
        "@article{key2,\n  title = {No Abstract}\n}\n",
    }
    expected = {
        "a.json": ("json", 1),
        "a.jsonl": ("jsonl", 2),
        "a.csv": ("csv", 1),
        "a.tsv": ("tsv", 1),
        "a.bib": ("bibtex", 1),
    }
    for name, text in cases.items():
        reader = read_dump(write(tmp_path / name.replace(".", "_"), text))
        papers = list(reader.records())
        assert (reader.format, len(papers)) == expected[name], name
    json_paper = next(read_dump(tmp_path / "a_json").records())
    assert (json_paper.arxiv_id, json_paper.date_iso, json_paper.authors) == (
        "2101.00001",
        "2021-01-05",
        ["A. One", "B. Two"],
    )
    bib = next(read_dump(tmp_path / "a_bib").records())
    assert (bib.title, bib.date_iso) == ("A BibTeX Paper", "2020-01-01")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (b"%PDF-1.7\n" + bytes(range(256)), "PDF"),
        (b"GGUF\x03\x00\x00\x00" + bytes(64), "GGUF"),
        (bytes(range(256)) * 10, "binary"),
        (b"just a short note\nnothing else\n", "not a recognised"),
    ],
)
def test_bad_files_raise_clear_errors(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "input.bin"
    path.write_bytes(content)
    with pytest.raises(DumpError) as error:
        read_dump(path)
    assert reason in str(error.value) and str(path) in str(error.value)


def test_format_is_detected_from_content_not_name(tmp_path: Path) -> None:
    path = write(tmp_path / "looks.json", "Title\n" + abstract("names") + "\n")
    assert read_dump(path).format == "trending-list"
    assert detect_format("") is None
