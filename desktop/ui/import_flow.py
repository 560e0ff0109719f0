"""Drag-and-drop import: the drop overlay, progress with rate and ETA, the report, the controller."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.ingest import ImportReport, Progress
from desktop.ui import html
from desktop.ui.services import AppServices
from desktop.ui.workers import WorkerPool

IMPORT_JOB = "import"


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


class ImportProgress(QWidget):
    """A progress bar with papers/s and ETA, and Cancel: lives in the status bar."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(180)
        self.bar.setToolTip("Import progress")
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop the import after the current batch; what is imported stays")
        self.cancel.clicked.connect(self.cancel_requested.emit)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.hide()

    def start(self) -> None:
        self.bar.setValue(0)
        self.cancel.setEnabled(True)
        self.label.setText("Importing…")
        self.show()

    def update_progress(self, progress: Progress) -> None:
        self.bar.setValue(int(progress.fraction * 1000))
        eta = f", about {format_seconds(progress.eta_s)} left" if progress.eta_s is not None else ""
        self.label.setText(f"{progress.file[:32]}: {progress.papers_seen} papers ({progress.papers_per_s:.0f}/s{eta})")


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min"


def report_html(report: ImportReport, muted: str, warn: str) -> str:
    rows = []
    for item in report.files:
        name = html.text(item.path)
        if item.ok:
            detail = f"{html.text(item.format)} · {item.records} records · <b>{item.new} new</b> · {item.duplicates} duplicates"
        else:
            detail = f'<span style="color:{warn}">failed: {html.text(item.error)}</span>'
        warnings = "".join(f'<br><span style="color:{muted}">⚠ {html.text(w)}</span>' for w in item.warnings)
        rows.append(f"<p><b>{name}</b><br>{detail}{warnings}</p>")
    status = "Import cancelled — what was imported is kept." if report.cancelled else "Import finished."
    summary = (
        f"<p>{status} {report.new} new papers, {report.duplicates} duplicates, {len(report.failed)} failed files.</p>"
    )
    return summary + "".join(rows)


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
    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        services: AppServices,
        pool: WorkerPool,
        progress: ImportProgress,
        overlay: DropOverlay,
        colors: dict[str, str],
        notify: Callable[[str, int], None],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.services, self.pool, self.progress, self.overlay = services, pool, progress, overlay
        self.colors = colors
        self.notify = notify
        self.pending: list[list[str]] = []
        self.report_dialog: ReportDialog | None = None
        self.stopping = False
        progress.cancel_requested.connect(lambda: pool.cancel(IMPORT_JOB))

    def choose(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.parent_widget, "Import dumps", "", "Dumps (*.txt *.json *.jsonl *.csv *.tsv *.bib);;All files (*)"
        )
        if files:
            self.start(files)

    def stop(self) -> None:
        """The app is quitting: cancel the import at its next batch, drop the queue, no report."""
        self.stopping = True
        self.pending.clear()
        self.pool.cancel(IMPORT_JOB)

    def start(self, paths: list[str]) -> None:
        if self.stopping:
            return
        if self.services.library.read_only:
            self.notify("This library is read-only here; import in the other window.", 8000)
            return
        if self.pool.busy(IMPORT_JOB):
            self.pending.append(paths)
            self.notify("Queued: it will import after the current import.", 5000)
            return
        self.progress.start()
        self.pool.start(
            lambda cancel: self.services.import_files(paths, cancel),
            IMPORT_JOB,
            self._progress,
            self._finished,
            self._failed,
            finishes_on_cancel=True,
        )

    def _progress(self, progress: Progress) -> None:
        self.progress.update_progress(progress)
        if progress.phase == "done":
            self.library_changed.emit()

    def _finished(self, report: ImportReport) -> None:
        self.progress.hide()
        self.library_changed.emit()
        self.finished.emit(report)
        if self.stopping:
            return
        self.report_dialog = ReportDialog(report, self.colors, self.parent_widget)
        self.report_dialog.open()
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
