"""The page an empty library shows: where to drop dumps, what they may be, and Import…."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

FORMATS_HINT = (
    "Hugging Face Daily Papers pages, trending lists, one abstract per line, translated listings,\n"
    "exports from Zotero, EndNote, Mendeley, Scopus, Web of Science, PubMed and arXiv\n"
    "(RIS, BibTeX, MEDLINE, CSV / TSV, CSL-JSON, JSON / JSONL) — files or whole folders.\n"
    "Folders added in Settings are watched: new dumps there import by themselves."
)


class WelcomePage(QWidget):
    def __init__(self, on_import: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        zone = QFrame()
        zone.setObjectName("dropZone")
        inner = QVBoxLayout(zone)
        inner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("Drop paper dumps here")
        title.setStyleSheet("font-size: 18pt; font-weight: 700;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(FORMATS_HINT)
        hint.setObjectName("muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)  # a narrow panel wraps the lines instead of widening the window
        button = QPushButton("Import…")
        button.setObjectName("primary")
        button.setToolTip("Choose dump files to import (Ctrl+O)")
        button.clicked.connect(on_import)
        inner.addWidget(title, 0, Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(hint)
        inner.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(zone)
