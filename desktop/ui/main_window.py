"""The main window: search, results, reader, chat and library, wired to background jobs."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.answer import Answer
from desktop.core.records import Paper
from desktop.core.search import Hit
from desktop.ui import window_state
from desktop.ui.chat_panel import ChatPanel
from desktop.ui.import_flow import DropOverlay, ImportController, ImportProgress, local_paths
from desktop.ui.library_panel import LibraryPanel
from desktop.ui.qt_helpers import menu_action, shortcut
from desktop.ui.reader_view import ReaderView
from desktop.ui.results_view import ResultsView
from desktop.ui.search_bar import SearchBar
from desktop.ui.services import AppServices, Status
from desktop.ui.workers import WorkerPool


class MainWindow(QMainWindow):
    search_done = Signal()
    answer_done = Signal()
    import_done = Signal(object)
    embedder_ready = Signal()
    embedder_failed = Signal(str)
    model_ready = Signal()
    model_failed = Signal(str)

    def __init__(self, services: AppServices, colors: dict[str, str]) -> None:
        super().__init__()
        self.services = services
        self.colors = colors
        self.pool = WorkerPool(self)
        self.search_serial = 0
        self.setWindowTitle("Abstracta")
        self.setAcceptDrops(True)
        self._build()
        self._menus()
        window_state.restore(self)
        self.refresh_library()
        QTimer.singleShot(0, self._load_models)

    # layout
    def _build(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(10, 8, 10, 4)
        top = QHBoxLayout()
        self.search_bar = SearchBar()
        self.search_bar.changed.connect(self.run_search)
        top.addWidget(self.search_bar, 1)
        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Import dump files or folders (Ctrl+O); you can also drop them on the window")
        self.import_button.clicked.connect(self.choose_import)
        top.addWidget(self.import_button)
        outer.addLayout(top)
        self.banner = QLabel("")
        self.banner.setStyleSheet(f"background:{self.colors['mark']}; padding:6px; border-radius:5px;")
        self.banner.setWordWrap(True)
        self.banner.hide()
        outer.addWidget(self.banner)
        self.library_panel = LibraryPanel()
        self.results = ResultsView(self.colors)
        self.reader = ReaderView(self.colors)
        self.chat = ChatPanel()
        self.stack = QStackedWidget()
        self.stack.addWidget(self._welcome())
        self.stack.addWidget(self.results)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(self.reader)
        self.right.addWidget(self.chat)
        self.right.setSizes([270, 490])
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.addWidget(self.library_panel)
        self.body.addWidget(self.stack)
        self.body.addWidget(self.right)
        self.body.setSizes([230, 480, 570])
        outer.addWidget(self.body, 1)
        self.setCentralWidget(central)
        self.count_label = QLabel("")
        self.loading_label = QLabel("")
        self.progress = ImportProgress()
        self.statusBar().addWidget(self.count_label)
        self.statusBar().addWidget(self.loading_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.overlay = DropOverlay(central)
        self.importer = ImportController(self)
        self._wire()

    def _welcome(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        zone = QFrame()
        zone.setObjectName("dropZone")
        inner = QVBoxLayout(zone)
        inner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("Drop paper dumps here")
        title.setStyleSheet("font-size: 18pt; font-weight: 700;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(
            "Hugging Face Daily Papers pages, trending lists, one abstract per line,\n"
            "translated listings, JSON / JSONL, CSV / TSV or BibTeX — files or whole folders."
        )
        hint.setObjectName("muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        button = QPushButton("Import…")
        button.setObjectName("primary")
        button.setToolTip("Choose dump files to import (Ctrl+O)")
        button.clicked.connect(self.choose_import)
        for widget in (title, hint, button):
            inner.addWidget(widget, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(zone)
        return page

    def _wire(self) -> None:
        self.results.paper_opened.connect(self.reader.show_paper)
        self.results.summarize_requested.connect(lambda hits: self.summarize([h.paper for h in hits], "synthesis"))
        self.results.compare_requested.connect(lambda hits: self.summarize([h.paper for h in hits], "compare"))
        self.results.ask_requested.connect(self.ask_about)
        self.reader.ask_requested.connect(lambda paper: self.ask_about([Hit(paper, 1.0)]))
        self.reader.tldr_requested.connect(lambda paper: self.summarize([paper], "tldr"))
        self.reader.similar_requested.connect(self.show_similar)
        self.reader.star_toggled.connect(self._star)
        self.chat.send_requested.connect(self.ask)
        self.chat.stop_requested.connect(lambda: self.pool.cancel("answer"))
        self.chat.preview_requested.connect(self.preview_sources)
        self.chat.citation_opened.connect(self.open_paper)
        self.chat.export_requested.connect(self.export_chat)
        self.library_panel.source_chosen.connect(self.search_bar.set_source)
        self.library_panel.paper_chosen.connect(self.open_paper)
        self.library_panel.remove_source_requested.connect(self.remove_source)
        self.library_panel.remove_paper_requested.connect(self.remove_paper)
        for keys in ("Ctrl+K", "Ctrl+F"):
            shortcut(keys, self, self.search_bar.focus)
        shortcut("Esc", self, lambda: self.pool.cancel("answer"))

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = menu_action(file_menu, "&Import…", self.choose_import, "Ctrl+O")
        menu_action(file_menu, "&Settings…", self.open_settings, "Ctrl+,")
        file_menu.addSeparator()
        menu_action(file_menu, "&Quit", self.close, "Ctrl+Q")
        chat_menu = self.menuBar().addMenu("&Chat")
        menu_action(chat_menu, "&New chat", self.chat.new_chat)
        menu_action(chat_menu, "&Export as Markdown…", self.export_chat)

    # library
    def refresh_library(self) -> None:
        stats = self.services.library.stats()
        starred = list(self.services.library.store.get_many(self.services.library.store.starred_ids()).values())
        self.library_panel.show_library(stats, starred)
        self.search_bar.show_choices(stats)
        self.count_label.setText(f"{stats.papers} papers in {len(stats.sources)} dumps")
        if stats.papers == 0:
            self.stack.setCurrentIndex(0)
        elif self.stack.currentIndex() == 0:
            self.stack.setCurrentIndex(1)
            self.results.show_hits([], "Type to search your papers.")
        writable = not self.services.library.read_only
        self.import_button.setEnabled(writable)
        self.import_action.setEnabled(writable)
        if self.services.read_only_reason:
            self.banner.setText(self.services.read_only_reason)
            self.banner.show()

    def _load_models(self) -> None:
        for notice in self.services.library.notices:
            self.statusBar().showMessage(notice, 15000)
        self.pool.start(
            self.services.load_embedder, "load-embedder", self._loading, self._embedder_loaded, self._load_failed
        )
        self.pool.start(self.services.load_model, "load-model", self._loading, self._model_loaded, self._model_failed)
        self.chat.set_model_ready(False, "Loading the chat model…")

    def _loading(self, status: Status) -> None:
        self.loading_label.setText(status.text)

    def _embedder_loaded(self, ok: bool) -> None:
        for notice in self.services.library.notices:
            self.statusBar().showMessage(notice, 20000)
        if ok:
            self.loading_label.setText("Semantic search ready")
            self.embedder_ready.emit()
            if self.search_bar.text():
                self.run_search()

    def _load_failed(self, message: str) -> None:
        self.loading_label.setText("Keyword search only: " + message)
        self.embedder_failed.emit(message)

    def _model_loaded(self, model: object) -> None:
        notices = getattr(model, "notices", [])
        name = getattr(model, "name", "model")
        self.chat.set_model_ready(True, f"{name} ready" + (f" — {notices[0]}" if notices else ""))
        self.model_ready.emit()

    def _model_failed(self, message: str) -> None:
        self.chat.set_model_ready(False, "Chat unavailable: " + message)
        self.model_failed.emit(message)

    # search
    def run_search(self) -> None:
        query = self.search_bar.text()
        if not query:
            if self.services.library.store.count():
                self.stack.setCurrentIndex(1)
                self.results.show_hits([], "Type to search your papers.")
            return
        self.search_serial += 1
        serial = self.search_serial
        mode, filters = self.search_bar.mode_value(), self.search_bar.filters()
        self.pool.start(
            lambda cancel: self.services.search(query, mode, filters),
            "search",
            on_return=lambda hits: self._show_results(serial, query, hits),
            on_error=lambda message: self.statusBar().showMessage(f"Search failed: {message}", 8000),
        )

    def _show_results(self, serial: int, query: str, hits: list[Hit]) -> None:
        if serial != self.search_serial:
            return
        self.stack.setCurrentIndex(1)
        note = "" if self.services.embedder_ready else " (keyword only until the embedding model is loaded)"
        self.results.show_hits(hits, f"{len(hits)} results for “{query}”{note}")
        if hits:
            self.results.list.setCurrentRow(0)
        self.search_done.emit()

    def show_similar(self, paper: Paper) -> None:
        if not self.services.embedder_ready:
            self.statusBar().showMessage("More like this needs the embedding model; it is still loading.", 5000)
            return
        self.pool.start(
            lambda cancel: self.services.similar(paper.id),
            "search",
            on_return=lambda hits: self.results.show_hits(hits, f"Papers like “{paper.display_title}”"),
        )

    def open_paper(self, paper: Paper) -> None:
        fresh = self.services.library.get(paper.id) or paper
        self.reader.show_paper(fresh)
        self.results.select_paper(fresh)

    # chat
    def preview_sources(self, question: str) -> None:
        k = self.services.settings.top_k_sources
        conversation = self.chat.conversation
        self.pool.start(
            lambda cancel: self.services.retrieve(question, conversation, k),
            "preview",
            on_return=lambda hits: self.chat.show_preview(hits) if self.chat.question() == question else None,
        )

    def ask_about(self, hits: list[Hit]) -> None:
        self.chat.show_preview(hits, pinned=True)
        self.chat.input.setFocus()

    def ask(self, question: str, hits: list[Hit]) -> None:
        pinned = self.chat.pinned
        chosen = hits if (hits or pinned) else None
        self.chat.begin(question)
        conversation = self.chat.conversation
        self.pool.start(
            lambda cancel: self.services.ask(question, conversation, chosen, cancel, pinned),
            "answer",
            self.chat.append,
            self._answer_finished,
            self._answer_failed,
            finishes_on_cancel=True,
        )

    def summarize(self, papers: list[Paper], mode: str) -> None:
        if not papers or not self.chat.model_ready or self.chat.busy:
            return
        label = {"tldr": "TL;DR", "compare": "Compare", "synthesis": "Summarize"}[mode]
        titles = "; ".join(p.display_title for p in papers[:3]) + ("…" if len(papers) > 3 else "")
        self.chat.begin(f"{label}: {titles}")
        self.pool.start(
            lambda cancel: self.services.summarize(papers, "compare" if mode == "compare" else "auto", cancel),
            "answer",
            self.chat.append,
            self._answer_finished,
            self._answer_failed,
            finishes_on_cancel=True,
        )

    def _answer_finished(self, answer: Answer | None) -> None:
        self.chat.finish(answer)
        self.answer_done.emit()

    def _answer_failed(self, message: str) -> None:
        self.chat.fail(message)
        self.answer_done.emit()

    def export_chat(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export conversation", "abstracta-chat.md", "Markdown (*.md)")
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(self.chat.export_markdown())
            self.statusBar().showMessage(f"Saved {path}", 5000)

    # import (the controller owns the queue, the progress bar and the report)
    def choose_import(self) -> None:
        self.importer.choose()

    def import_paths(self, paths: list[str]) -> None:
        self.importer.start(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.importer.drag_enter(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_paths(event):
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.overlay.hide()

    def dropEvent(self, event: QDropEvent) -> None:
        self.importer.drop(event)

    # removal, stars
    def remove_source(self, name: str) -> None:
        removed = self.services.library.remove_source(name)
        self.statusBar().showMessage(f"Removed {name}: {removed} papers deleted", 8000)
        self.refresh_library()
        self.run_search()

    def remove_paper(self, paper: Paper) -> None:
        self.services.library.remove_ids([paper.id])
        self.reader.show_paper(None)
        self.refresh_library()
        self.run_search()

    def _star(self, paper: Paper, on: bool) -> None:
        if not self.services.library.read_only:
            self.services.library.set_starred(paper.id, on)
            self.refresh_library()

    # settings and state
    def open_settings(self) -> None:
        window_state.open_settings(self)

    def save_state(self) -> None:
        window_state.save(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.loading_label.setText("Finishing background work…")
        self.pool.shutdown()
        self.services.close()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc stops an answer even where the window-level shortcut does not reach."""
        if event.key() == Qt.Key.Key_Escape:
            self.pool.cancel("answer")
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        central = self.centralWidget()
        if self.overlay.isVisible() and central is not None:
            self.overlay.setGeometry(central.rect().adjusted(8, 8, -8, -8))
