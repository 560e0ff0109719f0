"""Drag-and-drop import: the drop overlay, the report, the controller (the progress bar is in
import_progress)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.ingest.import_report import ImportReport, describe
from desktop.core.ingest.pipeline import Progress, unfinished_import
from desktop.core.ingest.zotero import DATABASE, find_data_dir
from desktop.core.session import Session
from desktop.ui import html
from desktop.ui.import_progress import ImportProgress
from desktop.ui.workers import WorkerPool

IMPORT_JOB = "import"
WATCH_INTERVAL_MS = 5000


def local_paths(event: QDragEnterEvent | QDropEvent) -> list[str]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]


class DropOverlay(QFrame):
    """Covers the window while files are dragged over it, saying what a drop will do."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("dropOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(
            "#dropOverlay { background: rgba(47, 111, 219, 40); border: 3px dashed rgba(47, 111, 219, 200);"
            " border-radius: 16px; }"
        )
        layout = QVBoxLayout(self)
        self.label = QLabel("")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("font-size: 18pt; font-weight: 700; color: #2f6fdb; background: transparent;")
        layout.addWidget(self.label)
        self.hide()

    def show_for(self, paths: list[str]) -> None:
        count = len(paths)
        self.label.setText(f"Drop to import {count} item{'s' if count != 1 else ''}\n(files or folders of dumps)")
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect().adjusted(8, 8, -8, -8))
        self.raise_()
        self.show()


def report_html(report: ImportReport, muted: str, warn: str) -> str:
    rows = []
    for item in report.files:
        name = html.text(item.path)
        lines = describe(item)
        if item.ok:
            detail = "<br>".join(_report_line(line, muted) for line in lines)
        else:
            detail = f'<span style="color:{warn}">{html.text(lines[0])}</span>'
        rows.append(f"<p><b>{name}</b><br>{detail}</p>")
    status = "Import cancelled — what was imported is kept." if report.cancelled else "Import finished."
    aside = f", {len(report.set_aside)} not paper listings (set aside)" if report.set_aside else ""
    summary = (
        f"<p>{status} {report.new} new papers, {report.duplicates} duplicates, "
        f"{len(report.failed)} failed files{aside}.</p>"
    )
    return summary + "".join(rows)


def _report_line(line: str, muted: str) -> str:
    if line.startswith("warning: "):
        return f'<span style="color:{muted}">⚠ {html.text(line.removeprefix("warning: "))}</span>'
    if line.startswith("skipped "):
        return f'<span style="color:{muted}">{html.text(line)}</span>'
    return html.text(line)


class ReportDialog(QDialog):
    def __init__(self, report: ImportReport, colors: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(report_html(report, colors["muted"], colors["warn"]))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        buttons.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.accept)
        layout.addWidget(buttons)


