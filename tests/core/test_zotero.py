"""A Zotero library (a zotero.sqlite built from Zotero's own schema) imports in one step: items
with an abstract, creators in order, tags, collections as tags, notes, PDF links; read from a copy
while Zotero holds its lock; importing again adds nothing and brings what changed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.base.errors import DumpError
from desktop.core.ingest.formats import read_dump
from desktop.core.ingest.pipeline import run_import
from desktop.core.ingest.zotero import ZoteroDump, find_data_dir, note_text, read_zotero
from desktop.core.library.library import Library
from desktop.core.library.records import Paper
from desktop.core.models.embedding import HashingEmbedder
from tests.core.helpers import abstract, hashing_cli
from tests.core.zotero_fixture import ZoteroFixture


def sample_library(data_dir: Path) -> tuple[ZoteroFixture, dict[str, int]]:
    zotero = ZoteroFixture(data_dir)
    items = {
        "grasping": zotero.item(
            "Grasping from Touch",
            abstract("tactile grasping"),
            creators=[("Carla", "Núñez", "author"), ("Dmitri", "Orlov", "author"), ("Eve", "Editor", "editor")],
            fields={
                "date": "2023-08-06 August 6, 2023",
                "publicationTitle": "Robotics Letters",
                "DOI": "10.1000/RL.2023.7",
                "url": "https://example.org/grasping",
                "extra": "arXiv: 2301.04567\nPMID: 12345678",
            },
            tags=["tactile", "to cite"],
        ),
        "search": zotero.item(
            "Graph Search at Scale",
            abstract("graph search"),
            kind="conferencePaper",
            creators=[("", "The Search Consortium", "author")],
            fields={"date": "2021-00-00 2021", "proceedingsTitle": "Proceedings of Graph Conf"},
        ),
        "edited": zotero.item(
            "An Edited Book", abstract("edited volumes"), kind="book", creators=[("Ed", "Itor", "editor")]
        ),
        "no abstract": zotero.item("A Title Only", ""),
        "trashed": zotero.item("In the Trash", abstract("trash")),
    }
    zotero.trash(items["trashed"])
    zotero.feed_item("A Feed Entry", abstract("feeds"))
    reading = zotero.collection("Reading")
    zotero.collection("Robotics", parent=reading, items=[items["grasping"]])
    zotero.collection("Search", items=[items["search"], items["grasping"]])
    zotero.note(items["grasping"], '<div data-schema-version="8"><p>Read <b>twice</b>.</p><p>Cite in ch. 2</p></div>')
    items["pdf"] = zotero.stored_pdf(items["grasping"], "Nunez - 2023 - Grasping.pdf")  # type: ignore[assignment]
    return zotero, items


def imported(library: Library) -> dict[str, Paper]:
    return {paper.title: paper for paper in library.get_many(library.all_ids()).values()}


@pytest.fixture
def library(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = Library(tmp_path / "lib")
    yield opened
    opened.close()


def test_a_zotero_library_imports_with_tags_collections_notes_and_pdfs(tmp_path: Path, library: Library) -> None:
    zotero, items = sample_library(tmp_path / "Zotero")
    zotero.close()
    report = run_import(library, HashingEmbedder(), [tmp_path / "Zotero" / "zotero.sqlite"])
    item = report.files[0]
    assert (item.format, item.new, item.skipped) == ("zotero", 3, {"no abstract in Zotero": 1})
    papers = imported(library)
    assert set(papers) == {"Grasping from Touch", "Graph Search at Scale", "An Edited Book"}
    grasping = papers["Grasping from Touch"]
    assert grasping.authors == ["Carla Núñez", "Dmitri Orlov"]  # authors in order; the editor is no author
    assert (grasping.date_iso, grasping.venue, grasping.doi) == ("2023-08-06", "Robotics Letters", "10.1000/rl.2023.7")
    assert (grasping.arxiv_id, grasping.pmid, grasping.url) == (
        "2301.04567",
        "12345678",
        "https://example.org/grasping",
    )
    assert grasping.tags == sorted(["tactile", "to cite", "collection/Reading/Robotics", "collection/Search"])
    assert grasping.note == "Read twice.\n\nCite in ch. 2"
    pdf = Path(grasping.pdf_path)
    assert pdf == items["pdf"] and pdf.parent.parent == tmp_path / "Zotero" / "storage"  # storage/KEY/file.pdf
    assert pdf.is_file() and grasping.sources == ["Zotero"]
    search = papers["Graph Search at Scale"]
    assert (search.authors, search.year, search.venue) == (["The Search Consortium"], 2021, "Proceedings of Graph Conf")
    assert papers["An Edited Book"].authors == ["Ed Itor"]  # no author: its editors stand in
    assert library.annotations.ids_with_tag("collection/Search") and "Zotero" in library.stats().sources


def test_read_from_a_copy_while_zotero_holds_its_lock(tmp_path: Path) -> None:
    zotero, _ = sample_library(tmp_path / "Zotero")
    zotero.db.execute("PRAGMA locking_mode = EXCLUSIVE")
    zotero.db.execute("BEGIN EXCLUSIVE")  # as a running Zotero does
    before = zotero.path.read_bytes()
    try:
        with pytest.raises(sqlite3.OperationalError):
            sqlite3.connect(zotero.path, timeout=0.1).execute("SELECT count(*) FROM items").fetchone()
        dump = read_dump(zotero.path)
        assert isinstance(dump, ZoteroDump) and len(list(dump.records())) == 3
    finally:
        zotero.db.execute("ROLLBACK")
        zotero.close()
    assert zotero.path.read_bytes() == before


def test_importing_again_adds_nothing_and_brings_changes(tmp_path: Path, library: Library) -> None:
    zotero, items = sample_library(tmp_path / "Zotero")
    database = zotero.path
    run_import(library, HashingEmbedder(), [database])
    again = run_import(library, HashingEmbedder(), [database])
    assert (again.new, library.count()) == (0, 3)
    zotero.item("A New Item", abstract("new things"), creators=[("Nia", "New", "author")])
    zotero.set_field(items["search"], "abstractNote", abstract("graph search", "Revised after review."))
    zotero.tag(items["edited"], "reviewed")
    zotero.close()
    changed = run_import(library, HashingEmbedder(), [database])
    papers = imported(library)
    assert changed.new == 1 and library.count() == 4 and "A New Item" in papers
    assert "Revised after review." in papers["Graph Search at Scale"].abstract  # the edit replaced the old text
    assert papers["Graph Search at Scale"].tags == ["collection/Search"]
    assert papers["An Edited Book"].tags == ["reviewed"]
    assert run_import(library, HashingEmbedder(), [database]).new == 0 and library.count() == 4


def test_the_data_directory_is_found_from_the_profile_prefs_or_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert find_data_dir() is None
    ZoteroFixture(tmp_path / "Zotero").close()
    assert find_data_dir() == tmp_path / "Zotero"
    elsewhere = tmp_path / "data" / "zotero-data"
    ZoteroFixture(elsewhere).close()
    prefs = tmp_path / ".zotero" / "zotero" / "abc123.default" / "prefs.js"
    prefs.parent.mkdir(parents=True)
    prefs.write_text(
        f'user_pref("extensions.zotero.dataDir", "{elsewhere}");\nuser_pref("extensions.zotero.useDataDir", true);\n'
    )
    assert find_data_dir() == elsewhere


def test_linked_pdfs_and_a_database_zotero_never_opened(tmp_path: Path) -> None:
    zotero = ZoteroFixture(tmp_path / "Zotero", combined=False)  # no *Combined tables filled yet
    item = zotero.item("Linked", abstract("linked files"), creators=[("Li", "Ng", "author")])
    zotero.linked_pdf(item, tmp_path / "papers" / "linked.pdf")
    zotero.close()
    paper = read_zotero(zotero.path).papers[0]
    assert (paper.title, paper.pdf_path) == ("Linked", str(tmp_path / "papers" / "linked.pdf"))


def test_an_sqlite_file_that_is_not_zotero_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "zotero.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE things (x)").connection.close()
    with pytest.raises(DumpError, match="not a Zotero library"):
        read_dump(other)


def test_notes_as_text() -> None:
    assert (
        note_text("<p>One &amp; two</p><ul><li>a</li><li>b</li></ul>line<br>break")
        == "One & two\n\na\n\nb\n\nline\nbreak"
    )


def test_cli_imports_a_zotero_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    options = hashing_cli(tmp_path, monkeypatch)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert main(["import", "--zotero", *options]) == 2
    assert "no Zotero data directory" in capsys.readouterr().err
    zotero, _ = sample_library(tmp_path / "home" / "Zotero")
    zotero.close()
    assert main(["import", "--zotero", "--json", *options]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["new"] == 3 and report["files"][0]["format"] == "zotero"
    assert main(["import", "--zotero", str(tmp_path / "home" / "Zotero"), *options]) == 0
    assert "0 new papers" in capsys.readouterr().out
