"""A Zotero library in one step: its data directory found (~/Zotero, or the one Zotero's profile
prefs name), zotero.sqlite read from a copy (Zotero keeps it locked while it runs), every item
with an abstract made a paper: title, creators in order, date, venue, DOI, URL, the ids in
'Extra', Zotero's tags and its collections as tags ('collection/Parent/Sub'), child notes as the
paper's note, and the PDF attachment's path. Each paper keeps its Zotero key as an identifier,
so importing again adds nothing and brings what changed (new items, edited abstracts, tags).

Fields, item types and creator types are looked up by name, as Zotero's schema names them."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from desktop.core.base.errors import DumpError
from desktop.core.library.records import Paper, arxiv_id, doi, pmid
from desktop.core.text.text_cleaning import clean_abstract, clean_field

DATABASE = "zotero.sqlite"
ZOTERO_FORMAT = "zotero"
ZOTERO_FORMAT_NAME = "Zotero library (zotero.sqlite, read from a copy)"
ZOTERO_SOURCE = "Zotero"
SQLITE_MAGIC = b"SQLite format 3\x00"
NOT_PAPERS = ("note", "attachment", "annotation")
VENUE_FIELDS = ("publicationTitle", "proceedingsTitle", "conferenceName", "bookTitle", "websiteTitle", "repository")
_PREF = re.compile(r'user_pref\("extensions\.zotero\.(dataDir|baseAttachmentPath)",\s*"((?:[^"\\]|\\.)*)"\);')
_EXTRA_ID = re.compile(r"^\s*(arxiv|pmid|doi)\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def profile_prefs() -> list[Path]:
    """Zotero's prefs.js files on this machine (Linux, macOS and Windows profile folders)."""
    home = Path.home()
    roots = [
        home / ".zotero" / "zotero",
        home / "Library" / "Application Support" / "Zotero" / "Profiles",
        Path(os.environ.get("APPDATA", home / "AppData" / "Roaming")) / "Zotero" / "Zotero" / "Profiles",
    ]
    return [prefs for root in roots if root.is_dir() for prefs in sorted(root.glob("*/prefs.js"))]


def _prefs(name: str) -> list[str]:
    values = []
    for prefs in profile_prefs():
        try:
            text = prefs.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        values += [value.replace("\\\\", "\\") for key, value in _PREF.findall(text) if key == name and value]
    return values


def find_data_dir() -> Path | None:
    """The Zotero data directory: one named in Zotero's profile prefs, else ~/Zotero."""
    for candidate in [*map(Path, _prefs("dataDir")), Path.home() / "Zotero"]:
        if (candidate / DATABASE).is_file():
            return candidate
    return None


def is_zotero_database(path: str | os.PathLike[str]) -> bool:
    """An SQLite file named zotero.sqlite (its tables are checked when it is read)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC and Path(path).name == DATABASE
    except OSError:
        return False


_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "li", "ul", "ol", "blockquote", "pre", "table", "tr"})


class _NoteText(HTMLParser):
    """A Zotero note (HTML) as plain text: paragraphs and line breaks kept."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def note_text(note_html: str) -> str:
    parser = _NoteText()
    parser.feed(note_html or "")
    paragraphs = [
        "\n".join(" ".join(line.split()) for line in part.split("\n")).strip()
        for part in "".join(parser.parts).split("\n\n")
    ]
    return "\n\n".join(part for part in paragraphs if part)


@dataclass
class ZoteroDump:
    """A Zotero library's papers, read from a copy of its database when opened."""

    path: str
    papers: list[Paper]
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    mapping: str = "title, creators, date, venue, DOI, URL, Extra ids, tags, collections, notes, PDF attachments"
    source: str = ZOTERO_SOURCE
    format: str = ZOTERO_FORMAT
    format_name: str = ZOTERO_FORMAT_NAME
    encoding: str = ""
    _yielded: int = 0

    @property
    def bytes_read(self) -> int:
        try:
            size = os.path.getsize(self.path)
        except OSError:
            return 0
        return size * self._yielded // max(1, len(self.papers))

    def records(self) -> Iterator[Paper]:
        for paper in self.papers:
            self._yielded += 1
            yield paper


