"""What is not a paper listing: READMEs, provenance notes, licences and Markdown tables are set
aside and named in the report; a partly-Markdown listing says how much was taken; two files of
one name from different folders are two dumps, shown by a short path and removed apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.ingest.formats import read_dump
from desktop.core.ingest.formats.not_listings import NotAListing
from desktop.core.ingest.import_report import describe
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.library import Library
from desktop.core.models.embedding import HashingEmbedder
from tests.core.helpers import abstract, write

REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld"
LONG_CELL = "a description of what this file holds and how a right import reads it, " * 4
README = f"""# Exports

Files from other people's repositories, for testing.

| File | Source | What a right import gives |
|---|---|---|
| a.csv | someone/repo | {LONG_CELL} |
| b.ris | other/repo | {LONG_CELL} |
"""
PROVENANCE = "\n".join(f"{name}.txt was taken from a public repository at commit {name * 8}; " * 3 for name in "abcdef")
MIT = (
    "MIT License\n\nCopyright (c) 2021 Someone\n\nPermission is hereby granted, free of charge, to any person "
    'obtaining a copy of this software and associated documentation files (the "Software"), to deal in the '
    "Software without restriction, including without limitation the rights to use, copy, modify, merge.\n"
)
TABLE_NOTES = f"## Reading notes\n\n| Paper | Why |\n|---|---|\n| {LONG_CELL} | {LONG_CELL} |\n"


def listing(topics: list[str]) -> str:
    return "".join(f"Paper about {topic}\n{abstract(topic)}\n" for topic in topics)


@pytest.fixture
def library(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = Library(tmp_path / "lib")
    yield opened
    opened.close()


def test_readmes_provenance_licences_and_tables_are_set_aside_and_named(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "exports"
    write(folder / "README.md", README)
    write(folder / "PROVENANCE.md", PROVENANCE)
    write(folder / "LICENSE", MIT)
    write(folder / "notes.md", TABLE_NOTES)
    write(folder / "papers.txt", listing(["graph search", "robot grasping"]))
    report = run_import(library, HashingEmbedder(), [folder])
    reasons = {Path(item.path).name: item.set_aside for item in report.files}
    assert reasons["README.md"] == "not a paper listing: a folder's README (notes about the other files)"
    assert "provenance" in reasons["PROVENANCE.md"] and "licence" in reasons["LICENSE"]
    assert reasons["notes.md"].startswith("not a paper listing: a Markdown document (1 heading, 3 table rows)")
    assert reasons["papers.txt"] == "" and library.count() == 2 and not report.failed
    assert set(library.stats().sources) == {"papers.txt"}
    assert describe(next(item for item in report.files if item.path.endswith("README.md")))[0].startswith(
        "not a paper listing"
    )
    assert report.to_dict()["not_listings"] == 4


def test_the_shared_folders_readmes_are_not_listings() -> None:
    for readme in (REALWORLD / "README.md", REALWORLD / "pdf" / "README.md", REALWORLD / "screening" / "README.md"):
        with pytest.raises(NotAListing, match="not a paper listing: a folder's README"):
            read_dump(readme)


def test_a_readme_by_content_alone_and_a_licence_under_any_name(tmp_path: Path) -> None:
    with pytest.raises(NotAListing, match="Markdown document"):
        read_dump(write(tmp_path / "overview.md", README))
    with pytest.raises(NotAListing, match="a licence text"):
        read_dump(write(tmp_path / "terms.txt", MIT + abstract("licences") + "\n"))


def test_a_listing_with_markdown_around_it_says_how_much_was_taken(tmp_path: Path) -> None:
    text = f"# My reading list\n\n{README.split(chr(10), 3)[3]}\n" + listing(["graph search", "robot grasping"])
    reader = read_dump(write(tmp_path / "list.md", text))
    papers = list(reader.records())
    assert [paper.title for paper in papers] == ["Paper about graph search", "Paper about robot grasping"]
    assert any(
        warning.startswith("only part of this file is a paper listing: 2 papers from 4 of 9 lines")
        and "1 heading, 4 table rows" in warning
        for warning in reader.warnings
    ), reader.warnings


def test_files_of_one_name_in_two_folders_are_two_dumps_removed_apart(tmp_path: Path, library: Library) -> None:
    first = write(tmp_path / "hf" / "list.txt", listing(["graph search"]))
    second = write(tmp_path / "arxiv" / "list.txt", listing(["robot grasping"]))
    report = run_import(library, HashingEmbedder(), [first, second])
    assert [item.source for item in report.files] == ["list.txt", "arxiv/list.txt"]
    assert "listed as arxiv/list.txt" in describe(report.files[1])
    assert library.stats().sources == {"list.txt": 1, "arxiv/list.txt": 1}
    again = run_import(library, HashingEmbedder(), [second, first])  # the names hold across imports
    assert [item.source for item in again.files] == ["arxiv/list.txt", "list.txt"] and again.new == 0
    library.remove_source("arxiv/list.txt")
    assert library.stats().sources == {"list.txt": 1}
