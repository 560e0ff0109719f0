"""Notes, tags and the reading list: stored with the papers, searchable, kept through re-imports and
merges, gone only with their paper; and exports that other tools read and that import back."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
import rispy

from desktop.core.base.filters import SearchFilters
from desktop.core.ingest.pipeline import run_import
from desktop.core.library.exporters import cite_keys, export, family_name, formatted_reference, tex_escape, to_bibtex
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import HashingEmbedder
from tests.core.helpers import RIS, hashing_cli, small_library, write


@pytest.fixture
def library(tmp_path: Path) -> Library:
    library, _, report = small_library(tmp_path, {"export.ris": RIS})
    assert report.new == 3
    yield library
    library.close()


def by_title(library: Library) -> dict[str, Paper]:
    return {p.title: p for p in library.get_many(library.all_ids()).values()}


def test_notes_tags_and_reading_states_are_kept_searchable_and_filterable(library: Library) -> None:
    papers = by_title(library)
    grasping = papers["Tactile Priors for Dexterous Grasping: 100% & {more}"]
    notes = library.annotations
    notes.set_note(grasping.id, "Compare with **our** gripper; see section 4.")
    assert notes.set_tags(grasping.id, ["#to cite", "robots ", "robots", ""]) == ["to cite", "robots"]
    notes.add_tags([p.id for p in papers.values()], ["survey"])
    notes.set_reading(grasping.id, "reading")
    stored = library.get(grasping.id)
    assert stored is not None and stored.note.startswith("Compare with") and stored.reading_state == "reading"
    assert stored.tags == ["robots", "survey", "to cite"]
    assert notes.tag_counts() == {"robots": 1, "survey": 3, "to cite": 1}
    assert [pid for pid, _ in library.keyword_ranking("gripper", 5, SearchFilters())] == [grasping.id]
    assert library.filtered_ids(SearchFilters(tag="robots")) == {grasping.id}
    assert notes.rename_tag("robots", "robotics") == 1 and library.filtered_ids(SearchFilters(tag="robotics"))
    assert [pid for pid, _ in library.keyword_ranking("robotics", 5, SearchFilters())] == [grasping.id]
    assert notes.delete_tag("survey") == 3 and "survey" not in notes.tag_counts()
    with pytest.raises(ValueError):
        notes.set_reading(grasping.id, "skimmed")
    notes.set_note(grasping.id, "")
    assert library.get(grasping.id).note == ""  # type: ignore[union-attr]


def test_they_survive_reimport_and_merges_and_go_with_their_paper(library: Library, tmp_path: Path) -> None:
    grasping = by_title(library)["Tactile Priors for Dexterous Grasping: 100% & {more}"]
    library.annotations.set_note(grasping.id, "keep me")
    library.annotations.set_tags(grasping.id, ["robots"])
    library.annotations.set_reading(grasping.id, "to read")
    # the same paper again from another tool, with a new identifier: merged, nothing lost
    copy = write(
        tmp_path / "scholar.json",
        json.dumps([{"title": grasping.title, "abstract": grasping.abstract, "pmid": "31234567"}]),
    )
    report = run_import(library, HashingEmbedder(), [write(tmp_path / "again.ris", RIS), copy])
    assert report.new == 0
    kept = library.get(grasping.id)
    assert kept is not None and (kept.note, kept.tags, kept.reading_state, kept.pmid) == (
        "keep me",
        ["robots"],
        "to read",
        "31234567",
    )
    library.remove_ids([grasping.id])
    assert library.annotations.tag_counts() == {} and library.annotations.reading_list() == []


def test_cite_keys_are_stable_unique_and_readable(library: Library) -> None:
    papers = sorted(by_title(library).values(), key=lambda p: p.title)
    keys = cite_keys(papers)
    assert sorted(keys.values()) == ["anon2024", "nunez2023tactilea", "nunez2023tactileb"]
    assert cite_keys(list(reversed(papers))) == keys  # the order of the selection does not change them
    assert (
        tex_escape("100% & {more} $x$ a_b #1 ~ ^ \\")
        == r"100\% \& \{more\} \$x\$ a\_b \#1 \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )


def test_exports_parse_with_independent_parsers(library: Library) -> None:
    papers = list(library.get_many(library.all_ids()).values())
    grasping = next(p for p in papers if p.title.startswith("Tactile Priors for Dexterous Grasping"))
    library.annotations.set_note(grasping.id, "Why it matters: 50% fewer drops.")
    library.annotations.set_tags(grasping.id, ["to cite"])
    papers = list(library.get_many(library.all_ids()).values())

    parsed = bibtexparser.parse_string(export(papers, "bibtex"))
    assert not parsed.failed_blocks and len(parsed.entries) == 3
    entry = next(e for e in parsed.entries if "Grasping" in e["title"])
    assert entry.entry_type == "article" and entry["doi"] == "10.1145/3377811.3380399"
    assert entry["author"] == "Núñez, María and Balázs, Csaba" and entry["year"] == "2023" and entry["month"] == "mar"
    assert entry["title"] == r"{Tactile Priors for Dexterous Grasping: 100\% \& \{more\}}"
    assert entry["annote"] == r"Why it matters: 50\% fewer drops." and entry["keywords"] == "grasping, to cite"

    records = rispy.loads(export(papers, "ris"))
    record = next(r for r in records if "Grasping" in r["title"])
    assert record["authors"] == ["Núñez, María", "Balázs, Csaba"] and record["doi"] == "10.1145/3377811.3380399"
    assert record["keywords"] == ["grasping", "to cite"] and record["notes"] == ["Why it matters: 50% fewer drops."]
    assert record["abstract"] == grasping.abstract and record["date"] == "2023/03/14"

    items = json.loads(export(papers, "csljson"))
    item = next(i for i in items if "Grasping" in i["title"])
    assert item["author"][0] == {"family": "Núñez", "given": "María"} and item["issued"] == {
        "date-parts": [[2023, 3, 14]]
    }
    assert item["container-title"] == "Journal of Robot Learning" and item["note"].startswith("Why it matters")


@pytest.mark.parametrize("kind", ["bibtex", "ris", "csljson"])
def test_exports_import_back_as_the_same_papers(library: Library, tmp_path: Path, kind: str) -> None:
    papers = list(library.get_many(library.all_ids()).values())
    first = papers[0]
    library.annotations.set_note(first.id, "a note")
    library.annotations.set_tags(first.id, ["mine"])
    path = write(tmp_path / f"out.{kind}", export(list(library.get_many(library.all_ids()).values()), kind))
    report = run_import(library, HashingEmbedder(), [path])
    assert (report.new, report.failed) == (0, [])
    again = library.get(first.id)
    assert again is not None and again.note == "a note" and again.tags == ["mine"] and library.count() == 3
    fresh = Library(tmp_path / "other")  # into a new library: the same papers, fields and all
    run_import(fresh, HashingEmbedder(), [path])
    assert set(fresh.all_ids()) == set(library.all_ids())
    moved = fresh.get(first.id)
    assert moved is not None and (moved.title, moved.doi, moved.year) == (first.title, first.doi, first.year)
    assert [family_name(a) for a in moved.authors] == [family_name(a) for a in first.authors]
    fresh.close()


def test_formatted_reference_reads_like_a_bibliography_entry(library: Library) -> None:
    grasping = by_title(library)["Tactile Priors for Dexterous Grasping: 100% & {more}"]
    assert formatted_reference(grasping) == (
        "Núñez, M., & Balázs, C. (2023). Tactile Priors for Dexterous Grasping: 100% & {more}. "
        "Journal of Robot Learning. https://doi.org/10.1145/3377811.3380399"
    )
    assert "@article{nunez2023tactile" in to_bibtex([grasping])


def test_cli_note_tag_reading_and_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop import cli

    lib = hashing_cli(tmp_path, monkeypatch)
    assert cli.main(["import", str(write(tmp_path / "export.ris", RIS)), *lib]) == 0
    capsys.readouterr()
    assert cli.main(["search", "dexterous grasping", "--mode", "keyword", "--json", *lib]) == 0
    paper_id = json.loads(capsys.readouterr().out)[0]["id"]
    short = paper_id[:10]
    assert cli.main(["note", short, "Read section 4 first.", *lib]) == 0
    assert cli.main(["tag", short, "to cite", "robots", *lib]) == 0
    assert cli.main(["tag", short, "robots", "--remove", *lib]) == 0
    assert cli.main(["reading", short, "to-read", *lib]) == 0
    capsys.readouterr()
    assert cli.main(["note", short, *lib]) == 0 and capsys.readouterr().out == "Read section 4 first.\n"
    assert cli.main(["tag", *lib]) == 0 and capsys.readouterr().out.split() == ["1", "to", "cite"]
    assert cli.main(["reading", *lib]) == 0 and capsys.readouterr().out.startswith("to read   " + short)
    out = tmp_path / "cited.bib"
    assert cli.main(["export", "--tag", "to cite", "-o", str(out), *lib]) == 0
    (entry,) = bibtexparser.parse_string(out.read_text()).entries
    assert entry["annote"] == "Read section 4 first." and "to cite" in entry["keywords"]
    assert cli.main(["export", "--format", "ris", "--reading", *lib]) == 0
    assert [r["title"] for r in rispy.loads(capsys.readouterr().out)] == [
        "Tactile Priors for Dexterous Grasping: 100% & {more}"
    ]
    assert cli.main(["note", "nosuchid", *lib]) == 1
