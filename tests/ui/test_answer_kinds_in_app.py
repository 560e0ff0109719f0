"""A list, a compare table and a library fact as the user sees them: typed, previewed, sent;
drawn once (no evidence block above an answer made of evidence) and exported as they look."""

from __future__ import annotations

from pathlib import Path

from tests.core.helpers import write
from tests.core.test_answer_kinds import OTHERS, VIDEO, dump
from tests.fakes import FakeChatModel
from tests.ui.helpers import import_by_drop


def send(qtbot, window, question: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Types the question, waits for the papers the answer will use, sends; returns that preview."""
    qtbot.keyClicks(window.chat.input, question)
    qtbot.waitUntil(lambda: window.chat.preview.count() > 0 or "How many" in question, timeout=5000)
    preview = [window.chat.preview.item(i).text() for i in range(window.chat.preview.count())]
    with qtbot.waitSignal(window.answer_done, timeout=20000):
        window.chat.send_button.click()
    return preview


def test_a_list_question_lists_every_paper_once_and_exports_as_a_list(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(model=FakeChatModel("unused", answer_style="quote"))
    import_by_drop(qtbot, window, [write(tmp_path / "daily.txt", dump(VIDEO + OTHERS[:4]))])
    send(qtbot, window, "Which papers in my library are about video generation?")
    text = window.chat.transcript.toPlainText()
    assert "3 papers in your library are about video generation:" in text
    assert all(title in text for title, _ in VIDEO) and "Mastering Atari" not in text
    assert "Evidence" not in text and text.count("✓") == 3
    exported = window.chat.export_markdown()
    assert all(f"**{title}**" in exported for title, _ in VIDEO)


def test_a_comparison_is_a_table_on_screen_and_in_markdown(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(model=FakeChatModel("unused", answer_style="quote"))
    import_by_drop(qtbot, window, [write(tmp_path / "daily.txt", dump(VIDEO + OTHERS[:4]))])
    preview = send(qtbot, window, "Compare MuZero and TabPFN")
    assert any("Mastering Atari" in line for line in preview) and any("TabPFN" in line for line in preview)
    answer = window.chat.entries[-1].answer
    assert answer is not None and answer.kind == "compare"
    html = window.chat.transcript.toHtml()
    assert "<table" in html and "not stated" not in html.split("Result")[0]
    exported = window.chat.export_markdown().splitlines()
    table = [line for line in exported if line.startswith("|")]
    assert table[0] == "| Paper | Task | Method | Data | Result |" and len(table) == 4
    assert "Evidence 0.00" not in window.chat.timing.text()


def test_a_library_question_is_answered_from_metadata(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(model=FakeChatModel("unused", answer_style="quote"))
    import_by_drop(qtbot, window, [write(tmp_path / "daily.txt", dump(VIDEO + OTHERS[:4]))])
    send(qtbot, window, "How many papers are in my library?")
    assert "Your library holds 7 papers from 1 dumps." in window.chat.transcript.toPlainText()
    assert window.chat.timing.text() == "Answered from your library's metadata"
