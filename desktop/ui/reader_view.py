"""The reader: one paper's abstract, metadata and sources, with its actions."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLayout, QMenu, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop.core.library.exporters import formatted_reference, to_bibtex
from desktop.core.library.records import Paper, author_separator
from desktop.core.text.sentences import Sentence
from desktop.ui import html
from desktop.ui.flow_layout import FlowLayout
from desktop.ui.notes_editor import NotesEditor
from desktop.ui.qt_helpers import fixed_width_for_texts

EVIDENCE_ANCHOR = "evidence"
READER_MIN_HEIGHT = 140  # the title, the authors and a few lines of the abstract


def _abstract_html(abstract: str, sentence: Sentence | None, mark: str) -> str:
    """The abstract, escaped, with the sentence (when given and found at its offsets) highlighted."""
    if sentence is None or abstract[sentence.start : sentence.end] != sentence.text:
        return html.text(abstract)
    before, inside, after = (
        abstract[: sentence.start],
        abstract[sentence.start : sentence.end],
        abstract[sentence.end :],
    )
    return (
        f'{html.text(before)}<a name="{EVIDENCE_ANCHOR}"></a>'
        f'<span style="background-color:{mark}">{html.text(inside)}</span>{html.text(after)}'
    )


class ReaderView(QWidget):
    ask_requested = Signal(object)
    tldr_requested = Signal(object)
    similar_requested = Signal(object)
    star_toggled = Signal(object, bool)
    author_requested = Signal(str)

    def __init__(self, colors: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors = colors
        self.paper: Paper | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setToolTip("The selected paper (click an author to list their papers)")
        self.browser.anchorClicked.connect(self._link)
        self.browser.setMinimumHeight(READER_MIN_HEIGHT)
        layout.addWidget(self.browser, 1)
        self.notes = NotesEditor()
        layout.addWidget(self.notes)
        buttons = FlowLayout()  # wraps when the panel is narrow instead of widening it
        self.ask_button = self._button("Ask about this paper", "Ask a question answered from this paper", buttons)
        self.tldr_button = self._button("TL;DR", "A 2–3 sentence summary of this paper", buttons)
        self.similar_button = self._button("More like this", "Papers closest in meaning to this one", buttons)
        self.copy_button = self._button(
            "Copy citation", "Copy a reference (a formatted one, or BibTeX) to the clipboard", buttons
        )
        copy_menu = QMenu(self.copy_button)
        copy_menu.addAction("Formatted reference", lambda: self.copy_citation("formatted"))
        copy_menu.addAction("BibTeX", lambda: self.copy_citation("bibtex"))
        copy_menu.addAction("Plain text with sources", lambda: self.copy_citation("plain"))
        self.copy_button.setMenu(copy_menu)
        self.star_button = self._button(
            "☆ Star", "Star this paper; starred papers are listed in the library panel", buttons
        )
        self.star_button.setCheckable(True)
        fixed_width_for_texts(self.star_button, ("☆ Star", "★ Starred"))  # a star does not move the layout
        self.pdf_button = self._button("Open PDF", "Open the paper's PDF in the system's viewer", buttons)
        self.pdf_button.clicked.connect(self.open_pdf)
        layout.addLayout(buttons)
        self.ask_button.clicked.connect(lambda: self.paper and self.ask_requested.emit(self.paper))
        self.tldr_button.clicked.connect(lambda: self.paper and self.tldr_requested.emit(self.paper))
        self.similar_button.clicked.connect(lambda: self.paper and self.similar_requested.emit(self.paper))
        self.star_button.toggled.connect(self._star)
        self.show_paper(None)

    def _button(self, label: str, tip: str, layout: QLayout) -> QPushButton:
        button = QPushButton(label)
        button.setToolTip(tip)
        layout.addWidget(button)
        return button

    def show_paper(self, paper: Paper | None, sentence: Sentence | None = None) -> None:
        """Shows a paper; a sentence of its abstract (evidence) is highlighted and scrolled to."""
        self.paper = paper
        self.notes.show_paper(paper)
        for button in (self.ask_button, self.tldr_button, self.similar_button, self.copy_button, self.star_button):
            button.setEnabled(paper is not None)
        self._show_pdf_button(paper)
        if paper is None:
            self.browser.setHtml(f'<p style="color:{self.colors["muted"]}">Select a result to read its abstract.</p>')
            return
        self.browser.setHtml(self._paper_html(paper, sentence))
        if sentence is not None:
            self.browser.scrollToAnchor(EVIDENCE_ANCHOR)
        self.star_button.blockSignals(True)
        starred = paper.starred
        self.star_button.setChecked(starred)
        self.star_button.setText("★ Starred" if starred else "☆ Star")
        self.star_button.blockSignals(False)

    def _paper_html(self, paper: Paper, sentence: Sentence | None) -> str:
        muted = f'style="color:{self.colors["muted"]}"'
        derived = " <i>(first words of the abstract)</i>" if paper.title_is_derived else ""
        authors = author_separator(paper.authors).join(
            f'<a href="author:{quote(name)}">{html.text(name)}</a>' for name in paper.authors
        )
        if not authors and paper.authors_text:
            authors = html.text(paper.authors_text)
        details = [paper.venue, paper.date_text, "中文" if paper.lang == "zh" else "", ", ".join(paper.sources)]
        if paper.upvotes:
            details.append(f"▲ {paper.upvotes}")
        parts = [
            f"<h3>{html.text(paper.display_title)}{derived}</h3>",
            f"<p>{authors}</p>" if authors else "",
            f"<p {muted}>{html.text(' · '.join(d for d in details if d))}</p>",
            f'<p style="line-height:140%">{_abstract_html(paper.abstract, sentence, self.colors["mark"])}</p>',
        ]
        if paper.machine_summary:
            parts.append(
                f"<p {muted}><b>Summary written by the dump's tool</b> (not the abstract): "
                f"{html.text(paper.machine_summary)}</p>"
            )
        if paper.keywords:
            parts.append(f"<p {muted}>Keywords: {html.text('; '.join(paper.keywords))}</p>")
        identifiers = " · ".join(part for part in (html.identifiers_text(paper), f"id {paper.id[:12]}") if part)
        parts.append(f"<p {muted}>{html.text(identifiers)}</p>")
        if paper.pdf_path:
            parts.append(f'<p {muted}>PDF: <a href="pdf:open">{html.text(paper.pdf_path)}</a></p>')
        return "".join(parts)

    def _show_pdf_button(self, paper: Paper | None) -> None:
        """Open PDF is there for a paper whose PDF is known; it says so when the file has gone."""
        path = Path(paper.pdf_path) if paper is not None and paper.pdf_path else None
        self.pdf_button.setVisible(path is not None)
        self.pdf_button.setEnabled(path is not None and path.is_file())
        if path is not None:
            found = path.is_file()
            self.pdf_button.setToolTip(f"Open {path} in the system's viewer" if found else f"The PDF is no longer at {path}")

    def open_pdf(self) -> None:
        if self.paper is not None and self.paper.pdf_path and Path(self.paper.pdf_path).is_file():
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.paper.pdf_path))

    def _link(self, url: QUrl) -> None:
        if url.scheme() == "author":
            self.author_requested.emit(unquote(url.path()))
        elif url.scheme() == "pdf":
            self.open_pdf()

    def copy_citation(self, style: str = "formatted") -> None:
        if self.paper is None:
            return
        if style == "bibtex":
            text = to_bibtex([self.paper])
        elif style == "plain":
            text = html.citation_text(self.paper)
        else:
            text = formatted_reference(self.paper)
        QGuiApplication.clipboard().setText(text)

    def _star(self, on: bool) -> None:
        if self.paper is None:
            return
        self.paper.starred = on
        self.star_button.setText("★ Starred" if on else "☆ Star")
        self.star_toggled.emit(self.paper, on)

    def plain_text(self) -> str:
        return self.browser.toPlainText()

    def highlighted(self) -> str:
        """The text highlighted in the abstract (the evidence sentence), or ''."""
        document = self.browser.document()
        block = document.begin()
        found = []
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().background().color().name() == QColor(self.colors["mark"]).name():
                    found.append(fragment.text())
                fragments += 1
            block = block.next()
        return "".join(found)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Escape:
            event.ignore()
            return
        super().keyPressEvent(event)
