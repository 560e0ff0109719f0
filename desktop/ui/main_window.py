"""The main window: search, results, reader, chat and library, wired to background jobs.

Thread rules: everything here runs on the GUI thread, which never writes to the library itself:
writes (import, remove, star) run on workers and through the library's writer thread."""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.base.choices import SummaryMode
from desktop.core.base.config import Settings
from desktop.core.base.errors import AbstractaError, LibraryLockedError, ModelError
from desktop.core.base.logs import log_file
from desktop.core.library.records import Paper
from desktop.core.search.cut import relevant_hits
from desktop.core.search.hybrid import Hit
from desktop.core.session import Session
from desktop.core.text.sentences import Sentence
from desktop.ui import for_you_view, theme
from desktop.ui.chat_controller import ANSWER_JOB, ChatController
from desktop.ui.chat_panel import ChatPanel
from desktop.ui.import_flow import DropOverlay, ImportController, ImportProgress, local_paths
from desktop.ui.keyboard import make_keyboard_friendly
from desktop.ui.library_panel import LibraryPanel
from desktop.ui.paper_actions import PaperActions
from desktop.ui.qt_helpers import menu_action, shortcut
from desktop.ui.reader_view import ReaderView
from desktop.ui.results_view import ResultsView, ranking_note, results_summary
from desktop.ui.search_bar import SearchBar
from desktop.ui.splitter import GripSplitter
from desktop.ui.welcome import WelcomePage
from desktop.ui.window_state import WindowState
from desktop.ui.workers import WorkerPool

