"""A splitter whose handles can be seen: a grip of dots across a wide handle, lit under the mouse.
(A style sheet can colour a handle but not draw a grip that follows the theme.)"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSplitter, QSplitterHandle, QWidget

HANDLE_WIDTH = 9
DOTS = 5
DOT_GAP = 6
DOT_RADIUS = 1.6


class GripHandle(QSplitterHandle):
    def __init__(self, orientation: Qt.Orientation, parent: QSplitter) -> None:
        super().__init__(orientation, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.hovered = False
        across = "left and right" if orientation == Qt.Orientation.Horizontal else "up and down"
        self.setToolTip(f"Drag {across} to resize the panels")

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.HoverEnter, QEvent.Type.HoverLeave):
            self.hovered = event.type() == QEvent.Type.HoverEnter
            self.update()
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        role = QPalette.ColorRole.Highlight if self.hovered else QPalette.ColorRole.PlaceholderText
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(role))
        centre = QPointF(self.rect().center())
        horizontal = self.orientation() == Qt.Orientation.Horizontal
        for step in range(DOTS):
            offset = (step - (DOTS - 1) / 2) * DOT_GAP
            point = centre + (QPointF(0, offset) if horizontal else QPointF(offset, 0))
            painter.drawEllipse(point, DOT_RADIUS, DOT_RADIUS)
        painter.end()


class GripSplitter(QSplitter):
    """A QSplitter with GripHandles; its panels cannot be collapsed away by a drag."""

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self.setHandleWidth(HANDLE_WIDTH)
        self.setChildrenCollapsible(False)

    def createHandle(self) -> QSplitterHandle:
        return GripHandle(self.orientation(), self)

    def favour(self, index: int, share: float) -> None:
        """Grows panel index to share of the splitter when it is smaller (an answer needs room),
        taking the space from the other panels in proportion; a larger panel is left as it is."""
        sizes = self.sizes()
        total = sum(sizes)
        if not total or sizes[index] >= share * total:
            return
        wanted = int(share * total)
        others = total - sizes[index]
        left = total - wanted
        self.setSizes([wanted if i == index else int(size * left / others) for i, size in enumerate(sizes)])