def read_zotero(database: str | os.PathLike[str], source: str = "") -> ZoteroDump:
    """Reads zotero.sqlite from a copy (the original is never opened); DumpError says why not."""
    original = Path(database)
    with tempfile.TemporaryDirectory(prefix="abstracta-zotero-") as folder:
        copy = Path(folder) / DATABASE
        try:
            shutil.copyfile(original, copy)
            for suffix in ("-wal", "-journal"):  # writes Zotero has not checkpointed yet
                if original.with_name(DATABASE + suffix).is_file():
                    shutil.copyfile(original.with_name(DATABASE + suffix), copy.with_name(DATABASE + suffix))
        except OSError as error:
            raise DumpError(str(original), f"cannot be copied to read it ({error.strerror or error})") from error
        try:
            db = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        except sqlite3.Error as error:
            raise DumpError(str(original), f"cannot be opened as a database ({error})") from error
        try:
            return _read(db, original, source or ZOTERO_SOURCE)
        except sqlite3.DatabaseError as error:
            raise DumpError(str(original), f"an SQLite database, but not a Zotero library ({error})") from error
        finally:
            db.close()


def _read(db: sqlite3.Connection, original: Path, source: str) -> ZoteroDump:
    data_dir = original.parent
    base_paths = [Path(value) for value in _prefs("baseAttachmentPath")]
    fields_table = _combined(db, "fields")
    types_table = _combined(db, "itemTypes")
    rows = db.execute(
        f"SELECT i.itemID, i.key, i.libraryID FROM items i JOIN {types_table} t USING (itemTypeID) "
        f"WHERE t.typeName NOT IN ({','.join('?' * len(NOT_PAPERS))}) "
        "AND i.itemID NOT IN (SELECT itemID FROM deletedItems) AND i.itemID NOT IN (SELECT itemID FROM feedItems) "
        "ORDER BY i.itemID",
        NOT_PAPERS,
    ).fetchall()
    values: dict[int, dict[str, str]] = defaultdict(dict)
    for item, name, value in db.execute(
        f"SELECT d.itemID, f.fieldName, v.value FROM itemData d JOIN {fields_table} f USING (fieldID) "
        "JOIN itemDataValues v USING (valueID)"
    ):
        values[item][name] = str(value)
    dump = ZoteroDump(str(original), [], source=source)
    creators, tags, notes, pdfs = _creators(db), _tags(db), _notes(db), _pdfs(db, data_dir, base_paths)
    for collection_item, tag in _collection_tags(db):
        tags[collection_item].append(tag)
    for item, key, library_id in rows:
        fields = values.get(item, {})
        abstract = clean_abstract(fields.get("abstractNote", ""))
        if not abstract:
            dump.skipped["no abstract in Zotero"] += 1
            continue
        found = _paper(fields, abstract, creators[item], f"{library_id}/{key}", source)
        found.tags, found.note, found.pdf_path = (
            list(dict.fromkeys(tags[item])),
            "\n\n".join(notes[item]),
            pdfs.get(item, ""),
        )
        dump.papers.append(found)
    return dump


def _combined(db: sqlite3.Connection, table: str) -> str:
    """Zotero fills fieldsCombined/itemTypesCombined at start; a database never opened by a
    running Zotero may have only the base table."""
    try:
        if db.execute(f"SELECT 1 FROM {table}Combined LIMIT 1").fetchone():
            return f"{table}Combined"
    except sqlite3.OperationalError:
        pass
    return table


def _creators(db: sqlite3.Connection) -> dict[int, list[str]]:
    """Each item's authors in order (its other creators, such as editors, when it has no author)."""
    found: dict[int, list[tuple[bool, str]]] = defaultdict(list)
    for item, first, last, single, kind in db.execute(
        "SELECT ic.itemID, c.firstName, c.lastName, c.fieldMode, t.creatorType FROM itemCreators ic "
        "JOIN creators c USING (creatorID) JOIN creatorTypes t USING (creatorTypeID) ORDER BY ic.itemID, ic.orderIndex"
    ):
        name = clean_field(last if single == 1 else f"{first or ''} {last or ''}")
        if name:
            found[item].append((kind == "author", name))
    result: dict[int, list[str]] = defaultdict(list)
    for item, creators in found.items():
        authors = [name for is_author, name in creators if is_author]
        result[item] = authors or [name for _, name in creators]
    return result


