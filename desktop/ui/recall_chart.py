"""The screening curve users know from ASReview: included records against records screened, drawn
with QPainter (Qt Charts is not in PySide6-Essentials)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

MARGIN_LEFT, MARGIN_BOTTOM, MARGIN = 44, 30, 12


class RecallChart(QWidget):
    def __init__(self, colors: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors = colors
        self.points: list[int] = []
        self.total = 0
        self.setMinimumSize(260, 200)

    def show_curve(self, points: list[int], total: int) -> None:
        """points[i]: included among the first i + 1 screened; total: records in the set."""
        self.points, self.total = list(points), total
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = QRectF(MARGIN_LEFT, MARGIN, self.width() - MARGIN_LEFT - MARGIN, self.height() - MARGIN - MARGIN_BOTTOM)
        muted = QColor(self.colors.get("muted", "#777777"))
        painter.setPen(QPen(muted, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        screened = len(self.points)
        # the axis runs a little past the records screened (the whole set squeezes an early curve)
        x_max = min(max(self.total, 1), max(int(screened * 1.5), 20, screened))
        y_max = max(self.points[-1] if self.points else 0, 1)
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + 4, plot.width(), 20),
            Qt.AlignmentFlag.AlignHCenter,
            f"records screened ({screened} of {self.total} in the set)",
        )
        painter.save()
        painter.translate(12, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-plot.height() / 2, -10, plot.height(), 20), Qt.AlignmentFlag.AlignCenter, "included")
        painter.restore()
        painter.drawText(QRectF(0, plot.top() - 6, MARGIN_LEFT - 6, 14), Qt.AlignmentFlag.AlignRight, str(y_max))
        painter.drawText(QRectF(0, plot.bottom() - 8, MARGIN_LEFT - 6, 14), Qt.AlignmentFlag.AlignRight, "0")
        painter.drawText(QRectF(plot.right() - 60, plot.bottom() + 4, 60, 14), Qt.AlignmentFlag.AlignRight, str(x_max))
        if not self.points:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "Screen a record to start the curve")
            return

        def at(x: float, y: float) -> QPointF:
            return QPointF(plot.left() + plot.width() * x / x_max, plot.bottom() - plot.height() * y / y_max)

        curve = QPolygonF([at(0, 0)] + [at(i + 1, found) for i, found in enumerate(self.points)])
        painter.setPen(QPen(QColor(self.colors.get("accent", "#2a6fdb")), 2))
        painter.drawPolyline(curve)
