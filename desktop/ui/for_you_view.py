"""For you: a page in the window's centre that ranks a set of papers (the last import's dumps, a
dump, a tag, a year, the current search results) by the user's marks, with per-tag suggestions
("3 new for #thesis"), why each paper comes where it does, and a **Not interested** button.
`install` adds the page and its menu entries (and Screen a review…) to the main window.

Thread rules: ranking and the Not interested mark run on workers; the page only shows results."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.base.filters import SearchFilters
from desktop.core.ingest.import_report import ImportReport
from desktop.core.screening.for_you import Feed, ForYou, Ranked
from desktop.core.screening.marks import NOT_INTERESTED, is_reserved
from desktop.core.session import Session
from desktop.ui import html
from desktop.ui.qt_helpers import menu_action
from desktop.ui.results_view import card_height
from desktop.ui.screening_view import ScreeningWindow
from desktop.ui.workers import WorkerPool

JOB = "for-you"
WITHIN = 500  # the newest papers of a set that are ranked
LATEST = ("latest", "")


class FeedCard(QWidget):
    not_interested = Signal(object)

    def __init__(self, item: Ranked, colors: dict[str, str]) -> None:
        super().__init__()
        paper = item.paper
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        text = QVBoxLayout()
        title = QLabel(f"<b>{html.text(paper.display_title)}</b>")
        meta = " · ".join(p for p in (html.short_authors(paper, 2), paper.date_text, ", ".join(paper.sources)) if p)
        why = QLabel(
            f'<span style="color:{colors["accent"]}">{html.text(item.why)}</span><br>'
            f'<span style="color:{colors["muted"]}">{html.text(meta)}</span>'
        )
        for label in (title, why):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            text.addWidget(label)
        layout.addLayout(text, 1)
        self.button = QPushButton("Not interested")
        self.button.setToolTip("Mark it so: For you learns from it, and it leaves this list")
        self.button.clicked.connect(lambda: self.not_interested.emit(item.paper))
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)


class ForYouView(QWidget):
    paper_opened = Signal(object)
    ranked = Signal()  # a ranking is on screen
    failed = Signal(object, str)

    def __init__(self, session: Session, pool: WorkerPool, colors: dict[str, str]) -> None:
        super().__init__()
        self.session, self.pool, self.colors = session, pool, colors
        self.ranker = ForYou(session.library)
        self.latest_sources: list[str] = []
        self.search_ids: list[str] = []
        self.query = ""
        self.feed: Feed | None = None
        self.screens: list[ScreeningWindow] = []  # the screening windows opened from the View menu
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel("<b style='font-size:15px'>For you</b>")
        top.addWidget(heading)
        self.scope = QComboBox()
        self.scope.currentIndexChanged.connect(lambda _: self.refresh())
        top.addWidget(self.scope, 1)
        layout.addLayout(top)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color:{colors['muted']}")
        self.tags = QLabel("")
        self.tags.setWordWrap(True)
        self.tags.setTextFormat(Qt.TextFormat.RichText)
        self.list = QListWidget()
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # cards wrap instead
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.currentItemChanged.connect(lambda item, _: self._open(item) if item is not None else None)
        self.list.itemClicked.connect(self._open)
        for widget in (self.note, self.tags, self.list):
            layout.addWidget(widget, 1 if widget is self.list else 0)

    def fill_scopes(self) -> None:
        """The sets For you can rank: the last import, each dump, tag and year, the search results."""
        library = self.session.library
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        if self.latest_sources:
            self.scope.addItem(f"New in the last import ({', '.join(self.latest_sources)})", LATEST)
        self.scope.addItem("The newest papers", ("all", ""))
        if self.search_ids:
            self.scope.addItem(f"The current search results ({len(self.search_ids)})", ("search", ""))
        stats = library.stats()
        for source in stats.sources:
            self.scope.addItem(f"Dump: {source}", ("source", source))
        for tag in library.annotations.tag_counts():
            if not is_reserved(tag):
                self.scope.addItem(f"Tag: #{tag}", ("tag", tag))
        for year in sorted(stats.years, reverse=True):
            self.scope.addItem(f"Year: {year}", ("year", str(year)))
        index = self.scope.findData(current) if current is not None else -1
        self.scope.setCurrentIndex(max(index, 0))
        self.scope.blockSignals(False)

    def _candidates(self) -> list[str]:
        kind, value = self.scope.currentData() or ("all", "")
        library = self.session.library
        if kind == "search":
            return list(self.search_ids)
        if kind == "latest":
            return [
                pid
                for source in self.latest_sources
                for pid in library.newest_ids(SearchFilters(source=source), WITHIN)
            ]
        filters = {
            "source": SearchFilters(source=value),
            "tag": SearchFilters(tag=value),
            "year": SearchFilters(year=int(value) if value else None),
        }.get(kind, SearchFilters())
        return library.newest_ids(filters, WITHIN)

    def refresh(self) -> None:
        """Ranks the chosen set again (after a mark, an import, a new scope)."""
        if self.scope.count() == 0:
            self.fill_scopes()
        candidates, ranker, query = self._candidates(), self.ranker, self.query
        embed = self.session.embedder.embed if self.session.embedder_ready and query else None

        def rank() -> Feed:
            vector = np.asarray(embed([query]))[0] if embed is not None else None
            return ranker.rank(candidates, vector)

        self.note.setText("Ranking…")
        self.pool.call(rank, JOB, self.show_feed, lambda e: self.failed.emit(e, "For you"), latest_only=True)

    def show_feed(self, feed: Feed) -> None:
        self.feed = feed
        self.list.clear()
        note = feed.note or "Ranked by what you starred, tagged, noted and put on your reading list."
        if feed.marked:
            note += f" {feed.marked} you already marked are left out."
        self.note.setText(note)
        self.tags.setText(
            "<br>".join(
                f'<span style="color:{self.colors["accent"]}"><b>{len(found)} new for #{html.text(tag)}</b></span> — '
                + html.text("; ".join(_short(r.paper.display_title) for r in found[:2]))
                + (f" and {len(found) - 2} more" if len(found) > 2 else "")
                for tag, found in feed.by_tag.items()
            )
        )
        self.tags.setVisible(bool(feed.by_tag))
        width = max(self.list.viewport().width() - 4, 300)
        for item in feed.ranked:
            card = FeedCard(item, self.colors)
            card.not_interested.connect(self.mark_not_interested)
            row = QListWidgetItem()
            row.setData(Qt.ItemDataRole.UserRole, item.paper)
            row.setSizeHint(QSize(width, card_height(card, width)))
            self.list.addItem(row)
            self.list.setItemWidget(row, card)
        self.ranked.emit()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Cards wrap to the list's new width."""
        super().resizeEvent(event)
        width = max(self.list.viewport().width() - 4, 300)
        for item in (self.list.item(row) for row in range(self.list.count())):
            card = self.list.itemWidget(item)
            if card is not None:
                item.setSizeHint(QSize(width, card_height(card, width)))

    def _open(self, item: QListWidgetItem) -> None:
        self.paper_opened.emit(item.data(Qt.ItemDataRole.UserRole))

    def mark_not_interested(self, paper: Any) -> None:
        if self.session.library.read_only:
            self.note.setText("This library is read-only here; mark papers in the other window.")
            return
        notes = self.session.library.annotations
        self.pool.call(
            lambda: notes.add_tags([paper.id], [NOT_INTERESTED]),
            "not-interested",
            lambda _: self.refresh(),
            lambda e: self.failed.emit(e, "Not interested"),
        )


