"""Screening a review in its own window: choose a set (a dump, a tag, the current search results or
a review already started) and, optionally, the inclusion criteria; then one record at a time,
Include / Exclude / Maybe (keys I, E, M), Undo (U or Ctrl+Z), the live recall curve and a hint
after many irrelevant records in a row; export the decisions (RIS or CSV).

Thread rules: the Screener is built and every decision is written and learned from on a worker
(one at a time: keys pressed while one runs are ignored); the window only shows results."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.base.filters import SearchFilters
from desktop.core.base.jsonfile import write_text_atomically
from desktop.core.screening.exports import export_decisions
from desktop.core.screening.marks import Decision, is_reserved
from desktop.core.screening.reviews import Reviews
from desktop.core.screening.screener import Screener, Suggestion
from desktop.core.session import Session
from desktop.ui import html
from desktop.ui.recall_chart import RecallChart
from desktop.ui.workers import WorkerPool

JOB = "screening"
KEYS = {Qt.Key.Key_I: Decision.INCLUDED, Qt.Key.Key_E: Decision.EXCLUDED, Qt.Key.Key_M: Decision.MAYBE}


class ScreeningWindow(QWidget):
    changed = Signal()  # a decision was kept (the library's tags changed)
    shown_record = Signal()  # a record (or the end) is on screen: the window is ready for a key
    failed = Signal(object, str)

    def __init__(self, session: Session, pool: WorkerPool, colors: dict[str, str], search_ids: list[str]) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.session, self.pool, self.colors = session, pool, colors
        self.search_ids = search_ids
        self.screener: Screener | None = None
        self.current: Suggestion | None = None
        self.busy = False
        self.setWindowTitle("Screen a review — Abstracta")
        self.resize(1100, 720)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._screen_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # the first page: what to screen
    def _setup_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. antihistamines 2024")
        self.set_choice = QComboBox()
        library = self.session.library
        for name in Reviews(library).names():
            self.set_choice.addItem(f"Go on with the review “{name}”", ("review", name))
        if self.search_ids:
            self.set_choice.addItem(f"The current search results ({len(self.search_ids)})", ("search", ""))
        for source, count in library.stats().sources.items():
            self.set_choice.addItem(f"The dump {source} ({count})", ("source", source))
        for tag, count in library.annotations.tag_counts().items():
            if not is_reserved(tag):
                self.set_choice.addItem(f"The tag #{tag} ({count})", ("tag", tag))
        self.criteria = QPlainTextEdit()
        self.criteria.setPlaceholderText("Optional: the inclusion criteria in words (they rank the first records)")
        self.criteria.setMaximumHeight(110)
        self.start_button = QPushButton("Start screening")
        self.start_button.clicked.connect(self.start)
        self.setup_note = QLabel("")
        self.setup_note.setWordWrap(True)
        form.addRow("Review name", self.name)
        form.addRow("Papers to screen", self.set_choice)
        form.addRow("Inclusion criteria", self.criteria)
        form.addRow("", self.start_button)
        form.addRow("", self.setup_note)
        return page

    def _screen_page(self) -> QWidget:
        page = QWidget()
        outer = QHBoxLayout(page)
        left = QVBoxLayout()
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        self.reason = QLabel("")
        self.reason.setStyleSheet(f"color:{self.colors['muted']}")
        self.reason.setWordWrap(True)
        self.record = QTextBrowser()
        self.record.setOpenLinks(False)
        self.hint = QLabel("")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"background:{self.colors['mark']}; padding:6px; border-radius:5px;")
        self.hint.hide()
        buttons = QHBoxLayout()
        self.decision_buttons: dict[Decision, QPushButton] = {}
        for decision, label in (
            (Decision.INCLUDED, "&Include (I)"),
            (Decision.EXCLUDED, "&Exclude (E)"),
            (Decision.MAYBE, "&Maybe (M)"),
        ):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, d=decision: self.decide(d))
            buttons.addWidget(button)
            self.decision_buttons[decision] = button
        self.undo_button = QPushButton("&Undo (U)")
        self.undo_button.setShortcut("Ctrl+Z")
        self.undo_button.clicked.connect(self.undo)
        buttons.addWidget(self.undo_button)
        for widget in (self.heading, self.reason, self.record, self.hint):
            left.addWidget(widget, 1 if widget is self.record else 0)
        left.addLayout(buttons)
        right = QVBoxLayout()
        self.chart = RecallChart(self.colors)
        self.counts = QLabel("")
        self.counts.setWordWrap(True)
        right.addWidget(self.chart, 1)
        right.addWidget(self.counts)
        exports: list[tuple[str, Decision | None]] = [
            ("Export included…", Decision.INCLUDED),
            ("Export excluded…", Decision.EXCLUDED),
            ("Export all with decisions…", None),
        ]
        for label, choice in exports:
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, d=choice: self.choose_export(d))
            right.addWidget(button)
        outer.addLayout(left, 3)
        outer.addLayout(right, 2)
        return page

    # starting
    def start(self) -> None:
        kind, value = self.set_choice.currentData() or ("", "")
        name = value if kind == "review" else self.name.text().strip()
        if not name:
            self.setup_note.setText("Give the review a name (its decisions are kept under it).")
            return
        library, criteria = self.session.library, self.criteria.toPlainText()
        if kind == "search":
            ids = list(self.search_ids)
        elif kind in ("source", "tag"):
            filters = SearchFilters(source=value) if kind == "source" else SearchFilters(tag=value)
            ids = library.newest_ids(filters, 1_000_000)
        else:
            ids = []
        embed = self.session.embedder.embed if self.session.embedder_ready else None

        def open_review() -> Screener:
            reviews = Reviews(library)
            review = reviews.load(name) if kind == "review" else reviews.create(name, ids, criteria)
            return Screener(library, review, embed=embed)

        self.start_button.setEnabled(False)
        self.setup_note.setText("Reading the papers…")
        self.pool.call(open_review, JOB, self._opened, self._failed)

    def _opened(self, screener: Screener) -> None:
        self.screener = screener
        self.pages.setCurrentIndex(1)
        self.setWindowTitle(f"Screening “{screener.review.name}” — Abstracta")
        self._run(screener.next)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.start_button.setEnabled(True)
        self.setup_note.setText(str(error))
        self.failed.emit(error, "Screening")

    # deciding
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.pages.currentIndex() == 1 and event.key() in KEYS:
            self.decide(KEYS[Qt.Key(event.key())])
        elif self.pages.currentIndex() == 1 and event.key() == Qt.Key.Key_U:
            self.undo()
        else:
            super().keyPressEvent(event)

    def decide(self, decision: Decision) -> None:
        screener, current = self.screener, self.current
        if screener is None or current is None or self.busy:
            return
        self._run(lambda: screener.decide(current.paper.id, decision))

    def undo(self) -> None:
        screener = self.screener
        if screener is None or self.busy or not screener.review.log:
            return

        def work() -> Suggestion | None:
            screener.undo()
            return screener.next()

        self._run(work)

    def _run(self, work: object) -> None:
        self.busy = True
        self.pool.call(work, JOB, self._show, self._failed)  # type: ignore[arg-type]

    def _show(self, suggestion: Suggestion | None) -> None:
        self.busy = False
        self.current = suggestion
        screener = self.screener
        assert screener is not None
        curve = screener.curve()
        review = screener.review
        self.chart.show_curve(curve, screener.total)
        self.counts.setText(
            f"{len(curve)} of {screener.total} screened · {review.count(Decision.INCLUDED)} included · "
            f"{review.count(Decision.EXCLUDED)} excluded · {review.count(Decision.MAYBE)} maybe"
            + (f" · retrained in {1000 * screener.retrain_s:.0f} ms" if screener.retrain_s else "")
        )
        hint = screener.quiet_hint()
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        for button in self.decision_buttons.values():
            button.setEnabled(suggestion is not None)
        if suggestion is None:
            self.heading.setText("<b>Every record of this review is screened.</b> Export the decisions on the right.")
            self.reason.setText("")
            self.record.clear()
        else:
            paper = suggestion.paper
            self.heading.setText(f"<b style='font-size:15px'>{html.text(paper.display_title)}</b>")
            self.reason.setText(f"Next: {suggestion.reason}")
            self.record.setHtml(
                f"<p style='color:{self.colors['muted']}'>{html.text(html.paper_meta(paper))}</p>"
                f"<p>{html.text(paper.abstract)}</p>"
            )
        self.changed.emit()
        self.shown_record.emit()

    # exporting
    def choose_export(self, decision: Decision | None) -> None:
        if self.screener is None:
            return
        which = decision.value if decision else "all"
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the decisions", f"{self.screener.review.name}-{which}.ris", "RIS (*.ris);;CSV (*.csv)"
        )
        if path:
            self.export_to(Path(path), decision)

    def export_to(self, path: Path, decision: Decision | None) -> int:
        """Writes the papers with that decision (None: all, with their decisions); returns how many."""
        assert self.screener is not None
        rows = self.screener.papers_with(decision)
        write_text_atomically(path, export_decisions(rows, self.screener.review.name, path.suffix))
        self.counts.setText(self.counts.text().split(" · exported")[0] + f" · exported {len(rows)} to {path.name}")
        return len(rows)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.pool.cancel(JOB)
        super().closeEvent(event)