def _tags(db: sqlite3.Connection) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for item, name in db.execute("SELECT it.itemID, t.name FROM itemTags it JOIN tags t USING (tagID) ORDER BY t.name"):
        found[item].append(str(name))
    return found


def _collection_tags(db: sqlite3.Connection) -> Iterator[tuple[int, str]]:
    """('collection/Parent/Sub') for each item in a collection, the path from the top collection."""
    collections = {
        row[0]: (str(row[1]), row[2])
        for row in db.execute(
            "SELECT collectionID, collectionName, parentCollectionID FROM collections "
            "WHERE collectionID NOT IN (SELECT collectionID FROM deletedCollections)"
            if _has_table(db, "deletedCollections")
            else "SELECT collectionID, collectionName, parentCollectionID FROM collections"
        )
    }

    def path(collection: int) -> str:
        names, seen = [], set()
        while collection in collections and collection not in seen:
            seen.add(collection)
            name, parent = collections[collection]
            names.append(name)
            collection = parent
        return "/".join(reversed(names))

    for collection, item in db.execute("SELECT collectionID, itemID FROM collectionItems"):
        if collection in collections:
            yield item, f"collection/{path(collection)}"


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).fetchone() is not None


def _notes(db: sqlite3.Connection) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for parent, note in db.execute(
        "SELECT parentItemID, note FROM itemNotes WHERE parentItemID IS NOT NULL "
        "AND itemID NOT IN (SELECT itemID FROM deletedItems) ORDER BY itemID"
    ):
        text = note_text(str(note or ""))
        if text:
            found[parent].append(text)
    return found


def _pdfs(db: sqlite3.Connection, data_dir: Path, base_paths: list[Path]) -> dict[int, str]:
    """Each item's first PDF attachment, as a path on this machine: stored files under
    storage/KEY/, linked files where they are (relative ones under the base attachment path)."""
    found: dict[int, str] = {}
    for parent, path, mode, key in db.execute(
        "SELECT a.parentItemID, a.path, a.linkMode, i.key FROM itemAttachments a JOIN items i USING (itemID) "
        "WHERE a.parentItemID IS NOT NULL AND a.contentType = 'application/pdf' AND a.path IS NOT NULL "
        "AND a.itemID NOT IN (SELECT itemID FROM deletedItems) ORDER BY a.itemID"
    ):
        if parent in found:
            continue
        text = str(path)
        if text.startswith("storage:"):
            found[parent] = str(data_dir / "storage" / str(key) / text.removeprefix("storage:"))
        elif text.startswith("attachments:"):
            if base_paths:
                found[parent] = str(base_paths[0] / text.removeprefix("attachments:"))
        elif mode == 2:  # a linked file with its absolute path
            found[parent] = text
    return found


def _paper(fields: dict[str, str], abstract: str, authors: list[str], key: str, source: str) -> Paper:
    """A Zotero item as a paper; it keeps its Zotero key as an identifier (an edit replaces it)."""
    extra = fields.get("extra", "")
    found = {kind.lower(): value for kind, value in _EXTRA_ID.findall(extra)}
    date = fields.get("date", "")
    iso, written = [*date.split(" ", 1), ""][:2] if re.match(r"^\d{4}-\d{2}-\d{2}", date) else ("", date)
    return Paper(
        abstract=abstract,
        title=clean_field(fields.get("title", "")),
        authors=authors,
        date_written=written.strip(),
        date_iso=_iso(iso),
        sources=[source],
        venue=clean_field(next((fields[name] for name in VENUE_FIELDS if fields.get(name)), "")),
        doi=doi(fields.get("DOI", "")) or doi(found.get("doi", "")),
        arxiv_id=arxiv_id(fields.get("archiveID", "")) or arxiv_id(found.get("arxiv", "")),
        pmid=pmid(found.get("pmid", "")),
        url=fields.get("url", "").strip(),
        aliases=[f"zotero:{key}"],
        revisable=True,
    )


def _iso(value: str) -> str:
    """Zotero's 'YYYY-MM-DD' with 00 for what it does not know ('2020-00-00')."""
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", value)
    if not match or match.group(1) == "0000":
        return ""
    month, day = int(match.group(2)) or 1, int(match.group(3)) or 1
    return f"{match.group(1)}-{month:02d}-{day:02d}"