def _short(title: str, most: int = 48) -> str:
    return title if len(title) <= most else title[: most - 1].rstrip() + "…"


def install(window: Any) -> ForYouView:
    """The For you page in the window's centre, the View menu's For you (Ctrl+J) and Screen a
    review… (Ctrl+Shift+R); after an import that brought papers, For you ranks them. window: the
    MainWindow (not imported: it imports this module)."""
    view = ForYouView(window.session, window.pool, window.colors)
    window.stack.addWidget(view)
    view.paper_opened.connect(window.open_paper)
    view.failed.connect(window.show_error)
    menu = next((a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"), None)
    if menu is None:
        menu = window.menuBar().addMenu("&View")

    def show() -> None:
        view.search_ids = [hit.paper.id for hit in window.results.hits]
        view.query = window.search_bar.text()
        view.fill_scopes()
        window.stack.setCurrentWidget(view)
        view.refresh()

    def screen() -> None:
        ids = [hit.paper.id for hit in window.results.hits]
        screening = ScreeningWindow(window.session, window.pool, window.colors, ids)
        screening.changed.connect(window.refresh_library)
        screening.failed.connect(window.show_error)
        view.screens.append(screening)
        window.closed.connect(screening.close)
        screening.show()

    def imported(report: ImportReport) -> None:
        sources = [f.source for f in report.files if f.new and f.source]
        if sources:
            view.latest_sources = sources
            view.scope.blockSignals(True)
            view.scope.clear()
            view.scope.blockSignals(False)
            if not window.search_bar.text():
                show()

    menu_action(menu, "&For you", show, "Ctrl+J")
    menu_action(menu, "&Screen a review…", screen, "Ctrl+Shift+R")
    window.importer.finished.connect(imported)
    window.paper_actions.changed.connect(lambda _: view.refresh() if window.stack.currentWidget() is view else None)
    return view
