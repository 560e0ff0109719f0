"""zotero.sqlite files built the way Zotero lays one out: the tables from Zotero's own schema
(tests/fixtures/zotero/userdata_trimmed.sql, its CREATE TABLE statements as Zotero ships them),
filled with items, creators, tags, collections, notes and attachments by the tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "zotero" / "userdata_trimmed.sql"
ITEM_TYPES = ["note", "attachment", "annotation", "journalArticle", "conferencePaper", "preprint", "book"]
FIELDS = ["title", "abstractNote", "date", "publicationTitle", "proceedingsTitle", "DOI", "url", "extra", "archiveID"]
CREATOR_TYPES = ["author", "editor", "contributor"]


class ZoteroFixture:
    """A Zotero data directory (zotero.sqlite and storage/) that tests add items to."""

    def __init__(self, data_dir: Path, combined: bool = True) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / "zotero.sqlite"
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.executescript(SCHEMA.read_text(encoding="utf-8"))
        # Zotero fills these from its global schema (ids of its own; looked up by name)
        for number, name in enumerate(ITEM_TYPES, 1):
            self.db.execute("INSERT INTO itemTypes (itemTypeID, typeName) VALUES (?, ?)", [number, name])
        for number, name in enumerate(FIELDS, 1):
            self.db.execute("INSERT INTO fields (fieldID, fieldName) VALUES (?, ?)", [number, name])
        for number, name in enumerate(CREATOR_TYPES, 1):
            self.db.execute("INSERT INTO creatorTypes (creatorTypeID, creatorType) VALUES (?, ?)", [number, name])
        if combined:  # what a running Zotero adds at start
            self.db.execute("INSERT INTO itemTypesCombined SELECT itemTypeID, typeName, 1, 0 FROM itemTypes")
            self.db.execute("INSERT INTO fieldsCombined SELECT fieldID, fieldName, NULL, NULL, 0 FROM fields")
        self.db.execute("INSERT INTO libraries (libraryID, type, editable, filesEditable) VALUES (1, 'user', 1, 1)")
        self._keys = 0

    def _key(self) -> str:
        self._keys += 1
        return f"K{self._keys:07d}"

    def _id(self, table: str, column: str, name: str) -> int:
        key = {"itemTypes": "itemTypeID", "fields": "fieldID", "creatorTypes": "creatorTypeID"}[table]
        return int(self.db.execute(f"SELECT {key} FROM {table} WHERE {column} = ?", [name]).fetchone()[0])

    def _new_item(self, kind: str, key: str = "") -> tuple[int, str]:
        key = key or self._key()
        cursor = self.db.execute(
            "INSERT INTO items (itemTypeID, libraryID, key) VALUES (?, 1, ?)",
            [self._id("itemTypes", "typeName", kind), key],
        )
        return int(cursor.lastrowid or 0), key

    def set_field(self, item: int, name: str, value: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO itemDataValues (value) VALUES (?)", [value])
        value_id = self.db.execute("SELECT valueID FROM itemDataValues WHERE value = ?", [value]).fetchone()[0]
        field_id = self._id("fields", "fieldName", name)
        self.db.execute(
            "INSERT OR REPLACE INTO itemData (itemID, fieldID, valueID) VALUES (?, ?, ?)", [item, field_id, value_id]
        )

    def item(
        self,
        title: str,
        abstract: str = "",
        kind: str = "journalArticle",
        creators: list[tuple[str, str, str]] | None = None,
        fields: dict[str, str] | None = None,
        tags: list[str] | None = None,
    ) -> int:
        """An item; creators as (first, last, creator type); a last name alone is one field."""
        item, _ = self._new_item(kind)
        self.set_field(item, "title", title)
        if abstract:
            self.set_field(item, "abstractNote", abstract)
        for name, value in (fields or {}).items():
            self.set_field(item, name, value)
        for order, (first, last, role) in enumerate(creators or []):
            self.db.execute(
                "INSERT OR IGNORE INTO creators (firstName, lastName, fieldMode) VALUES (?, ?, ?)",
                [first, last, 0 if first else 1],
            )
            creator = self.db.execute(
                "SELECT creatorID FROM creators WHERE firstName = ? AND lastName = ?", [first, last]
            ).fetchone()[0]
            self.db.execute(
                "INSERT INTO itemCreators (itemID, creatorID, creatorTypeID, orderIndex) VALUES (?, ?, ?, ?)",
                [item, creator, self._id("creatorTypes", "creatorType", role), order],
            )
        for tag in tags or []:
            self.tag(item, tag)
        return item

    def tag(self, item: int, name: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [name])
        tag_id = self.db.execute("SELECT tagID FROM tags WHERE name = ?", [name]).fetchone()[0]
        self.db.execute("INSERT INTO itemTags (itemID, tagID, type) VALUES (?, ?, 0)", [item, tag_id])

    def collection(self, name: str, parent: int | None = None, items: list[int] | None = None) -> int:
        cursor = self.db.execute(
            "INSERT INTO collections (collectionName, parentCollectionID, libraryID, key) VALUES (?, ?, 1, ?)",
            [name, parent, self._key()],
        )
        collection = int(cursor.lastrowid or 0)
        for item in items or []:
            self.db.execute("INSERT INTO collectionItems (collectionID, itemID) VALUES (?, ?)", [collection, item])
        return collection

    def note(self, parent: int, html: str) -> int:
        note, _ = self._new_item("note")
        self.db.execute(
            "INSERT INTO itemNotes (itemID, parentItemID, note, title) VALUES (?, ?, ?, '')", [note, parent, html]
        )
        return note

    def stored_pdf(self, parent: int, name: str, content: bytes = b"%PDF-1.4\n") -> Path:
        """An imported PDF attachment: the file under storage/KEY/, the path 'storage:NAME'."""
        attachment, key = self._new_item("attachment")
        self.db.execute(
            "INSERT INTO itemAttachments (itemID, parentItemID, linkMode, contentType, path) VALUES (?, ?, 0, ?, ?)",
            [attachment, parent, "application/pdf", f"storage:{name}"],
        )
        file = self.data_dir / "storage" / key / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content)
        return file

    def linked_pdf(self, parent: int, path: Path) -> None:
        attachment, _ = self._new_item("attachment")
        self.db.execute(
            "INSERT INTO itemAttachments (itemID, parentItemID, linkMode, contentType, path) VALUES (?, ?, 2, ?, ?)",
            [attachment, parent, "application/pdf", str(path)],
        )

    def trash(self, item: int) -> None:
        self.db.execute("INSERT INTO deletedItems (itemID) VALUES (?)", [item])

    def feed_item(self, title: str, abstract: str) -> int:
        self.db.execute("INSERT INTO libraries (libraryID, type, editable, filesEditable) VALUES (2, 'feed', 0, 0)")
        self.db.execute("INSERT INTO feeds (libraryID, name, url) VALUES (2, 'A feed', 'https://example.org/feed')")
        cursor = self.db.execute(
            "INSERT INTO items (itemTypeID, libraryID, key) VALUES (?, 2, ?)",
            [self._id("itemTypes", "typeName", "journalArticle"), self._key()],
        )
        item = int(cursor.lastrowid or 0)
        self.set_field(item, "title", title)
        self.set_field(item, "abstractNote", abstract)
        self.db.execute("INSERT INTO feedItems (itemID, guid) VALUES (?, ?)", [item, f"guid-{item}"])
        return item

    def close(self) -> None:
        self.db.close()
