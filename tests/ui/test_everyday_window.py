"""The window a researcher keeps open all day: results that stop where relevance does, a reader with
room, layouts that stay put, the chat's question box, import progress, settings on a small screen,
readable themes and the keyboard."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from desktop.core.base.config import Settings
from desktop.core.base.filters import SearchFilters
from desktop.core.ingest.pipeline import Progress
from desktop.core.library.library_stats import LibraryStats
from desktop.core.library.records import Paper
from desktop.core.search.cut import relevant_hits
from desktop.core.search.hybrid import Hit
from desktop.ui import theme
from desktop.ui.import_progress import ImportProgress, TimeLeft, progress_text
from desktop.ui.results_view import results_summary
from desktop.ui.splitter import GripHandle
from tests.core.helpers import topic_papers, write
from tests.ui.helpers import DUMP, import_by_drop, search

README = Path(__file__).resolve().parents[2] / "README.md"
TOPICS = ["robot grasping", "protein folding", "weather forecasting", "speech recognition", "drug discovery"]


def many_papers(tmp_path: Path) -> Path:
    return write(tmp_path / "papers.txt", topic_papers(TOPICS, 4, 7, "Csaba Balázs"))


def test_results_stop_where_relevance_falls_away_with_one_kind_of_score(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [many_papers(tmp_path)])
    with qtbot.waitSignal(window.search_done, timeout=10000):
        window.search_bar.query.setText("Balázs")  # QTest types ASCII only
    assert window.results.list.count() == 1
    assert re.fullmatch(r"1 result for “Balázs” \(\d+ weaker left out\)", window.results.summary.text())
    card = window.results.list.itemWidget(window.results.list.item(0))
    assert "relevance 100%" in card.meta.text()
    search(qtbot, window, "protein folding")
    metas = [window.results.list.itemWidget(window.results.list.item(i)).meta.text() for i in range(4)]
    assert window.results.list.count() == 4  # the four papers on it, none of the sixteen others
    assert all("relevance" in meta and "similarity" not in meta and "score" not in meta for meta in metas)
    assert "all with its words" in window.results.summary.text()


def test_filter_labels_are_whole_and_counted_in_words(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    bar = window.search_bar
    sources = {"a-very-long-dump-name-from-somewhere.json": 2400}
    bar.show_choices(LibraryStats(2400, sources, {"en": 2400}, {2023: 331, 2024: 2069}, 0, ""))
    QApplication.processEvents()
    widest = max(bar.year.fontMetrics().horizontalAdvance(bar.year.itemText(i)) for i in range(bar.year.count()))
    assert bar.year.width() >= widest + 20  # the text and the arrow
    assert bar.source.width() < 260  # a long dump name does not widen the bar
    by_author = SearchFilters(author="Balázs")
    newest = [Hit(Paper(abstract=f"text {i}"), 0.0) for i in range(3)]
    assert results_summary(relevant_hits(newest[:1]), "", by_author) == "The one paper by Balázs"
    assert results_summary(relevant_hits(newest), "", by_author) == "3 papers by Balázs, newest first"


def test_the_reader_has_room_and_the_splitters_can_be_seen_and_dragged(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    search(qtbot, window, "grasping")
    reader, chat = window.right.sizes()
    assert reader >= 0.4 * (reader + chat) and window.reader.browser.height() >= 180
    handle = window.right.handle(1)
    assert isinstance(handle, GripHandle) and handle.height() >= 8 and handle.isVisible()
    centre = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(handle, centre + QPoint(0, 60))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=centre + QPoint(0, 60))
    assert window.right.sizes()[0] > reader + 30
    for splitter in (window.body, window.right):
        assert all(isinstance(splitter.handle(i), GripHandle) for i in range(1, splitter.count()))


def test_a_star_or_another_paper_does_not_move_the_layout(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    search(qtbot, window, "grasping")
    QApplication.processEvents()
    before = (window.width(), window.body.sizes(), window.right.sizes(), window.reader.star_button.width())
    window.reader.star_button.click()
    QApplication.processEvents()
    assert window.reader.star_button.text() == "★ Starred"
    assert (window.width(), window.body.sizes(), window.right.sizes(), window.reader.star_button.width()) == before
    with_pdf = dataclasses.replace(window.reader.paper, pdf_path=str(tmp_path / "paper.pdf"))
    (tmp_path / "paper.pdf").write_bytes(b"%PDF-1.4")
    window.reader.show_paper(with_pdf)
    QApplication.processEvents()
    assert window.reader.pdf_button.isVisible()
    window.chat.set_model_ready(True, "a-chat-model-with-a-very-long-name-Q4_K_M-instruct-v2.gguf ready " * 3)
    QApplication.processEvents()
    assert (window.width(), window.body.sizes(), window.right.sizes()) == before[:3]
    assert window.minimumSizeHint().width() <= 1280


def test_send_clears_the_question_folds_the_preview_and_up_recalls_it(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(reply=" ".join(f"word{i}" for i in range(60)) + " [1].", delay_s=0.01)
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    chat = window.chat
    question = "How do weak supervisors train strong models?"
    qtbot.keyClicks(chat.input, question)
    qtbot.waitUntil(lambda: chat.preview.isVisible() and chat.preview.count() > 0, timeout=5000)
    reader_before, chat_before = window.right.sizes()
    assert chat_before < 0.6 * (reader_before + chat_before)
    with qtbot.waitSignal(window.answer_done, timeout=20000):
        qtbot.keyClick(chat.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert chat.input.toPlainText() == ""  # cleared on Send, not when the answer ends
        reader, chat_size = window.right.sizes()
        assert chat_size >= 0.59 * (reader + chat_size)  # the answer opens the chat to make room
        qtbot.waitUntil(lambda: chat.busy and len(chat.entries[-1].text) > 10, timeout=5000)
        assert not chat.preview.isVisible() and not chat.preview_label.isVisible()
        qtbot.keyClicks(chat.input, "and next")  # typed while the answer is written: kept
    assert chat.input.toPlainText() == "and next"
    assert chat.entries[-1].prompt == question
    chat.input.clear()
    qtbot.keyClick(chat.input, Qt.Key.Key_Up)
    assert chat.input.toPlainText() == question
    qtbot.keyClick(chat.input, Qt.Key.Key_Down)
    assert chat.input.toPlainText() == ""


def test_import_progress_counts_over_all_files_and_its_estimate_moves(qtbot) -> None:  # type: ignore[no-untyped-def]
    now = [100.0]
    widget = ImportProgress(clock=lambda: now[0])
    qtbot.addWidget(widget)
    widget.start()
    step = Progress("b.json", "embedding", 0, 1000, 0, 0, 0.0, 2, 3)
    widget.update_progress(step)
    now[0] = 101.0
    widget.update_progress(dataclasses.replace(step, done_bytes=100, papers_seen=40, elapsed_s=1.0))
    first = widget.label.text()
    assert first == "Importing 3 files · 40 papers so far · about 9 s left · 40 papers/s · now b.json (2 of 3)"
    assert widget.bar.value() == 100
    now[0] = 104.0
    widget.ticker.timeout.emit()  # a second passes with no news from the import: the estimate counts down
    assert "about 6 s left" in widget.label.text()
    alone = progress_text(Progress("a.json", "embedding", 10, 100, 1, 1, 2.0), None)
    assert alone == "Importing a.json · 1 paper so far"
    estimate = TimeLeft()
    estimate.update(0.0, 0, 1000)
    estimate.update(1.0, 100, 1000)
    estimate.update(2.0, 150, 1000)  # one slow batch: the estimate moves, it does not double
    assert 850 / 100 < (estimate.seconds(2.0) or 0) < 850 / 50


def test_the_chat_header_says_ready_only_when_an_answer_can_start(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.chat.status.text().endswith("ready")
    window.session.embedder_ready = False
    window.chats.show_model_state()
    assert "still loading" in window.chat.status.text() and not window.chat.status.text().endswith("ready")
    window.session.embedder_ready = True
    window.chats.show_model_state()
    assert window.chat.status.text() == "fake ready"


def test_settings_fit_a_768_pixel_screen_centred_on_the_window(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.settings_dialog import SettingsDialog

    window = make_window()
    dialog = SettingsDialog(window.session.settings, window, [])
    dialog.show()
    QApplication.processEvents()
    try:
        assert dialog.height() <= 768 - 80 and dialog.tabs.count() >= 3
        frame, screen = dialog.frameGeometry(), dialog.screen().availableGeometry()
        assert screen.contains(frame) and window.frameGeometry().contains(frame)
        assert abs(frame.center().y() - window.frameGeometry().center().y()) <= 2  # centred (and kept on screen)
        assert re.match(r"(CPU|CUDA|Metal|Vulkan|ROCm|SYCL)", dialog.build.text())
        assert dialog.max_tokens.accessibleName() == "Max answer tokens"
    finally:
        dialog.reject()
    assert f"| Max answer tokens / temperature | {Settings().max_tokens} / {Settings().temperature} |" in (
        README.read_text(encoding="utf-8")
    )


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_text_colour_meets_wcag_aa_on_its_backgrounds_in_both_themes() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0 and contrast("#777777", "#ffffff") < 4.5
    for colours in (theme.LIGHT, theme.DARK):
        for text, backgrounds in theme.CONTRAST_PAIRS:
            for background in backgrounds:
                ratio = contrast(colours[text], colours[background])
                assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f} ({colours[text]} on {colours[background]})"


def test_switching_to_dark_redraws_the_highlights_in_dark_colours(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    search(qtbot, window, "grasping")
    card = window.results.list.itemWidget(window.results.list.item(0))
    assert theme.LIGHT["mark"] in card.snippet.text()
    window.apply_settings(dataclasses.replace(window.session.settings, theme="dark"))
    try:
        card = window.results.list.itemWidget(window.results.list.item(0))
        assert theme.DARK["mark"] in card.snippet.text() and theme.LIGHT["mark"] not in card.snippet.text()
        assert window.results.list.currentRow() == 0
    finally:
        window.apply_settings(dataclasses.replace(window.session.settings, theme="light"))


def test_tab_goes_search_results_reader_chat_with_focus_seen_and_names_spoken(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    import_by_drop(qtbot, window, [write(tmp_path / "papers.txt", DUMP)])
    search(qtbot, window, "grasping")
    window.activateWindow()
    window.search_bar.query.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search_bar.query, timeout=5000)
    visited: list[QWidget] = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    order = [visited.index(w) for w in (window.results.list, window.reader.browser, window.chat.input)]
    assert order == sorted(order), "Tab should go search → results → reader → chat"
    assert window.reader.notes.note in visited and window.chat.send_button in visited
    button = window.reader.ask_button
    button.clearFocus()
    plain = button.grab().toImage()
    button.setFocus()
    QApplication.processEvents()
    assert button.grab().toImage() != plain, "a focused button looks different"
    for widget in window.findChildren(QAbstractButton):
        name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
        assert re.search(r"[A-Za-z]{2}", name), f"{widget.text()!r} has no spoken name"
    star = QAccessible.queryAccessibleInterface(window.reader.star_button).text(QAccessible.Text.Name)
    assert star == "Star this paper"
