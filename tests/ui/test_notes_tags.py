"""Notes, tags, the reading list and export in the app, driven with real typing and clicks."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import rispy
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.core.library.exporters import formatted_reference, tex_escape
from tests.core.helpers import RIS, write
from tests.ui.helpers import click_in_modal_dialog, import_by_drop, search


def open_first(qtbot, window, query: str):  # type: ignore[no-untyped-def]
    search(qtbot, window, query)
    qtbot.waitUntil(lambda: window.reader.paper is not None)
    return window.reader.paper


def test_note_tags_and_reading_state_are_saved_shown_and_searchable(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "export.ris", RIS)])
    paper = open_first(qtbot, window, "dexterous manipulation")
    notes = window.reader.notes
    qtbot.mouseClick(notes.note.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(notes.note, "Baseline for our gripper study")
    qtbot.waitUntil(lambda: (window.session.library.get(paper.id) or paper).note == "Baseline for our gripper study")
    notes.tags.setFocus()
    qtbot.keyClicks(notes.tags, "to cite, robots")
    with qtbot.waitSignal(window.library_changed, timeout=10000):
        qtbot.keyClick(notes.tags, Qt.Key.Key_Return)
    notes.reading.setCurrentIndex(notes.reading.findData("reading"))
    qtbot.waitUntil(lambda: window.library_panel.reading_root.childCount() == 1)
    stored = window.session.library.get(paper.id)
    assert stored is not None and stored.tags == ["robots", "to cite"] and stored.reading_state == "reading"
    assert window.library_panel.tags_root.childCount() == 2
    # the note is found by keyword search, and the result shows the marks
    search(qtbot, window, "gripper")
    assert window.results.hits[0].paper.id == paper.id
    card = window.results.list.itemWidget(window.results.list.item(0))
    assert "✎ note" in card.meta.text() and "#robots" in card.meta.text()
    # clicking a tag in the library panel filters the search by it
    window.search_bar.query.clear()
    robots = next(
        window.library_panel.tags_root.child(i)
        for i in range(window.library_panel.tags_root.childCount())
        if window.library_panel.tags_root.child(i).text(0) == "# robots"
    )
    with qtbot.waitSignal(window.search_done, timeout=10000):
        window.library_panel.tree.itemClicked.emit(robots, 0)
    assert window.search_bar.tag.currentData() == "robots"
    assert [hit.paper.id for hit in window.results.hits] == [paper.id]


def test_export_selected_results_and_copy_citation(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "export.ris", RIS)])
    search(qtbot, window, "dexterous")
    window.results.list.selectAll()
    target = tmp_path / "chosen.ris"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "RIS (*.ris)"))
    assert window.results.export_button.isEnabled()
    qtbot.mouseClick(window.results.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=10000)
    titles = sorted(record["title"] for record in rispy.loads(target.read_text()))
    assert titles == sorted(hit.paper.title for hit in window.results.hits) and len(titles) >= 2

    window.results.list.setCurrentRow(0)
    paper = window.reader.paper
    menu = window.reader.copy_button.menu()
    bibtex = next(action for action in menu.actions() if action.text() == "BibTeX")
    bibtex.trigger()
    (entry,) = bibtexparser.parse_string(QApplication.clipboard().text()).entries
    doi = entry.fields_dict.get("doi")
    assert entry["title"] == "{" + tex_escape(paper.display_title) + "}" and (doi.value if doi else "") == paper.doi
    formatted = next(action for action in menu.actions() if action.text() == "Formatted reference")
    formatted.trigger()
    assert QApplication.clipboard().text() == formatted_reference(paper)


def test_renaming_and_removing_a_tag_from_the_library_panel(qtbot, make_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "export.ris", RIS)])
    library = window.session.library
    library.annotations.add_tags(library.all_ids(), ["survey"])
    window.refresh_library()
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("reviews", True))
    with qtbot.waitSignal(window.library_changed, timeout=10000):
        window.library_panel.ask_rename("survey")
    assert library.annotations.tag_counts() == {"reviews": 3}
    assert window.library_panel.tags_root.child(0).text(0) == "# reviews"
    window.library_panel.tree.setCurrentItem(window.library_panel.tags_root.child(0))
    click_in_modal_dialog(qtbot, "Remove")
    with qtbot.waitSignal(window.library_changed, timeout=10000):
        qtbot.mouseClick(window.library_panel.remove_button, Qt.MouseButton.LeftButton)
    assert library.annotations.tag_counts() == {} and library.count() == 3  # the papers stay


def test_a_note_typed_just_before_quitting_is_saved(qtbot, make_window, tmp_path: Path, isolated_dirs: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.library.library import Library

    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "export.ris", RIS)])
    paper = open_first(qtbot, window, "dexterous manipulation")
    qtbot.keyClicks(window.reader.notes.note, "last words")
    window.close()  # before the pause that saves it
    qtbot.waitUntil(lambda: window.is_closed, timeout=30000)
    library = Library(isolated_dirs / "library", read_only=True)
    try:
        assert (library.get(paper.id) or paper).note == "last words"
    finally:
        library.close()
