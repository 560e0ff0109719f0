"""The results list: title, highlighted snippet, source, date and relevance for each hit."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.base.filters import SearchFilters
from desktop.core.library.records import Paper
from desktop.core.models.embedding import Embedder
from desktop.core.search.cut import RelevantHits
from desktop.core.search.hybrid import Hit, reads_language
from desktop.ui import html
from desktop.ui.flow_layout import FlowLayout

RELEVANCE_TIP = (
    "Relevance: each result's score as a share of the best result's (hybrid search fuses the keyword and the "
    "meaning rankings). The list stops where relevance falls away."
)


class HitCard(QWidget):
    """One result, rendered from escaped text only."""

    def __init__(
        self, hit: Hit, colors: dict[str, str], relevance: float | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        paper = hit.paper
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        derived = (
            ' <span style="color:{}">(first words)</span>'.format(colors["muted"]) if paper.title_is_derived else ""
        )
        self.title = QLabel(f"<b>{html.text(paper.display_title)}</b>{derived}")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.snippet = QLabel(html.snippet_html(hit.snippet, colors["mark"]))
        self.snippet.setTextFormat(Qt.TextFormat.RichText)
        self.snippet.setWordWrap(True)
        score = "" if relevance is None else f"relevance {relevance:.0%}"
        meta = " · ".join(
            part for part in (html.short_authors(paper, 2), paper.date_text, ", ".join(paper.sources), score) if part
        )
        marks = ("✎ note · " if paper.note else "") + "".join(f"#{tag} " for tag in paper.tags)
        marks_html = f'<span style="color:{colors["accent"]}">{html.text(marks)}</span>' if marks else ""
        self.meta = QLabel(f'{marks_html}<span style="color:{colors["muted"]}">{html.text(meta)}</span>')
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        self.meta.setWordWrap(True)
        for label in (self.title, self.snippet, self.meta):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)


def card_height(card: QWidget, width: int) -> int:
    """The height a card needs at a width, its wrapped labels included."""
    layout = card.layout()
    if layout is None:
        return card.sizeHint().height()
    layout.activate()
    return max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height())


class ResultsView(QWidget):
    """Results with multi-select and actions over the selection."""

    paper_opened = Signal(object)
    summarize_requested = Signal(list)
    compare_requested = Signal(list)
    ask_requested = Signal(list)
    export_requested = Signal()

    def __init__(self, colors: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors = colors
        self.hits: list[Hit] = []
        self.relevance: list[float] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel("")
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.summary.setToolTip(RELEVANCE_TIP)
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # cards wrap instead
        self.list.setToolTip("Search results. Ctrl/Shift-click to select several papers.")
        self.list.currentItemChanged.connect(self._open_current)
        self.list.itemSelectionChanged.connect(self._update_actions)
        layout.addWidget(self.list, 1)
        actions = FlowLayout()  # wraps when the panel is narrow instead of widening it
        self.summarize_button = QPushButton("Summarize selected")
        self.summarize_button.setToolTip("A synthesis of the selected papers, with citations")
        self.compare_button = QPushButton("Compare selected")
        self.compare_button.setToolTip("A table of task, method, data and result for the selected papers")
        self.ask_button = QPushButton("Ask about selected")
        self.ask_button.setToolTip("Ask a question answered from the selected papers only")
        self.summarize_button.clicked.connect(lambda: self.summarize_requested.emit(self.selected_hits()))
        self.compare_button.clicked.connect(lambda: self.compare_requested.emit(self.selected_hits()))
        self.ask_button.clicked.connect(lambda: self.ask_requested.emit(self.selected_hits()))
        self.export_button = QPushButton("Export selected…")
        self.export_button.setToolTip("Save the selected papers as BibTeX, RIS or CSL-JSON (with notes and tags)")
        self.export_button.clicked.connect(self.export_requested.emit)
        for button in (self.summarize_button, self.compare_button, self.ask_button, self.export_button):
            actions.addWidget(button)
        layout.addLayout(actions)
        self._update_actions()

    def show_hits(self, hits: list[Hit], summary: str, relevance: list[float] | None = None) -> None:
        """Shows hits, each with its relevance when given (none for lists by date)."""
        self.hits, self.relevance = hits, relevance
        self.list.clear()
        width = self._card_width()
        for index, hit in enumerate(hits):
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, hit)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, hit.paper.display_title)
            card = HitCard(hit, self.colors, relevance[index] if relevance else None)
            item.setSizeHint(QSize(width, card_height(card, width)))
            self.list.addItem(item)
            self.list.setItemWidget(item, card)
        self.summary.setText(summary)
        self._update_actions()

    def redraw(self) -> None:
        """The same hits drawn again (in the theme's new colours), the current one kept."""
        row = self.list.currentRow()
        self.show_hits(self.hits, self.summary.text(), self.relevance)
        if 0 <= row < self.list.count():
            self.list.blockSignals(True)
            self.list.setCurrentRow(row)
            self.list.blockSignals(False)

    def _card_width(self) -> int:
        return max(200, self.list.viewport().width() - 4)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        width = self._card_width()
        for row in range(self.list.count()):
            item = self.list.item(row)
            card = self.list.itemWidget(item)
            if card is not None:
                item.setSizeHint(QSize(width, card_height(card, width)))

    def selected_hits(self) -> list[Hit]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]

    def selected_papers(self) -> list[Paper]:
        return [hit.paper for hit in self.selected_hits()]

    def _open_current(self, current: QListWidgetItem | None) -> None:
        if current is not None:
            hit: Hit = current.data(Qt.ItemDataRole.UserRole)
            self.paper_opened.emit(hit.paper)

    def _update_actions(self) -> None:
        count = len(self.list.selectedItems())
        self.summarize_button.setEnabled(count >= 1)
        self.compare_button.setEnabled(count >= 2)
        self.ask_button.setEnabled(count >= 1)
        self.export_button.setEnabled(count >= 1)

    def select_paper(self, paper: Paper) -> None:
        for row in range(self.list.count()):
            hit: Hit = self.list.item(row).data(Qt.ItemDataRole.UserRole)
            if hit.paper.id == paper.id:
                self.list.setCurrentRow(row)
                return


def results_summary(found: RelevantHits, query: str, filters: SearchFilters) -> str:
    """The line above the results: how many matched the query (and its words), or which
    filtered papers are shown."""
    count = found.count
    if query:
        if not count:
            return f"No paper matches “{query}”."
        if found.closest_only:
            return f"Nothing matches “{query}” well; the {plural(count, 'closest paper')} by meaning:"
        words = found.keyword_matches
        parts = [f"{words} with its words" if words < count else ("all with its words" if count > 1 else "")]
        if found.left_out:
            parts.append(f"{found.left_out} weaker left out")
        detail = ", ".join(part for part in parts if part)
        return f"{plural(count, 'result')} for “{query}”" + (f" ({detail})" if detail else "")
    filtered = " (filtered)" if filters.source or filters.lang or filters.year or filters.tag else ""
    by = f" by {filters.author}" if filters.author else ""
    if count == 1:
        return f"The one paper{by}{filtered}"
    return f"{plural(count, 'paper')}{by}, newest first{filtered}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def ranking_note(query: str, embedder: Embedder | None) -> str:
    """What the summary adds when a query is ranked by its words only; embedder None: not loaded yet."""
    if embedder is None:
        return " — by keyword only until the embedding model is loaded"
    if not reads_language(embedder, query):
        return " — by its words: the embedding model reads English only"
    return ""
