"""Light and dark themes: a Fusion palette plus a few style rules. Every text colour is readable
(WCAG AA, 4.5:1) on every background it is drawn on: CONTRAST_PAIRS lists them, a test measures them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop.core.base.choices import Theme

LIGHT = {
    "window": "#f5f6f8",
    "base": "#ffffff",
    "alt": "#f0f2f5",
    "text": "#1d2330",
    "muted": "#5d6675",
    "accent": "#2660c2",
    "on_accent": "#ffffff",
    "border": "#d5d9e0",
    "mark": "#fff0a8",
    "warn": "#a34a06",
    "good": "#1f7a3a",
    "bad": "#c0392b",
    "button": "#ffffff",
}
DARK = {
    "window": "#1e2127",
    "base": "#262a31",
    "alt": "#2c3038",
    "text": "#e6e9ef",
    "muted": "#9aa3b2",
    "accent": "#6ea0ff",
    "on_accent": "#10141a",
    "border": "#3a3f48",
    "mark": "#6b5a12",
    "warn": "#f0a050",
    "good": "#6fcf8f",
    "bad": "#ff7b72",
    "button": "#30353d",
}
BACKGROUNDS = ("window", "base", "alt", "button")
# (text colour, the backgrounds it is drawn on): labels, lists, editors, buttons, links, trust
# marks, the highlight of query words and evidence, the text of the primary button and of selections.
CONTRAST_PAIRS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("text", (*BACKGROUNDS, "mark")),
    ("muted", BACKGROUNDS),
    ("accent", BACKGROUNDS),
    ("warn", ("window", "base", "alt")),
    ("good", ("window", "base", "alt")),
    ("bad", ("window", "base", "alt")),
    ("on_accent", ("accent",)),
)


def resolve(theme: str) -> Theme:
    """Light or dark: the choice, or the system's colour scheme for 'system'."""
    if theme in (Theme.LIGHT, Theme.DARK):
        return Theme(theme)
    hints = QGuiApplication.styleHints()
    return Theme.DARK if hints.colorScheme() == Qt.ColorScheme.Dark else Theme.LIGHT


def colors(theme: str) -> dict[str, str]:
    """A copy of the theme's colours (the window updates its copy in place when the theme changes)."""
    return dict(DARK if resolve(theme) is Theme.DARK else LIGHT)


def apply(app: QApplication, theme: str) -> dict[str, str]:
    c = colors(theme)
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c["window"],
        QPalette.ColorRole.Base: c["base"],
        QPalette.ColorRole.AlternateBase: c["alt"],
        QPalette.ColorRole.Text: c["text"],
        QPalette.ColorRole.WindowText: c["text"],
        QPalette.ColorRole.Button: c["button"],
        QPalette.ColorRole.ButtonText: c["text"],
        QPalette.ColorRole.Highlight: c["accent"],
        QPalette.ColorRole.HighlightedText: c["on_accent"],
        QPalette.ColorRole.ToolTipBase: c["base"],
        QPalette.ColorRole.ToolTipText: c["text"],
        QPalette.ColorRole.PlaceholderText: c["muted"],
        QPalette.ColorRole.Link: c["accent"],
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    app.setPalette(palette)
    app.setStyleSheet(STYLE.format(**c))
    return c


STYLE = """
QWidget {{ font-size: 10pt; }}
QLineEdit, QComboBox, QPlainTextEdit {{
    border: 1px solid {border}; border-radius: 5px; padding: 4px 6px; background: {base};
}}
QPushButton, QToolButton {{
    border: 1px solid {border}; border-radius: 5px; padding: 4px 8px; background: {button};
}}
QPushButton:hover, QToolButton:hover {{ border-color: {accent}; }}
QPushButton:disabled, QToolButton:disabled {{ color: {muted}; }}
QPushButton#primary {{ background: {accent}; color: {on_accent}; border-color: {accent}; font-weight: 600; }}
QPushButton#primary:disabled {{ background: {alt}; color: {muted}; border-color: {border}; }}
QToolButton#menuButton::menu-indicator {{ image: none; width: 0px; }}
QComboBox QAbstractItemView {{ background: {base}; color: {text}; }}
QComboBox::item:selected {{ background: {accent}; color: {on_accent}; }}
QListWidget, QTextBrowser, QTreeWidget {{ border: 1px solid {border}; border-radius: 6px; background: {base}; }}
QListWidget::item {{ border-bottom: 1px solid {border}; }}
QListWidget::item:selected {{ background: {alt}; border-left: 3px solid {accent}; }}
QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus {{ border: 2px solid {accent}; padding: 3px 5px; }}
QPushButton:focus, QToolButton:focus {{ border: 2px solid {accent}; padding: 3px 7px; }}
QListWidget:focus, QTextBrowser:focus, QTreeWidget:focus {{ border: 2px solid {accent}; }}
QLabel#heading {{ font-weight: 700; font-size: 11pt; }}
QLabel#muted {{ color: {muted}; }}
QFrame#dropZone {{ border: 2px dashed {accent}; border-radius: 14px; background: {base}; }}
QStatusBar {{ color: {muted}; }}
"""
