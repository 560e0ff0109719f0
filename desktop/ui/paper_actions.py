"""What a user does to papers: star, note, tag, reading state, remove, export. Every write runs on a
worker (the library's writer does it); the window listens to `changed` to refresh its lists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.core.base.choices import ExportFormat
from desktop.core.base.jsonfile import write_text_atomically
from desktop.core.library.exporters import export
from desktop.core.library.records import Paper
from desktop.core.session import Session
from desktop.ui.workers import WorkerPool

FILTERS = {
    ExportFormat.BIBTEX: "BibTeX (*.bib)",
    ExportFormat.RIS: "RIS (*.ris)",
    ExportFormat.CSL_JSON: "CSL-JSON (*.json)",
}


class PaperActions(QObject):
    changed = Signal(bool)  # the library's lists changed; True when search results may be stale too
    removed = Signal(str)  # a removed paper's id ('' for a dump)
    message = Signal(str)
    failed = Signal(object, str)  # error, context

    def __init__(self, parent: QWidget, session: Session, pool: WorkerPool) -> None:
        super().__init__(parent)
        self.parent_widget, self.session, self.pool = parent, session, pool
        self.selected: Callable[[], list[Paper]] = list  # the selected results (set by the window)
        self.cited: Callable[[], list[Paper]] = list  # the papers the chat's answers cite

    def _write(self, job: str, work: Callable[[], object], done: Callable[[object], None], context: str) -> None:
        if self.session.library.read_only:
            self.message.emit("This library is read-only here; change it in the other window.")
            return
        self.pool.call(work, job, done, lambda error: self.failed.emit(error, context))

    def star(self, paper: Paper, on: bool) -> None:
        library = self.session.library
        self._write("star", lambda: library.set_starred(paper.id, on), lambda _: self.changed.emit(False), "The star")

    def set_note(self, paper: Paper, text: str) -> None:
        notes = self.session.library.annotations
        self._write("note", lambda: notes.set_note(paper.id, text), lambda _: None, "The note was not saved")

    def set_tags(self, paper: Paper, tags: list[str]) -> None:
        notes = self.session.library.annotations
        self._write("tags", lambda: notes.set_tags(paper.id, tags), lambda _: self.changed.emit(False), "Tags")

    def set_reading(self, paper: Paper, state: str) -> None:
        notes = self.session.library.annotations
        done = lambda _: self.changed.emit(False)  # noqa: E731
        self._write("reading", lambda: notes.set_reading(paper.id, state), done, "The reading state")

    def rename_tag(self, old: str, new: str) -> None:
        notes = self.session.library.annotations
        done = lambda count: self._done(f"Renamed “{old}” to “{new}” on {count} papers")  # noqa: E731
        self._write("tags", lambda: notes.rename_tag(old, new), done, "The tag was not renamed")

    def delete_tag(self, tag: str) -> None:
        notes = self.session.library.annotations
        done = lambda count: self._done(f"Removed the tag “{tag}” from {count} papers")  # noqa: E731
        self._write("tags", lambda: notes.delete_tag(tag), done, "The tag was not removed")

    def remove_source(self, name: str) -> None:
        library = self.session.library
        done = lambda count: self._done(f"Removed {name}: {count} papers deleted", "")  # noqa: E731
        self._write("remove", lambda: library.remove_source(name), done, f"{name} was not removed")

    def remove_paper(self, paper: Paper) -> None:
        library = self.session.library
        done = lambda _: self._done(f"Removed {paper.display_title}", paper.id)  # noqa: E731
        self._write("remove", lambda: library.remove_ids([paper.id]), done, "The paper was not removed")

    def _done(self, message: str, removed: str | None = None) -> None:
        self.message.emit(message)
        if removed is not None:
            self.removed.emit(removed)
        self.changed.emit(True)

    def export_papers(self, which: str) -> None:
        """which: selected (results), starred, reading, cited (by the chat's answers), or tag:NAME."""
        library = self.session.library
        if which == "selected":
            papers, what = self.selected(), "the selected results"
        elif which == "starred":
            papers, what = library.starred(), "the starred papers"
        elif which == "reading":
            ids = [paper_id for paper_id, _, _ in library.annotations.reading_list()]
            found = library.get_many(ids)
            papers, what = [found[i] for i in ids if i in found], "the reading list"
        elif which == "cited":
            papers, what = self.cited(), "the papers the answers cite"
        else:
            tag = which.removeprefix("tag:")
            found = library.get_many(library.annotations.ids_with_tag(tag))
            papers, what = list(found.values()), f"the tag “{tag}”"
        self.export(papers, what)

    def export(self, papers: list[Paper], what: str, kind: ExportFormat | None = None) -> str:
        """Asks where, then writes the papers in the format the file name or filter chose; '' if cancelled."""
        if not papers:
            self.message.emit(f"Nothing to export: {what} has no papers.")
            return ""
        chosen_filter = FILTERS[kind] if kind else FILTERS[ExportFormat.BIBTEX]
        path, picked = QFileDialog.getSaveFileName(
            self.parent_widget,
            f"Export {what}",
            f"abstracta{(kind or ExportFormat.BIBTEX).suffix}",
            ";;".join(FILTERS.values()),
            chosen_filter,
        )
        if not path:
            return ""
        self.write_export(papers, Path(path), kind or format_for(path, picked))
        return path

    def write_export(self, papers: list[Paper], path: Path, kind: ExportFormat) -> None:
        ids = [paper.id for paper in papers]
        library = self.session.library

        def work() -> int:
            fresh = library.get_many(ids)  # with their current notes and tags
            write_text_atomically(path, export([fresh[i] for i in ids if i in fresh], kind))
            return len(fresh)

        self.pool.call(
            work,
            "export",
            lambda count: self.message.emit(f"Exported {count} papers to {path}"),
            lambda error: self.failed.emit(error, "The export failed"),
        )


def format_for(path: str, picked_filter: str) -> ExportFormat:
    """The format a file name's suffix names, else the one the dialog's filter chose."""
    suffix = Path(path).suffix.lower()
    for kind in ExportFormat:
        if suffix == kind.suffix:
            return kind
    return next((kind for kind, text in FILTERS.items() if text == picked_filter), ExportFormat.BIBTEX)
