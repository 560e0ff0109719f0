"""The desktop app, driven as a user would: real drop events, typing, clicking, keys."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from PySide6.QtCore import Qt, QUrl

from desktop.core.base.config import Settings
from desktop.ui.window_state import WindowState
from tests.core.helpers import abstract, write
from tests.ui.helpers import DUMP, click_in_modal_dialog, import_by_drop, search

HOSTILE = "\n".join(["<script>alert(1)</script>", abstract("hostile titles <img src=x onerror=alert(2)> in dumps")])


def test_empty_library_shows_the_welcome_drop_zone(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.stack.currentIndex() == 0
    assert "0 papers" in window.count_label.text()


def test_dropping_files_imports_them_and_results_appear(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    dump = write(tmp_path / "dumps" / "papers.txt", DUMP)
    report = import_by_drop(qtbot, window, [dump.parent])
    assert report.new == 2 and not report.failed
    assert "2 papers in 1 dumps" in window.count_label.text()
    search(qtbot, window, "grasping")
    assert window.stack.currentIndex() == 1 and window.results.list.count() >= 1
    first = window.results.hits[0].paper
    assert first.title == "Robot Grasping with Tactile Sensing"
    assert "Robot Grasping" in window.reader.plain_text()


def test_dropping_a_non_dump_says_so_and_changes_nothing(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    image = tmp_path / "figure.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    report = import_by_drop(qtbot, window, [image])
    assert report.new == 0 and "PNG image" in report.failed[0].error
    assert window.session.library.count() == 2


def test_typing_a_query_shows_results_with_highlighted_terms(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    search(qtbot, window, "weak supervisors")
    card = window.results.list.itemWidget(window.results.list.item(0))
    assert "background-color" in card.snippet.text() and "supervisors" in card.snippet.text()


def test_chat_streams_stops_and_citation_opens_the_paper(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reply = " ".join(["weak supervisors train strong models [1]."] + [f"more{i}" for i in range(60)])
    window = make_window(reply=reply, delay_s=0.02)
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    chat = window.chat
    qtbot.keyClicks(chat.input, "How do weak supervisors train strong models?")
    qtbot.waitUntil(lambda: chat.preview.count() > 0, timeout=5000)
    with qtbot.waitSignal(window.answer_done, timeout=20000):
        qtbot.keyClick(chat.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: chat.busy and len(chat.entries[-1].text) > 30, timeout=5000)
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    answer = chat.entries[-1].answer
    assert answer is not None and answer.stopped and answer.timings.tokens < 60
    assert "Stopped" in chat.timing.text() or "stopped" in chat.timing.text()
    window.reader.show_paper(None)
    chat.transcript.anchorClicked.emit(QUrl("cite:0:1"))
    assert "Weak-to-Strong Generalization" in window.reader.plain_text()
    qtbot.keyClicks(chat.input, "And again?")
    with qtbot.waitSignal(window.answer_done, timeout=20000):
        chat.send_button.click()
    assert chat.entries[-1].answer is not None and not chat.entries[-1].answer.stopped


def test_unticked_sources_are_left_out(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    chat = window.chat
    qtbot.keyClicks(chat.input, "weak supervisors and robot grasping")
    qtbot.waitUntil(lambda: chat.preview.count() == 2, timeout=5000)
    chat.preview.item(1).setCheckState(Qt.CheckState.Unchecked)
    kept = chat.preview.item(0).data(Qt.ItemDataRole.UserRole).paper.id
    with qtbot.waitSignal(window.answer_done, timeout=20000):
        chat.send_button.click()
    assert [s.paper.id for s in chat.entries[-1].answer.sources] == [kept]


def test_html_in_titles_abstracts_and_answers_is_inert(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(reply="<b>bold</b> <script>alert(3)</script> [1].")
    import_by_drop(qtbot, window, [write(tmp_path / "hostile.txt", HOSTILE)])
    search(qtbot, window, "hostile titles")
    card = window.results.list.itemWidget(window.results.list.item(0))
    assert "&lt;script&gt;" in card.title.text() and "<script>" not in card.title.text()
    assert "<script>alert(1)</script>" in window.reader.plain_text()
    assert "<img src=x onerror=alert(2)>" in window.reader.plain_text()
    window.chats.ask_about(window.results.hits)
    qtbot.keyClicks(window.chat.input, "what is this?")
    with qtbot.waitSignal(window.answer_done, timeout=20000):
        window.chat.send_button.click()
    transcript = window.chat.transcript.toPlainText()
    assert "<b>bold</b>" in transcript and "<script>alert(3)</script>" in transcript
    exported = window.chat.export_markdown()
    assert "&lt;script&gt;" in exported and "<script>" not in exported


def test_settings_and_window_state_persist_across_restart(qtbot, make_window, isolated_dirs: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.resize(1000, 700)
    window.body.setSizes([150, 600, 250])  # the results wider than the reader: the default is the reverse
    window.apply_settings(dataclasses.replace(window.session.settings, max_tokens=123))
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    saved = Settings.load(isolated_dirs / "config")
    state = WindowState.load(isolated_dirs / "config")
    assert saved.max_tokens == 123 and state.geometry and "body" in state.splitters
    again = make_window(max_tokens=saved.max_tokens)
    library, results, right = again.body.sizes()
    assert results > right and library < 200
    assert again.session.settings.max_tokens == 123


def test_version_1_settings_move_the_window_state_to_the_ui_file(qtbot, make_window, isolated_dirs: Path) -> None:  # type: ignore[no-untyped-def]
    first = make_window()
    first.body.setSizes([140, 700, 420])  # the results wider than the reader: the default is the reverse
    legacy = WindowState.capture(first, first.splitters())
    first.close()
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=10000)
    config = isolated_dirs / "config"
    (config / "window-state.json").unlink()
    version_1 = {"max_tokens": 99, "window_geometry": legacy.geometry, "splitter_states": legacy.splitters}
    (config / "settings.json").write_text(json.dumps(version_1))
    settings = Settings.load(config)
    assert settings.max_tokens == 99 and not hasattr(settings, "window_geometry")
    window = make_window(max_tokens=settings.max_tokens)
    library, results, right = window.body.sizes()
    assert results > right and library < 200
    settings.save(config)
    assert json.loads((config / "settings.json").read_text())["version"] == 2


def test_remove_a_source_after_confirmation(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    root = window.library_panel.sources_root
    window.library_panel.tree.setCurrentItem(root.child(0))
    click_in_modal_dialog(qtbot, "Cancel")
    qtbot.mouseClick(window.library_panel.remove_button, Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    assert window.session.library.count() == 2
    click_in_modal_dialog(qtbot, "Remove")
    qtbot.mouseClick(window.library_panel.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.library.count() == 0, timeout=10000)
    qtbot.waitUntil(lambda: window.stack.currentIndex() == 0, timeout=10000)
    assert "Removed papers.txt: 2 papers deleted" in window.statusBar().currentMessage()


def test_every_button_and_field_has_a_tooltip(make_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit

    window = make_window()
    missing = []
    for kind in (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit):
        for widget in window.findChildren(kind):
            if not widget.isVisibleTo(window) or isinstance(widget.parent(), (QComboBox, QAbstractSpinBox, QLineEdit)):
                continue
            if not widget.toolTip():
                missing.append(getattr(widget, "text", lambda: "")() or type(widget).__name__)
    assert missing == []


def test_second_instance_opens_read_only_and_says_so(qtbot, make_window, isolated_dirs: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.library.library import Library

    holder = Library(isolated_dirs / "library")
    try:
        window = make_window()
        assert window.session.library.read_only
        assert window.banner.isVisible() and "another Abstracta" in window.banner.text()
        assert not window.import_button.isEnabled()
    finally:
        holder.close()


def test_settings_dialog_edits_a_copy(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.settings_dialog import SettingsDialog

    window = make_window()
    dialog = SettingsDialog(window.session.settings, window)
    qtbot.addWidget(dialog)
    dialog.max_tokens.setValue(77)
    dialog.theme.setCurrentText("dark")
    dialog.model_path.setText("/models/other.gguf")
    edited = dialog.edited()
    dialog.reject()
    assert (edited.max_tokens, edited.theme, edited.llm_path) == (77, "dark", "/models/other.gguf")
    assert window.session.settings.max_tokens != 77
