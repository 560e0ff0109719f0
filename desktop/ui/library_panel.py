"""The library panel: dumps with counts, tags with counts, the reading list, starred papers; removal
with confirmation, tag rename and export."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.library.library_stats import LibraryStats
from desktop.core.library.records import Paper

SOURCE, PAPER, TAG = 1, 2, 3
READING_MARKS = {"to read": "○", "reading": "◐", "read": "●"}
# "state" keeps the store's order (reading, to read, read; newest first): no key of its own
READING_SORTS: dict[str, Callable[[tuple[Paper, str, float]], Any] | None] = {
    "state": None,
    "title": lambda entry: entry[0].display_title.lower(),
    "date added": lambda entry: -entry[2],
}


class LibraryPanel(QWidget):
    source_chosen = Signal(str)
    paper_chosen = Signal(object)
    remove_source_requested = Signal(str)
    remove_paper_requested = Signal(object)
    tag_chosen = Signal(str)
    rename_tag_requested = Signal(str, str)
    delete_tag_requested = Signal(str)
    export_requested = Signal(str)  # starred, reading, or tag:NAME

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Library")
        heading.setObjectName("heading")
        layout.addWidget(heading)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(10)
        self.tree.setToolTip(
            "Your dumps, tags, reading list and starred papers. Click a dump or a tag to list its papers; "
            "right-click a tag to rename or export it."
        )
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)  # Enter on an entry does what a click does
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.remove_button = QPushButton("Remove…")
        self.remove_button.setToolTip("Remove the selected dump (its papers found nowhere else) or starred paper")
        self.remove_button.clicked.connect(self._remove)
        row.addWidget(self.remove_button)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip(
            "Export the selected tag, the reading list or the starred papers (BibTeX, RIS, CSL-JSON)"
        )
        self.export_button.clicked.connect(self._export_selected)
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.sources_root = QTreeWidgetItem(["Dumps"])
        self.reading_order = "state"
        self._last: (
            tuple[LibraryStats, list[Paper], dict[str, int] | None, list[tuple[Paper, str, float]] | None] | None
        ) = None
        self.tags_root = QTreeWidgetItem(["Tags"])
        self.reading_root = QTreeWidgetItem(["Reading list"])
        self.starred_root = QTreeWidgetItem(["Starred"])
        self.tree.addTopLevelItems([self.sources_root, self.tags_root, self.reading_root, self.starred_root])

    def show_library(
        self,
        stats: LibraryStats,
        starred: list[Paper],
        tags: dict[str, int] | None = None,
        reading: list[tuple[Paper, str, float]] | None = None,
    ) -> None:
        self._last = (stats, starred, tags, reading)
        for root in (self.sources_root, self.tags_root, self.reading_root, self.starred_root):
            root.takeChildren()
        tags, reading = tags or {}, reading or []
        self.tags_root.setText(1, str(len(tags)))
        for tag, count in tags.items():
            item = QTreeWidgetItem([f"# {tag}", str(count)])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setData(0, Qt.ItemDataRole.UserRole, (TAG, tag))
            item.setToolTip(0, f"{tag}: {count} papers (right-click to rename, remove or export)")
            self.tags_root.addChild(item)
        unread = sum(1 for _, state, _ in reading if state != "read")
        self.reading_root.setText(1, f"{unread}/{len(reading)}" if reading else "0")
        self.reading_root.setToolTip(0, f"Sorted by {self.reading_order}; right-click to sort otherwise or export")
        key = READING_SORTS[self.reading_order]
        for paper, state, _ in reading if key is None else sorted(reading, key=key):
            item = QTreeWidgetItem([f"{READING_MARKS.get(state, '')} {paper.display_title}"])
            item.setData(0, Qt.ItemDataRole.UserRole, (PAPER, paper))
            item.setToolTip(0, f"{state}: {paper.display_title}")
            self.reading_root.addChild(item)
        for root in (self.tags_root, self.reading_root):
            root.setExpanded(True)
        self.sources_root.setText(0, "Dumps")
        self.sources_root.setText(1, str(len(stats.sources)))
        for name, count in stats.sources.items():
            item = QTreeWidgetItem([name, str(count)])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setData(0, Qt.ItemDataRole.UserRole, (SOURCE, name))
            item.setToolTip(0, f"{name}: {count} papers")
            self.sources_root.addChild(item)
        self.starred_root.setText(0, "Starred")
        self.starred_root.setText(1, str(len(starred)))
        for paper in starred:
            item = QTreeWidgetItem([paper.display_title])
            item.setData(0, Qt.ItemDataRole.UserRole, (PAPER, paper))
            item.setToolTip(0, paper.display_title)
            self.starred_root.addChild(item)
        self.sources_root.setExpanded(True)
        self.starred_root.setExpanded(True)

    def _clicked(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        kind, value = data
        if kind == SOURCE:
            self.source_chosen.emit(value)
        elif kind == TAG:
            self.tag_chosen.emit(value)
        else:
            self.paper_chosen.emit(value)

    def _menu(self, position: QPoint) -> None:
        item = self.tree.itemAt(position)
        data = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        menu = QMenu(self)
        if data and data[0] == TAG:
            tag = data[1]
            menu.addAction("Rename tag…", lambda: self.ask_rename(tag))
            menu.addAction("Remove tag…", lambda: self._remove_tag(tag))
            menu.addAction("Export papers with this tag…", lambda: self.export_requested.emit(f"tag:{tag}"))
        elif item in (self.reading_root, self.starred_root):
            kind = "reading" if item is self.reading_root else "starred"
            menu.addAction("Export…", lambda: self.export_requested.emit(kind))
            if item is self.reading_root:
                for order in READING_SORTS:
                    menu.addAction(f"Sort by {order}", partial(self.sort_reading, order))
        if not menu.isEmpty():
            menu.exec(self.tree.viewport().mapToGlobal(position))

    def sort_reading(self, order: str) -> None:
        self.reading_order = order
        if self._last is not None:
            self.show_library(*self._last)

    def ask_rename(self, tag: str) -> None:
        new, ok = QInputDialog.getText(self, "Rename tag", f"New name for “{tag}” (on every paper):", text=tag)
        if ok and new.strip() and new.strip() != tag:
            self.rename_tag_requested.emit(tag, new.strip())

    def _remove_tag(self, tag: str) -> None:
        question = f"Remove the tag “{tag}” from every paper? The papers stay."
        if self._confirm(question):
            self.delete_tag_requested.emit(tag)

    def _export_selected(self) -> None:
        item = self.tree.currentItem()
        data = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if data and data[0] == TAG:
            self.export_requested.emit(f"tag:{data[1]}")
        elif item is self.reading_root or (item is not None and item.parent() is self.reading_root):
            self.export_requested.emit("reading")
        else:
            self.export_requested.emit("starred")

    def _confirm(self, question: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Remove", question, QMessageBox.StandardButton.Cancel, self)
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        return box.clickedButton() is remove

    def _remove(self) -> None:
        item = self.tree.currentItem()
        data = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if not data:
            return
        kind, value = data
        if kind == TAG:
            self._remove_tag(value)
            return
        name = value if kind == SOURCE else value.display_title
        question = (
            f"Remove the dump “{name}”? Papers found only in it are deleted, with their notes and tags; "
            "papers also in other dumps stay."
            if kind == SOURCE
            else f"Remove the paper “{name}” from the library?"
            + (" Its note and tags go with it." if value.note or value.tags else "")
        )
        if self._confirm(question):
            if kind == SOURCE:
                self.remove_source_requested.emit(value)
            else:
                self.remove_paper_requested.emit(value)
