"""The search bar: query, mode and filters (source, language, year, tag, author); emits when any changes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from desktop.core.base.choices import SearchMode
from desktop.core.base.filters import SearchFilters
from desktop.core.library.library_stats import LibraryStats
from desktop.ui.qt_helpers import single_shot_timer

DEBOUNCE_MS = 250
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}


class SearchBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.query = QLineEdit()
        self.query.setPlaceholderText("Search your papers…  (Ctrl+K)")
        self.query.setClearButtonEnabled(True)
        self.query.setToolTip("Search titles and abstracts by meaning and by keyword (Ctrl+K or Ctrl+F)")
        self.mode = QComboBox()
        for mode in SearchMode:
            self.mode.addItem(mode.value.capitalize(), mode.value)
        self.mode.setToolTip("Hybrid fuses meaning and keywords; Semantic is meaning only; Keyword is exact words")
        self.source = QComboBox()
        self.source.setToolTip("Only papers from this dump")
        # long dump names neither clip nor widen the bar: the box shows their start, its list all of them
        self.source.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source.setMinimumContentsLength(14)
        self.lang = QComboBox()
        self.lang.setToolTip("Only papers in this language")
        self.year = QComboBox()
        self.year.setToolTip("Only papers from this year (papers without a year are left out)")
        self.tag = QComboBox()
        self.tag.setToolTip("Only papers with this tag")
        self.tag.addItem("Any tag", "")
        self.author = QLineEdit()
        self.author.setPlaceholderText("Author")
        self.author.setClearButtonEnabled(True)
        self.author.setMaximumWidth(150)
        self.author.setToolTip("Only papers with an author of this name (any order of the name's words)")
        layout.addWidget(self.query, 1)
        for combo in (self.mode, self.source, self.lang, self.year, self.tag):
            if combo is not self.source:  # sized to their longest label ("2023 (331)"), refilled or not
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            layout.addWidget(combo)
            combo.currentIndexChanged.connect(self._emit_now)
        layout.addWidget(self.author)
        self.timer = single_shot_timer(self, DEBOUNCE_MS, self.changed.emit)
        for line in (self.query, self.author):
            line.textChanged.connect(lambda _: self.timer.start())
            line.returnPressed.connect(self._emit_now)
        self.show_choices(None)

    def _emit_now(self) -> None:
        self.timer.stop()
        self.changed.emit()

    def show_choices(self, stats: LibraryStats | None) -> None:
        """Fills the filter menus from the library, keeping the current choices where possible."""
        current = (self.source.currentData(), self.lang.currentData(), self.year.currentData())
        for combo in (self.source, self.lang, self.year):
            combo.blockSignals(True)
            combo.clear()
        self.source.addItem("All dumps", "")
        self.lang.addItem("All languages", "")
        self.year.addItem("Any year", 0)
        if stats is not None:
            for name, count in stats.sources.items():
                self.source.addItem(f"{name} ({count})", name)
            for code, count in stats.languages.items():
                self.lang.addItem(f"{LANGUAGE_NAMES.get(code, code)} ({count})", code)
            for year, count in sorted(stats.years.items(), reverse=True):
                self.year.addItem(f"{year} ({count})", year)
        for combo, value in zip((self.source, self.lang, self.year), current, strict=True):
            index = combo.findData(value)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
        for combo in (self.source, self.lang, self.year):
            fit_popup(combo)

    def set_source(self, name: str) -> None:
        index = self.source.findData(name)
        if index >= 0:
            self.source.setCurrentIndex(index)

    def text(self) -> str:
        return self.query.text().strip()

    def mode_value(self) -> SearchMode:
        return SearchMode(self.mode.currentData())

    def filters(self) -> SearchFilters:
        year = int(self.year.currentData() or 0)
        return SearchFilters(
            str(self.source.currentData() or ""),
            str(self.lang.currentData() or ""),
            year or None,
            self.author.text().strip(),
            str(self.tag.currentData() or ""),
        )

    def show_tags(self, tags: dict[str, int]) -> None:
        """Fills the tag menu, keeping the current choice while the tag exists."""
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("Any tag", "")
        for tag, count in tags.items():
            self.tag.addItem(f"#{tag} ({count})", tag)
        self.tag.setCurrentIndex(max(0, self.tag.findData(current)))
        self.tag.blockSignals(False)
        fit_popup(self.tag)
        if current and self.tag.currentData() != current:
            self._emit_now()  # the tag was renamed or removed: the results change with it

    def set_tag(self, tag: str) -> None:
        index = self.tag.findData(tag)
        if index >= 0:
            self.tag.setCurrentIndex(index)

    def set_author(self, name: str) -> None:
        self.author.setText(name)
        self._emit_now()

    def focus(self) -> None:
        self.query.setFocus()
        self.query.selectAll()


def fit_popup(combo: QComboBox) -> None:
    """The list of a combo box narrower than its items is as wide as its longest item."""
    view = combo.view()
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setMinimumWidth(view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 8)
