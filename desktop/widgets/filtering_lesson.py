"""Lessons ▸ Filtering by hand: a 3x3 kernel slid over a 6x6 image, one cell at a time or all at once.

The image and kernel start as the classroom slide's and take any number typed into them. Each step shows
the patch under the kernel (outlined on the image), the products cell by cell and their sum, which becomes
the map's cell. The same kernel over the finished map gives the second map.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.lesson_window import LessonWindow
from desktop.widgets.number_grid import NumberGrid
from model.lessons.filtering import SLIDE_IMAGE, SLIDE_MISPRINT, TOP_EDGE_KERNEL, filter_image, filter_step, map_shape

MISPRINT_NOTE = (f"The well-known slide prints {SLIDE_MISPRINT['slide']} for the second map's first cell; the "
                 f"arithmetic gives {SLIDE_MISPRINT['arithmetic']}. Check it by hand: the app is right.")


def caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class FilteringLesson(LessonWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Lesson: filtering by hand", (900, 640), "filteringLesson/geometry", parent)
        self.image = NumberGrid(SLIDE_IMAGE, editable=True, name="Image (type any number)")
        self.kernel = NumberGrid(TOP_EDGE_KERNEL, editable=True, name="Kernel (type any number)")
        self.map = NumberGrid(np.full((4, 4), np.nan), name="Map: the kernel over the image")
        self.second_map = NumberGrid(np.full((2, 2), np.nan), name="Second map: the kernel over the map")
        self.patch = NumberGrid(np.zeros((3, 3)), name="The patch under the kernel")
        self.products = NumberGrid(np.zeros((3, 3)), name="Patch times kernel, cell by cell")
        self.step_text = caption("")
        self.step_text.setAccessibleName("This step")
        self.previous_button = QPushButton("◀ Previous step")
        self.next_button = QPushButton("Next step ▶")
        self.all_button = QPushButton("All at once")
        self.reset_button = QPushButton("The slide's numbers")
        self.steps_done = 0  # map cells worked out so far, row by row
        self._build()
        for grid in (self.image, self.kernel):
            grid.edited.connect(lambda _values: self._show())
        self.previous_button.clicked.connect(lambda: self.go_to_step(self.steps_done - 1))
        self.next_button.clicked.connect(lambda: self.go_to_step(self.steps_done + 1))
        self.all_button.clicked.connect(lambda: self.go_to_step(self.cell_count()))
        self.reset_button.clicked.connect(self.reset)
        self.go_to_step(1)

    def _build(self) -> None:
        grids = QGridLayout()
        for column, (title, grid) in enumerate((("Image", self.image), ("Kernel", self.kernel), ("Map", self.map),
                                                ("Kernel over the map", self.second_map))):
            grids.addWidget(caption(f"<b>{title}</b>"), 0, column)
            grids.addWidget(grid, 1, column, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        step = QHBoxLayout()
        for title, widget in (("Patch", self.patch), ("Products", self.products)):
            box = QVBoxLayout()
            box.addWidget(caption(f"<b>{title}</b>"))
            box.addWidget(widget)
            box.addStretch(1)
            step.addLayout(box)
        step.addWidget(self.step_text, 1)
        buttons = QHBoxLayout()
        for button in (self.previous_button, self.next_button, self.all_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        layout = QVBoxLayout(self.content)
        layout.addWidget(caption("Line the kernel up with a 3x3 patch of the image, multiply each pixel by the "
                                 "kernel's number over it, and add the products up: that sum is one cell of the "
                                 "map. Slide one pixel on and do it again. Type any number into the image or the "
                                 "kernel and every result follows."))
        layout.addLayout(grids)
        layout.addLayout(step)
        layout.addLayout(buttons)
        layout.addWidget(caption(MISPRINT_NOTE))
        layout.addStretch(1)

    def map_size(self) -> tuple[int, int]:
        return map_shape(self.image.values().shape, self.kernel.values().shape)

    def cell_count(self) -> int:
        rows, cols = self.map_size()
        return rows * cols

    def go_to_step(self, steps: int) -> None:
        """Show the map with its first `steps` cells worked out, the last of them explained."""
        self.steps_done = max(1, min(steps, self.cell_count()))
        self._show()

    def reset(self) -> None:
        self.image.set_values(SLIDE_IMAGE)
        self.kernel.set_values(TOP_EDGE_KERNEL)
        self.go_to_step(1)

    def _show(self) -> None:
        image, kernel = self.image.values(), self.kernel.values()
        full = filter_image(image, kernel)
        cols = full.shape[1]
        shown = np.full(full.shape, np.nan)
        shown.ravel()[: self.steps_done] = full.ravel()[: self.steps_done]
        self.map.set_values(shown)
        finished = self.steps_done == full.size
        second = filter_image(full, kernel)  # the grids keep their sizes: a 4x4 map always takes the 3x3 kernel
        self.second_map.set_values(second if finished else np.full(second.shape, np.nan))
        row, col = divmod(self.steps_done - 1, cols)
        step = filter_step(image, kernel, row, col)
        self.patch.set_values(step.patch)
        self.products.set_values(step.products)
        self.image.outline({(row + r, col + c) for r in range(kernel.shape[0]) for c in range(kernel.shape[1])})
        self.map.outline({(row, col)})
        sum_text = " + ".join(f"({p:g})" if p < 0 else f"{p + 0.0:g}" for p in step.products.ravel())  # no "-0"
        self.step_text.setText(f"Step {self.steps_done} of {full.size}: the cell in row {row + 1}, column {col + 1}."
                               f"<br><br>{sum_text} = <b>{step.total:g}</b>")
        self.previous_button.setEnabled(self.steps_done > 1)
        self.next_button.setEnabled(not finished)
        self.all_button.setEnabled(not finished)
