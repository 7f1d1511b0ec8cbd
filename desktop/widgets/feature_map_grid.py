"""One layer's stack of filtered images, laid out as a grid; hover names a map, click selects it."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.common.colour_maps import ACTIVATION, ColourMap, colourize, to_qimage
from desktop.common.grid_layout import GridLayout, best_grid
from desktop.common.palette import EMPTY_CELL

SELECTED = QColor("#e8590c")
CELL_EDGE = QColor("#8c8676")  # around cells whose middle colour is white (weights): else they run together


class FeatureMapGrid(QWidget):
    map_clicked = Signal(str, int)  # layer name, filter index

    def __init__(self, layer_name: str, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer_name = layer_name
        self._count = count
        self._maps: np.ndarray | None = None  # (H, W, C)
        self._sheet: QImage | None = None  # every map's picture, one under another (one image, not one per map)
        self._colour_map: ColourMap = ACTIVATION
        self._range = (0.0, 1.0)
        self._selected: int | None = None
        self.describe_value = "activation"  # the word tooltips use for a map's values
        self.name_in_words = layer_name  # how tooltips name the layer (the kernels' grid: the first conv layer)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(f"{layer_name}: {count} feature maps")

    @property
    def map_count(self) -> int:
        """How many maps the grid shows (its cells), whether or not they hold a drawing yet."""
        return self._count

    @property
    def maps(self) -> np.ndarray | None:
        return self._maps

    def set_maps(self, maps: np.ndarray | None, *, colour_map: ColourMap = ACTIVATION,
                 value_range: tuple[float, float] | None = None) -> None:
        """Show a stack (H, W, C); None empties the cells. Colours span `value_range` (default 0..max)."""
        self._colour_map = colour_map
        if maps is None:
            self._maps, self._sheet = None, None
        else:
            maps = np.asarray(maps, dtype=np.float32)
            self._maps, self._count = maps, maps.shape[-1]
            high = float(maps.max()) if maps.size else 1.0
            self._range = value_range if value_range is not None else (0.0, high if high > 0 else 1.0)
            # Every map coloured in one pass over the stack, into one picture: one by one, 224 maps cost the
            # window 40-70 ms a drawing (docs/benchmarks.md, pen lift to bars).
            pictures = np.moveaxis(colourize(maps, colour_map, *self._range), 2, 0)  # (C, H, W, 4)
            self._sheet = to_qimage(pictures.reshape(-1, *pictures.shape[2:]))  # (C * H, W, 4)
        self.setAccessibleName(f"{self.layer_name}: {self._count} feature maps")
        self.update()

    @property
    def selected(self) -> int | None:
        """The map framed as the one shown large, if it is in this grid."""
        return self._selected

    def set_selected(self, index: int | None) -> None:
        self._selected = index
        self.update()

    def layout_for_size(self) -> GridLayout:
        return best_grid(self._count, self.width(), self.height(), gap=2.0 if self._count <= 32 else 1.0)

    def cell_centre(self, index: int) -> QPoint:
        layout = self.layout_for_size()
        x, y = layout.cell_origin(index)
        return QPoint(round(x + layout.cell / 2), round(y + layout.cell / 2))

    def describe(self, index: int) -> str:
        """What a map is, in words, for tooltips and captions."""
        text = f"{self.name_in_words}, filter {index + 1} of {self._count}"
        if self._maps is None:
            return text + "\n(draw something to see what this filter responds to)"
        values = self._maps[..., index]
        if self.describe_value == "weight":  # kernels: signed weights, not responses
            return text + (f"\nits {values.shape[1]}×{values.shape[0]} weights (the kernel), from {values.min():.2f} "
                           f"to {values.max():.2f}")
        row, column = np.unravel_index(int(np.argmax(values)), values.shape)
        height, width = values.shape
        strongest = float(values.max())
        if strongest <= 0:
            return text + f"\n{width}×{height} feature map, all zero: this filter finds nothing it looks for here"
        where = f"row {row + 1}, column {column + 1}"
        return text + f"\n{width}×{height} feature map, strongest {self.describe_value} {strongest:.2f} at {where}"

    # --- Qt ---------------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(220, 220)

    def minimumSizeHint(self) -> QSize:
        return QSize(60, 60)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        layout = self.layout_for_size()
        for index in range(self._count):
            x, y = layout.cell_origin(index)
            target = QRectF(x, y, layout.cell, layout.cell)
            if self._sheet is not None and self._maps is not None and index < self._maps.shape[-1]:
                height, width = self._maps.shape[:2]
                # No smoothing: each pixel is one number, and no map's edge takes colour from the next.
                painter.drawImage(target, self._sheet, QRectF(0, index * height, width, height))
                if self._range[0] < 0:  # signed values: zero is white, as is the gap between cells
                    painter.setPen(QPen(CELL_EDGE, 1))
                    painter.drawRect(target.adjusted(-0.5, -0.5, 0.5, 0.5))
            else:
                painter.fillRect(target, EMPTY_CELL)
        if self._selected is not None and self._selected < self._count:
            x, y = layout.cell_origin(self._selected)
            painter.setPen(QPen(SELECTED, 2))
            painter.drawRect(QRectF(x - 1, y - 1, layout.cell + 2, layout.cell + 2))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self.layout_for_size().index_at(event.pos().x(), event.pos().y(), self._count)
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(index), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        index = self.layout_for_size().index_at(event.position().x(), event.position().y(), self._count)
        if index is not None:
            self.set_selected(index)
            self.map_clicked.emit(self.layer_name, index)
