"""Keyboard and screen-reader access for the main window: one Tab order through it (search →
results → reader → chat → library, then round again), Tab leaving the text boxes that need no
tab characters, Enter on a library entry doing what a click does, and a name for every control
that a screen reader announces (a button's text alone says "white star Star" or "Export…" twice)."""

from __future__ import annotations

import itertools
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QMenuBar, QPushButton, QWidget

from desktop.ui.chat_panel import ChatPanel
from desktop.ui.library_panel import LibraryPanel
from desktop.ui.reader_view import ReaderView
from desktop.ui.results_view import ResultsView
from desktop.ui.search_bar import SearchBar


class WindowParts(Protocol):
    """What the main window is made of (main_window imports this module, not the reverse)."""

    search_bar: SearchBar
    import_button: QPushButton
    results: ResultsView
    reader: ReaderView
    chat: ChatPanel
    library_panel: LibraryPanel


def tab_chain(window: WindowParts) -> list[tuple[QWidget, str]]:
    """The widgets Tab visits, in order, each with the name a screen reader says."""
    bar, results, reader, notes, chat, library = (
        window.search_bar,
        window.results,
        window.reader,
        window.reader.notes,
        window.chat,
        window.library_panel,
    )
    return [
        (bar.query, "Search your papers"),
        (bar.mode, "Search mode"),
        (bar.source, "Filter by dump"),
        (bar.lang, "Filter by language"),
        (bar.year, "Filter by year"),
        (bar.tag, "Filter by tag"),
        (bar.author, "Filter by author"),
        (window.import_button, "Import dumps"),
        (results.list, "Search results"),
        (results.summarize_button, "Summarize the selected papers"),
        (results.compare_button, "Compare the selected papers"),
        (results.ask_button, "Ask about the selected papers"),
        (results.export_button, "Export the selected papers"),
        (reader.browser, "The selected paper"),
        (notes.tags, "Tags of this paper"),
        (notes.reading, "Reading state of this paper"),
        (notes.note, "Your note on this paper"),
        (reader.ask_button, "Ask about this paper"),
        (reader.tldr_button, "TL;DR of this paper"),
        (reader.similar_button, "More papers like this"),
        (reader.copy_button, "Copy a citation of this paper"),
        (reader.star_button, "Star this paper"),
        (reader.pdf_button, "Open the paper's PDF"),
        (chat.model_button, "Choose the chat model"),
        (chat.new_button, "New chat"),
        (chat.export_button, "Export the conversation"),
        (chat.transcript, "Chat transcript"),
        (chat.preview, "Papers the answer will use"),
        (chat.input, "Your question"),
        (chat.send_button, "Send the question"),
        (chat.stop_button, "Stop the answer"),
        (library.tree, "Library: dumps, tags, reading list and starred papers"),
        (library.remove_button, "Remove the selected dump or paper"),
        (library.export_button, "Export the selected tag, reading list or starred papers"),
    ]


def make_keyboard_friendly(window: WindowParts, root: QWidget) -> None:
    """root: the window's widget, whose every button gets a name."""
    chain = tab_chain(window)
    for widget, name in chain:
        widget.setAccessibleName(name)
        if widget.focusPolicy() in (Qt.FocusPolicy.NoFocus, Qt.FocusPolicy.ClickFocus):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    for (before, _), (after, _) in itertools.pairwise(chain):
        QWidget.setTabOrder(before, after)
    for editor in (window.reader.notes.note, window.chat.input):
        editor.setTabChangesFocus(True)  # a note or a question needs no tab character
    for button in root.findChildren(QAbstractButton):  # the others (the views of other features too)
        if not button.accessibleName():
            button.setAccessibleName(spoken(button.text()) or button.toolTip() or inner_button_name(button))
        if not button.accessibleDescription():
            button.setAccessibleDescription(button.toolTip())


def spoken(label: str) -> str:
    """A button's text as a name to speak: without its & mnemonic, arrows, stars and ellipsis."""
    return label.replace("&", "").strip(" ▾☆★…").strip()


def inner_button_name(button: QAbstractButton) -> str:
    """The buttons Qt puts inside widgets: a line edit's clear button, the menu bar's » button."""
    parent = button.parentWidget()
    if isinstance(parent, QLineEdit):
        return f"Clear: {parent.accessibleName()}" if parent.accessibleName() else "Clear the field"
    if isinstance(parent, QMenuBar):
        return "More menus"
    return ""