class ImportController(QObject):
    """Runs imports one at a time, queues further drops, shows progress and the report. It works
    with the pieces it is given, not with the window: the window listens to its signals."""

    library_changed = Signal()
    unfinished_changed = Signal(bool)  # an import was stopped or killed before its end
    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        session: Session,
        pool: WorkerPool,
        progress: ImportProgress,
        overlay: DropOverlay,
        colors: dict[str, str],
        notify: Callable[[str, int], None],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.session, self.pool, self.progress, self.overlay = session, pool, progress, overlay
        self.colors = colors
        self.notify = notify
        self.pending: list[list[str]] = []
        self.report_dialog: ReportDialog | None = None
        self.stopping = False
        progress.cancel_requested.connect(lambda: pool.cancel(IMPORT_JOB))
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(WATCH_INTERVAL_MS)
        self.watch_timer.timeout.connect(self.check_watched)

    def start_watching(self) -> None:
        """Looks at the watched folders now, then every few seconds while the app runs."""
        self.check_watched()
        self.watch_timer.start()

    def choose(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.parent_widget,
            "Import dumps",
            "",
            "Dumps and PDFs (*.txt *.json *.jsonl *.csv *.tsv *.bib *.ris *.nbib *.medline *.pdf zotero.sqlite);;"
            "All files (*)",
        )
        if files:
            self.start(files)

    def choose_zotero(self) -> None:
        """Imports the Zotero library Zotero uses here; asks for its data directory when none is found."""
        folder = find_data_dir()
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self.parent_widget, "Zotero's data directory (the folder holding zotero.sqlite)", str(Path.home())
            )
            if not chosen:
                return
            folder = Path(chosen)
        if not (folder / DATABASE).is_file():
            self.notify(
                f"{folder} holds no {DATABASE}: choose Zotero's data directory "
                "(Zotero: Settings → Advanced → Files and Folders).",
                10000,
            )
            return
        self.start([str(folder / DATABASE)])

    def stop(self) -> None:
        """The app is quitting: cancel the import at its next batch, drop the queue, no report."""
        self.stopping = True
        self.watch_timer.stop()
        self.pending.clear()
        self.pool.cancel(IMPORT_JOB)

    def start(self, paths: list[str]) -> None:
        if self.stopping:
            return
        if self.session.library.read_only:
            self.notify("This library is read-only here; import in the other window.", 8000)
            return
        if self.pool.busy(IMPORT_JOB):
            self.pending.append(paths)
            self.notify("Queued: it will import after the current import.", 5000)
            return
        self.progress.start("" if self.session.embedder_ready else "the embedding model to load")
        self.pool.start(
            lambda cancel: self.session.import_files(paths, cancel),
            IMPORT_JOB,
            self._progress,
            self._finished,
            self._failed,
            finishes_on_cancel=True,
        )

    def offer_resume(self) -> None:
        """At start: an import that a stop or a crash cut short can be finished (File menu)."""
        unfinished = [] if self.session.library.read_only else unfinished_import(self.session.library)
        self.unfinished_changed.emit(bool(unfinished))
        if unfinished:
            names = ", ".join(Path(name).name for name in unfinished[:3]) + ("…" if len(unfinished) > 3 else "")
            self.notify(f"The import of {names} did not finish: File → Resume unfinished import finishes it.", 20000)

    def resume(self) -> None:
        unfinished = unfinished_import(self.session.library)
        if unfinished:
            self.start(unfinished)

    def check_watched(self) -> None:
        """A look at the watched folders (on a timer, and at start): dumps that appeared or changed
        import like a drop, with progress and a report; an unchanged look shows nothing."""
        if self.stopping or self.session.library.read_only or not self.session.settings.watched_folders:
            return
        if self.pool.busy(IMPORT_JOB):
            return
        self.pool.start(
            self.session.import_watched,
            IMPORT_JOB,
            self._progress,
            self._watched_finished,
            self._failed,
            finishes_on_cancel=True,
        )

    def _watched_finished(self, report: ImportReport | None) -> None:
        if report is None:
            if self.pending:
                self.start(self.pending.pop(0))
            return
        self.notify(f"Watched folders: {report.new} new papers", 8000)
        self._finished(report, modal=False)

    def _progress(self, progress: Progress) -> None:
        if self.progress.isHidden():
            self.progress.start()
        self.progress.update_progress(progress)
        if progress.phase == "done":
            self.library_changed.emit()

    def _finished(self, report: ImportReport, modal: bool = True) -> None:
        self.progress.hide()
        self.library_changed.emit()
        self.unfinished_changed.emit(bool(unfinished_import(self.session.library)))
        self.finished.emit(report)
        if self.stopping:
            return
        if self.report_dialog is not None and self.report_dialog.isVisible():
            self.report_dialog.close()
        self.report_dialog = ReportDialog(report, self.colors, self.parent_widget)
        if modal:
            self.report_dialog.open()
        else:  # a watched folder's report: shown, without taking the window from the user
            self.report_dialog.show()
        if self.pending:
            self.start(self.pending.pop(0))

    def _failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.library_changed.emit()
        self.failed.emit(error)
        if self.pending:
            self.start(self.pending.pop(0))

    def drag_enter(self, event: QDragEnterEvent) -> None:
        paths = local_paths(event)
        if paths:
            event.acceptProposedAction()
            self.overlay.show_for(paths)
        else:
            event.ignore()

    def drop(self, event: QDropEvent) -> None:
        self.overlay.hide()
        paths = local_paths(event)
        if paths:
            event.acceptProposedAction()
            self.start(paths)