RESULTS_JOB = "results"
MODEL_SETTINGS = ("llm_path", "n_gpu_layers", "n_ctx", "n_threads", "model_profiles")
ANSWER_SHARE = 0.6  # an answer opens the chat to at least this share of the right column
log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    search_done = Signal()
    answer_done = Signal()
    import_done = Signal(object)
    embedder_ready = Signal()
    embedder_failed = Signal(object)
    model_ready = Signal()
    model_failed = Signal(object)
    library_changed = Signal()
    closed = Signal()

    def __init__(self, session: Session, colors: dict[str, str]) -> None:
        super().__init__()
        self.session = session
        self.colors = colors
        self.pool = WorkerPool(self)
        self._closing = False
        self._closed = False
        self.setWindowTitle("Abstracta")
        self.setAcceptDrops(True)
        self._build()
        self._menus()
        self.for_you = for_you_view.install(self)  # For you and Screen a review… (View menu)
        make_keyboard_friendly(self, self)
        WindowState.load(session.config_dir).apply(self, self.splitters())
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
        self.chat = ChatPanel(self.colors)
        self.stack = QStackedWidget()
        self.stack.addWidget(WelcomePage(self.choose_import))
        self.stack.addWidget(self.results)
        self.right = GripSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(self.reader)
        self.right.addWidget(self.chat)
        self.right.setSizes([420, 340])  # the reader shows the abstract, not only its title
        self.body = GripSplitter(Qt.Orientation.Horizontal)
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
        self.importer = ImportController(
            self, self.session, self.pool, self.progress, self.overlay, self.colors, self.notify
        )
        self.paper_actions = PaperActions(self, self.session, self.pool)
        self.paper_actions.selected = self.results.selected_papers
        self.paper_actions.cited = self.chat.cited_papers
        self.chats = ChatController(self.session, self.pool, self.chat, self.loading_label.setText)
        self._wire()

    def splitters(self) -> dict[str, QSplitter]:
        return {"body": self.body, "right": self.right}

    def _wire(self) -> None:
        self.import_button.clicked.connect(self.choose_import)
        self.importer.library_changed.connect(self.refresh_library)
        self.importer.finished.connect(self._imported)
        self.importer.failed.connect(lambda error: self.show_error(error, "Import stopped"))
        self.chats.answer_done.connect(self.answer_done.emit)
        self.chats.failed.connect(lambda error: self.show_error(error, "The answer failed"))
        self.chats.model_ready.connect(self.model_ready.emit)
        self.chats.model_failed.connect(self.model_failed.emit)
        self.results.paper_opened.connect(self.reader.show_paper)
        self.results.summarize_requested.connect(lambda hits: self.summarize(papers_of(hits), SummaryMode.SYNTHESIS))
        self.results.compare_requested.connect(lambda hits: self.summarize(papers_of(hits), SummaryMode.COMPARE))
        self.results.ask_requested.connect(self.chats.ask_about)
        self.reader.ask_requested.connect(lambda paper: self.chats.ask_about([Hit(paper, 1.0)]))
        self.reader.tldr_requested.connect(lambda paper: self.summarize([paper], SummaryMode.TLDR))
        self.reader.similar_requested.connect(self.show_similar)
        self.chats.model_chosen.connect(
            lambda path: self.apply_settings(replace(self.session.settings, llm_path=path))
        )
        actions = self.paper_actions
        self.reader.star_toggled.connect(actions.star)
        self.reader.notes.note_changed.connect(actions.set_note)
        self.reader.notes.tags_changed.connect(actions.set_tags)
        self.reader.notes.reading_changed.connect(actions.set_reading)
        actions.changed.connect(self._papers_changed)
        actions.removed.connect(self._paper_removed)
        actions.message.connect(lambda text: self.notify(text, 8000))
        actions.failed.connect(self.show_error)
        self.library_panel.tag_chosen.connect(self.search_bar.set_tag)
        self.library_panel.rename_tag_requested.connect(actions.rename_tag)
        self.library_panel.delete_tag_requested.connect(actions.delete_tag)
        self.library_panel.export_requested.connect(self.paper_actions.export_papers)
        self.results.export_requested.connect(lambda: self.paper_actions.export_papers("selected"))
        self.reader.author_requested.connect(self.search_bar.set_author)
        self.chat.paper_opened.connect(lambda target: self.open_paper(target.paper, target.sentence))
        self.chat.search_requested.connect(self.search_bar.query.setText)
        self.chat.began.connect(lambda: self.right.favour(1, ANSWER_SHARE))
        self.library_panel.source_chosen.connect(self.search_bar.set_source)
        self.library_panel.paper_chosen.connect(self.open_paper)
        self.library_panel.remove_source_requested.connect(self.paper_actions.remove_source)
        self.library_panel.remove_paper_requested.connect(self.paper_actions.remove_paper)
        for keys in ("Ctrl+K", "Ctrl+F"):
            shortcut(keys, self, self.search_bar.focus)
        shortcut("Esc", self, self.chats.stop)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = menu_action(file_menu, "&Import…", self.choose_import, "Ctrl+O")
        self.zotero_action = menu_action(file_menu, "Import from &Zotero…", self.importer.choose_zotero)
        self.resume_action = menu_action(file_menu, "&Resume unfinished import", self.importer.resume)
        self.resume_action.setEnabled(False)
        self.importer.unfinished_changed.connect(self.resume_action.setEnabled)
        export_menu = file_menu.addMenu("&Export papers")
        for label, which in (
            ("Selected results…", "selected"),
            ("Starred papers…", "starred"),
            ("Reading list…", "reading"),
            ("Papers cited in the chat…", "cited"),
        ):
            menu_action(export_menu, label, partial(self.paper_actions.export_papers, which))
        menu_action(file_menu, "&Settings…", self.open_settings, "Ctrl+,")
        file_menu.addSeparator()
        menu_action(file_menu, "&Quit", self.close, "Ctrl+Q")
        chat_menu = self.menuBar().addMenu("&Chat")
        menu_action(chat_menu, "&New chat", self.chats.new_chat)
        menu_action(chat_menu, "&Export as Markdown…", self.chats.export_chat)
        menu_action(chat_menu, "Export as Markdown with &BibTeX…", partial(self.chats.export_chat, True))
        help_menu = self.menuBar().addMenu("&Help")
        menu_action(help_menu, "Open &log folder", self.open_log_folder)

    def open_log_folder(self) -> None:
        """Shows the folder of the log file (to attach it to a bug report) in the file manager."""
        folder = log_file().parent
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.notify(f"The log is in {folder}", 15000)

    # messages
    def notify(self, message: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def show_error(self, error: BaseException, context: str) -> None:
        """One place that shows a job's error, by its kind."""
        if isinstance(error, LibraryLockedError):
            self.banner.setText(str(error))
            self.banner.show()
        elif isinstance(error, ModelError):
            self.notify(f"{context}: {error}", 15000)
        elif isinstance(error, AbstractaError):
            self.notify(f"{context}: {error}", 12000)
        else:
            log.error("%s: %r", context, error)
            self.notify(f"{context}: unexpected error ({type(error).__name__}: {error})", 15000)

    # library
    def refresh_library(self) -> None:
        library = self.session.library
        stats = library.stats()
        reading = library.annotations.reading_list()
        papers = library.get_many([paper_id for paper_id, _, _ in reading])
        tags = library.annotations.tag_counts()
        self.library_panel.show_library(
            stats, library.starred(), tags, [(papers[i], state, since) for i, state, since in reading if i in papers]
        )
        self.search_bar.show_tags(tags)
        self.reader.notes.set_known_tags(list(tags))
        self.search_bar.show_choices(stats)
        self.count_label.setText(f"{stats.papers} papers in {len(stats.sources)} dumps")
        if stats.papers == 0:
            self.stack.setCurrentIndex(0)
        elif self.stack.currentIndex() == 0:
            self.stack.setCurrentIndex(1)
            self.results.show_hits([], "Type to search your papers.")
        writable = not library.read_only
        self.import_button.setEnabled(writable)
        self.import_action.setEnabled(writable)
        self.zotero_action.setEnabled(writable)
        if self.session.read_only_reason:
            self.banner.setText(self.session.read_only_reason)
            self.banner.show()
        self.library_changed.emit()

    def _load_models(self) -> None:
        for notice in self.session.library.notices:
            self.notify(notice, 15000)
        self.pool.start(
            self.session.load_embedder,
            "load-embedder",
            self.loading_label.setText,
            self._embedder_loaded,
            self._embedder_failed,
        )
        self.chats.load_model()

    def _embedder_loaded(self, ok: bool) -> None:
        for notice in self.session.library.notices:
            self.notify(notice, 20000)
        if ok:
            self.loading_label.setText("Semantic search ready")
            self.chats.show_model_state()
            self.embedder_ready.emit()
            self.importer.offer_resume()
            self.chats.discover_models()
            self.importer.start_watching()
            if self.search_bar.text():
                self.run_search()

    def _embedder_failed(self, error: BaseException) -> None:
        self.loading_label.setText(f"Keyword search only: {error}")
        self.embedder_failed.emit(error)

    # search (and "more like this": one results pane, the newest request wins)
    def run_search(self) -> None:
        query = self.search_bar.text()
        mode, filters = self.search_bar.mode_value(), self.search_bar.filters()
        if not query and not filters.active:
            if self.session.library.count():
                self.stack.setCurrentIndex(1)
                self.results.show_hits([], "Type to search your papers.")
            return
        note = ranking_note(query, self.session.embedder if self.session.embedder_ready else None)
        self.pool.call(
            lambda: relevant_hits(self.session.search(query, mode, filters)),
            RESULTS_JOB,
            lambda found: self._show_results(
                found.hits, results_summary(found, query, filters) + note, found.relevance
            ),
            lambda error: self.show_error(error, "Search failed"),
            latest_only=True,
        )

    def show_similar(self, paper: Paper) -> None:
        if not self.session.embedder_ready:
            self.notify("More like this needs the embedding model; it is still loading.", 5000)
            return
        self.pool.call(
            lambda: self.session.similar(paper.id),
            RESULTS_JOB,
            lambda hits: self._show_results(hits, f"Papers like “{paper.display_title}”"),
            lambda error: self.show_error(error, "More like this failed"),
            latest_only=True,
        )

    def _show_results(self, hits: list[Hit], summary: str, relevance: list[float] | None = None) -> None:
        self.stack.setCurrentIndex(1)
        self.results.show_hits(hits, summary, relevance)
        if hits:
            self.results.list.setCurrentRow(0)
        self.search_done.emit()

    def open_paper(self, paper: Paper, sentence: Sentence | None = None) -> None:
        """Shows the paper in the reader (at the sentence, highlighted) and selects it in the results."""
        fresh = self.session.library.get(paper.id) or paper
        self.reader.show_paper(fresh, sentence)
        self.results.select_paper(fresh)

    # chat
    def ask(self, question: str, hits: list[Hit]) -> None:
        self.chats.ask(question, hits)

    def summarize(self, papers: list[Paper], mode: SummaryMode) -> None:
        self.chats.summarize(papers, mode)

    # import (the controller owns the queue, the progress bar and the report)
    def choose_import(self) -> None:
        self.importer.choose()

    def import_paths(self, paths: list[str]) -> None:
        self.importer.start(paths)

    def _imported(self, report: object) -> None:
        self.run_search()
        self.import_done.emit(report)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.importer.drag_enter(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_paths(event):
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.overlay.hide()

    def dropEvent(self, event: QDropEvent) -> None:
        self.importer.drop(event)

    # what a user does to papers (stars, notes, tags, removal, export) is in PaperActions
    def _papers_changed(self, results_stale: bool) -> None:
        self.refresh_library()
        if results_stale:
            self.run_search()

    def _paper_removed(self, paper_id: str) -> None:
        if self.reader.paper is not None and (not paper_id or self.reader.paper.id == paper_id):
            self.reader.show_paper(None if paper_id else self.session.library.get(self.reader.paper.id))

    # settings and state
    def open_settings(self) -> None:
        from desktop.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session.settings, self, self.chats.models)
        if dialog.exec():
            self.apply_settings(dialog.edited())

    def apply_settings(self, new: Settings) -> None:
        """Saves the settings, re-themes, and switches the chat model when its settings changed."""
        old = self.session.settings
        self.session.settings = new
        new.save(self.session.config_dir)
        app = QApplication.instance()
        if new.theme != old.theme and isinstance(app, QApplication):
            self.colors.update(theme.apply(app, new.theme))
            self._redraw_in_theme()
        if new.watched_folders != old.watched_folders and self.session.embedder_ready:
            self.importer.start_watching()
        if any(getattr(old, key) != getattr(new, key) for key in MODEL_SETTINGS):
            if self.chat.busy:
                self.notify("The new chat model loads after the current answer; choose it again then.", 8000)
            else:
                self.chats.load_model()

    def _redraw_in_theme(self) -> None:
        """What was drawn with the old theme's colours (marks, muted text, the banner) is drawn again."""
        self.banner.setStyleSheet(f"background:{self.colors['mark']}; padding:6px; border-radius:5px;")
        self.results.redraw()
        self.reader.show_paper(self.reader.paper)
        self.chat.redraw()

    def save_state(self) -> None:
        WindowState.capture(self, self.splitters()).save(self.session.config_dir)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Cancels the jobs and closes only when every worker has stopped, so the library is never
        closed under a job still writing to it; the window says so while it waits."""
        if self._closed:
            event.accept()
            return
        if not self._closing:
            self._closing = True
            self.save_state()
            self.reader.notes.save_note()  # a note typed just before quitting is saved, not lost
            self.importer.stop()
            self.pool.cancel_all()
            self.pool.idle.connect(self.close)
        if self.pool.workers:
            self.loading_label.setText("Finishing background work…")
            self.body.setEnabled(False)
            event.ignore()
            return
        self._finish_close()
        event.accept()

    @property
    def is_closed(self) -> bool:
        """True once the jobs have stopped and the library is closed."""
        return self._closed

    def _finish_close(self) -> None:
        self._closed = True
        self.session.close()
        self.closed.emit()

    def shutdown_now(self) -> None:
        """After the event loop has ended: cancel, wait for the workers, close the session."""
        if not self._closed:
            self.pool.cancel_all()
            self.pool.wait_all()
            self._finish_close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc stops an answer even where the window-level shortcut does not reach."""
        if event.key() == Qt.Key.Key_Escape:
            self.pool.cancel(ANSWER_JOB)
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        central = self.centralWidget()
        if self.overlay.isVisible() and central is not None:
            self.overlay.setGeometry(central.rect().adjusted(8, 8, -8, -8))


def papers_of(hits: list[Hit]) -> list[Paper]:
    return [hit.paper for hit in hits]
