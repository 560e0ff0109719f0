"""The library panel: sources (dumps) with counts, starred papers, and removal with confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.library import LibraryStats
from desktop.core.records import Paper

SOURCE, PAPER = 1, 2


class LibraryPanel(QWidget):
    source_chosen = Signal(str)
    paper_chosen = Signal(object)
    remove_source_requested = Signal(str)
    remove_paper_requested = Signal(object)

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
            "Your dumps with their paper counts, and your starred papers. Click a dump to filter by it."
        )
        self.tree.itemClicked.connect(self._clicked)
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
        row.addStretch(1)
        layout.addLayout(row)
        self.sources_root = QTreeWidgetItem(["Dumps"])
        self.starred_root = QTreeWidgetItem(["Starred"])
        self.tree.addTopLevelItems([self.sources_root, self.starred_root])

    def show_library(self, stats: LibraryStats, starred: list[Paper]) -> None:
        for root in (self.sources_root, self.starred_root):
            root.takeChildren()
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
        else:
            self.paper_chosen.emit(value)

    def _remove(self) -> None:
        item = self.tree.currentItem()
        data = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if not data:
            return
        kind, value = data
        name = value if kind == SOURCE else value.display_title
        question = (
            f"Remove the dump “{name}”? Papers found only in it are deleted; papers also in other dumps stay."
            if kind == SOURCE
            else f"Remove the paper “{name}” from the library?"
        )
        box = QMessageBox(QMessageBox.Icon.Question, "Remove", question, QMessageBox.StandardButton.Cancel, self)
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        if box.clickedButton() is remove:
            if kind == SOURCE:
                self.remove_source_requested.emit(value)
            else:
                self.remove_paper_requested.emit(value)
