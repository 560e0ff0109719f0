"""Under the reader: the paper's note (saved as you type), its tags and its reading state."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.library.annotations import clean_tag
from desktop.core.library.records import READING_STATES, Paper
from desktop.ui.qt_helpers import single_shot_timer

SAVE_AFTER_MS = 600
READING_LABELS = {"": "Not on reading list", "to read": "To read", "reading": "Reading", "read": "Read"}


def split_tags(text: str) -> list[str]:
    return list(dict.fromkeys(tag for tag in (clean_tag(part) for part in text.split(",")) if tag))


class NotesEditor(QWidget):
    note_changed = Signal(object, str)  # paper, text (after a pause in typing)
    tags_changed = Signal(object, list)
    reading_changed = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paper: Paper | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Tags"))
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("comma-separated, e.g. to cite, robotics")
        self.tags.setToolTip("This paper's tags, separated by commas; Enter saves them")
        self.tags.editingFinished.connect(self._tags_edited)
        self.completer = QCompleter([])
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(self.completer)
        row.addWidget(self.tags, 1)
        self.reading = QComboBox()
        for state in READING_STATES:
            self.reading.addItem(READING_LABELS[state], state)
        self.reading.setToolTip("Put this paper on your reading list, or mark how far you are")
        self.reading.currentIndexChanged.connect(self._reading_edited)
        row.addWidget(self.reading)
        layout.addLayout(row)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Your note on this paper (Markdown welcome); saved as you type")
        self.note.setToolTip("Why this paper matters to you; notes are found by keyword search")
        self.note.setMaximumHeight(58)  # three lines: the abstract above keeps the room
        self.timer = single_shot_timer(self, SAVE_AFTER_MS, self.save_note)
        self.note.textChanged.connect(self.timer.start)
        layout.addWidget(self.note)
        self.show_paper(None)

    def set_known_tags(self, tags: list[str]) -> None:
        self.completer.model().setStringList(tags)  # type: ignore[attr-defined]

    def show_paper(self, paper: Paper | None) -> None:
        if self.timer.isActive():
            self.save_note()  # the note typed for the previous paper is not lost
        self.paper = paper
        for widget in (self.tags, self.reading, self.note):
            widget.blockSignals(True)
            widget.setEnabled(paper is not None)
        self.tags.setText(", ".join(paper.tags) if paper else "")
        self.reading.setCurrentIndex(max(0, self.reading.findData(paper.reading_state if paper else "")))
        self.note.setPlainText(paper.note if paper else "")
        for widget in (self.tags, self.reading, self.note):
            widget.blockSignals(False)

    def save_note(self) -> None:
        self.timer.stop()
        text = self.note.toPlainText()
        if self.paper is not None and text != self.paper.note:
            self.paper.note = text
            self.note_changed.emit(self.paper, text)

    def _tags_edited(self) -> None:
        tags = split_tags(self.tags.text())
        if self.paper is not None and tags != self.paper.tags:
            self.paper.tags = tags
            self.tags_changed.emit(self.paper, tags)
        self.tags.setText(", ".join(tags))

    def _reading_edited(self) -> None:
        state = str(self.reading.currentData() or "")
        if self.paper is not None and state != self.paper.reading_state:
            self.paper.reading_state = state
            self.reading_changed.emit(self.paper, state)
