"""What the network sees: its input image and, for every convolution layer, the stack of filtered images.

Read left to right it is the network's own order: input -> conv1 -> conv2 -> conv3; the explanation
above says what comes after (pooling, a dense layer, softmax: the bars). Each layer's maps share one
colour scale (0 .. that layer's strongest response), so a dark map is a filter that found nothing, and
the layers can be compared by the maxima under them.
"""

from __future__ import annotations

from html import escape

import numpy as np
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.common.colour_maps import ACTIVATION, INK, SIGNED
from desktop.recognition.jobs import ModelInfo
from desktop.widgets.colour_legend import ColourLegend
from desktop.widgets.feature_map_grid import FeatureMapGrid
from desktop.widgets.map_view import MINIMUM_SIDE, MapView

TITLE = "What the network sees: every layer is a stack of feature maps (filtered images)"
EXPLANATION = (
    "A convolution layer slides small 3×3 filters over what comes before it: at every place a filter multiplies "
    "the pixels under it by its learned weights and adds them up, making one new image (a feature map), bright "
    "where it finds its pattern; after the first layer each filter looks at all the maps below it at once. "
    "Negative responses become zero (ReLU), and 2×2 max-pooling keeps the largest value of every 2×2 block, "
    "halving each map's width and height, so deeper layers hold more, smaller maps that answer to larger shapes. "
    "Hover a map to name it; click it to see it large."
)
# What turns the last layer's maps into the bars; with a model, its own layer name and counts.
AFTER_LAST_LAYER = ("After {layer}, one more pooling halves its {maps} maps again; flatten lays them out as one long "
                    "list of numbers, a dense layer of {hidden} reads them all at once, a second dense layer gives "
                    "one score per rune, and softmax turns the {runes} scores into probabilities that add up to "
                    "100 %: the bars above.")
# A model with the non-rune output (model.verdict): one score more, shown by the best guess, not as a bar.
AFTER_LAST_LAYER_NON_RUNE = ("After {layer}, one more pooling halves its {maps} maps again; flatten lays them out as "
                             "one long list of numbers, a dense layer of {hidden} reads them all at once, a second "
                             "dense layer gives one score per rune and one for \u201cnot a rune\u201d, and softmax "
                             "turns the {runes} scores into probabilities that add up to 100 %: the bars above, and "
                             "the best guess\u2019s \u201cnot a rune\u201d.")
AFTER_ANY_LAYER = ("After the last layer, one more pooling halves its maps again; dense layers read them all at "
                   "once and give one score per rune, and softmax turns the scores into probabilities that add up "
                   "to 100 %: the bars above.")
# The shipped network's steps after its last convolution, with the hidden dense layer's size left open.
OUR_STEPS_AFTER = ("pool ½", "flatten", "dense {hidden}", "ReLU", "dense {runes}", "softmax")
TO_BARS = "→ the bars"  # the last arrow's last line
STEP_TIPS = {  # under the arrows, for the room (the explanation may be folded to one line)
    "conv": "{step}: each filter's weights times a patch of the maps before it, summed, at every place",
    "ReLU": "ReLU: negative responses become 0",
    "pool ½": "pool ½: 2×2 max-pooling keeps the largest of every 2×2 block: maps half as wide and half as high",
    "flatten": "flatten: all the maps laid out as one long list of numbers",
    "dense": "{step}: every output reads every number of the list, each with its own weight",
    "softmax": "softmax: turns the scores into probabilities that add up to 100 % (the bars)",
    TO_BARS: "the bars: one probability per rune, beside the canvas",
}


# A model of someone's own, built otherwise: the arrows name its steps.
OTHER_EXPLANATION = (
    "A convolution layer slides small filters over the image before it: each filter makes one new image, bright "
    "where it finds its pattern. The steps between the layers are named under the arrows. Hover a map to name it; "
    "click it to see it large."
)
OTHER_AFTER = "After {layer}: {steps}, which gives {runes} probabilities that add up to 100 %: the bars above."
OTHER_AFTER_NON_RUNE = ("After {layer}: {steps}, which gives {runes} probabilities that add up to 100 %: the bars "
                        "above, and the best guess\u2019s \u201cnot a rune\u201d.")
# The explanation is shown whole only where it takes at most this share of the panel's height; else its
# first sentence and "more", so a short panel keeps its room for the maps. Opened with "more", it takes at
# most EXPLANATION_OPEN_SHARE and scrolls for the rest ("less" beside it, always in sight).
EXPLANATION_SHARE = 0.2
EXPLANATION_OPEN_SHARE = 0.4


def _built_like_ours(info: ModelInfo) -> bool:
    """Convolution + ReLU layers of one filter size, 2x2 pooling between them and after the last: what
    EXPLANATION describes."""
    if not info.layer_steps:
        return False
    first, *rest = info.layer_steps
    convolutions = [first] + [layer[1:] for layer in rest if layer[:1] == ("pool ½",)]
    return (len(convolutions) == len(info.layer_steps) and len(set(convolutions)) == 1
            and first[0].startswith("conv ") and first[1:] == ("ReLU",) and info.steps_after[:1] == ("pool ½",))


def _output_count(info: ModelInfo) -> int:
    """The network's outputs: one per rune, and one more for "not a rune" where the metadata names it."""
    return len(info.metadata.get("outputs") or ()) or len(info.rune_names)


def _hidden_dense(info: ModelInfo) -> str | None:
    """The size of the dense layer between the maps and the scores, where the model ends as ours does
    (a model described before its steps were known is taken to be ours: 128)."""
    if not info.steps_after:
        return "128" if not info.layer_steps else None
    steps = info.steps_after
    runes = str(_output_count(info))
    if len(steps) != len(OUR_STEPS_AFTER) or not steps[2].startswith("dense "):
        return None
    hidden = steps[2].removeprefix("dense ")
    wanted = tuple(step.format(hidden=hidden, runes=runes) for step in OUR_STEPS_AFTER)
    return hidden if steps == wanted else None


def step_tip(step: str) -> str:
    """What one step under an arrow does, in a sentence."""
    key = next((key for key in STEP_TIPS if step == key or step.startswith(key + " ")), None)
    return STEP_TIPS[key].format(step=step) if key else step


def explanation(info: ModelInfo | None = None) -> str:
    """The panel's explanation, ending with what comes after the last layer shown."""
    if info is None or not info.layer_names:
        return f"{EXPLANATION} {AFTER_ANY_LAYER}"
    hidden = _hidden_dense(info)
    if hidden is not None and (not info.layer_steps or _built_like_ours(info)):
        kernel = info.layer_steps[0][0].removeprefix("conv ") if info.layer_steps else "3×3"
        outputs = _output_count(info)
        wording = AFTER_LAST_LAYER if outputs == len(info.rune_names) else AFTER_LAST_LAYER_NON_RUNE
        after = wording.format(layer=info.layer_names[-1], maps=info.filter_counts[-1], hidden=hidden, runes=outputs)
        return f"{EXPLANATION.replace('3×3', kernel)} {after}"
    wording = OTHER_AFTER if _output_count(info) == len(info.rune_names) else OTHER_AFTER_NON_RUNE
    after = wording.format(layer=info.layer_names[-1], steps=" → ".join(info.steps_after) or "nothing more",
                           runes=_output_count(info))
    return f"{OTHER_EXPLANATION} {after}"


def first_sentence(text: str) -> str:
    """What the explanation says first, for a short panel."""
    return text.split(". ", 1)[0].rstrip(".") + "."


STRONGEST_TIP = ("The largest value in any of this layer's maps for this drawing: a weighted sum after ReLU, with "
                 "no unit. Deeper layers add up more inputs, so their numbers are larger; that does not mean the "
                 "network is surer. Each layer's colours run from 0 to its own strongest")
KERNELS_LAYER = "kernels"
# Spaces that do not break keep each colour with its sign when the note wraps in a narrow column.
WEIGHT_COLOURS = "blue\u00a0− · white\u00a00 · red\u00a0+"
FOOTNOTE_STYLE = "color: #6b6557; font-size: 11px;"
# The selected map's square when nothing is selected, and when the selected map has no drawing to show.
NO_SELECTION = "Click any map to see it large"
NO_SELECTION_NOTE = "hover: name · click: enlarge"
NO_DRAWING = "Draw something to see this map"
# Each large image (the selected map, the input) is at most this share of the panel's width: in a tall,
# narrow panel the grids keep their room.
VIEW_SHARE = 0.2
# Narrower than this (a larger Size of everything: 910 px at 150 % on a 1366x768 screen) the panel gives the
# grids the room of the words around them: the arrows without their steps, the legend's labels short, and
# the selected map's square only once a map is selected. The words stay in the tooltips.
NARROW_PANEL = 1200
NARROW_LEGEND = ("max", "½", "0")


def _caption(text: str, *, bold: bool = False) -> QLabel:
    label = QLabel(f"<b>{text}</b>" if bold else text)
    label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    label.setWordWrap(True)
    return label


class _Arrow(QLabel):
    """The steps between two stacks, named: an arrow with e.g. 'pool ½ / conv 3×3 / ReLU' under it (in a
    narrow panel, the arrow alone), and what each does in its tooltip."""

    def __init__(self, steps: tuple[str, ...]) -> None:
        super().__init__()
        self.steps = steps
        self.setStyleSheet("color: #7a7362;")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setToolTip("\n".join(step_tip(step) for step in steps))
        self.set_narrow(False)

    def set_narrow(self, narrow: bool) -> None:
        steps = "" if narrow else f"<div style='font-size:10px'>{'<br>'.join(self.steps)}</div>"
        self.setText(f"<div style='font-size:22px'>→</div>{steps}")


class FeatureMapPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("featureMapPanel")
        self.grids: dict[str, FeatureMapGrid] = {}
        self._footnotes: dict[str, QLabel] = {}
        self._blocks: list[QWidget] = []
        self._selection: tuple[str, int] | None = None

        title = QLabel(f"<b>{TITLE}</b>")
        title.setWordWrap(True)  # on one line it alone held the window 784 px wide: too wide for a projector at 150 %
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setStyleSheet("color: #5b5647;")
        # Tab reaches "more" / "less" too, and Enter follows it.
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                 | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.explanation.linkActivated.connect(self._on_explanation_link)
        self.explanation_scroll = QScrollArea()
        self.explanation_scroll.setWidget(self.explanation)
        self.explanation_scroll.setWidgetResizable(True)
        self.explanation_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.explanation_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.explanation_scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.explanation_scroll.viewport().setAutoFillBackground(False)
        self.explanation.setAutoFillBackground(False)
        self.less_link = QLabel("<a href='less'>less</a>")
        self.less_link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                               | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.less_link.setToolTip("Fold the explanation to its first sentence")
        self.less_link.linkActivated.connect(self._on_explanation_link)
        self.less_link.hide()
        self._explanation_text = explanation()
        self._explanation_opened = False  # the person asked for the whole text with "more"
        self.show_kernels = QCheckBox("Show conv1's learned 3×3 filters")
        self.show_kernels.setToolTip(
            "The weights the first layer slides over the drawing: blue negative, red positive. Deeper layers' "
            "filters span all the maps below them (3×3 for each of 32 or 64 maps), so they cannot be drawn as one "
            "small picture")
        self.show_kernels.toggled.connect(self.set_kernels_visible)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.show_kernels)

        self.input_view = MapView("Your drawing, as the network gets it, appears here")
        self.input_view.setToolTip(
            "The network's input: the drawing cropped, scaled and centred into 32×32 pixels, and redrawn with one pen "
            "width (yours does not matter). These 1,024 numbers (ink 1, paper 0) are all the network gets")
        self.selected_view = MapView(NO_SELECTION)
        self.selected_view.setToolTip("The selected map, large. A feature map covers the same area as the input "
                                      "beside it: a bright place here answers to the drawing at that place")
        self.selected_caption = _caption("Selected map", bold=True)
        self.selected_note = _caption(NO_SELECTION_NOTE)
        self.kernel_grid = FeatureMapGrid(KERNELS_LAYER, 16)
        self.kernel_grid.describe_value = "weight"
        self.kernel_grid.name_in_words = "conv1"
        self.kernel_grid.map_clicked.connect(self._select)
        self._kernel_caption, self._kernel_note = _caption("conv1 filters", bold=True), _caption("")
        self._kernel_size = "3×3"  # the first layer's filters, from the model once it loads
        self._kernel_note.setText(f"{self._kernel_size} weights\n{WEIGHT_COLOURS}")
        self._kernel_block = self._block(self._kernel_caption, self.kernel_grid, self._kernel_note, stretch_grid=True)
        self._kernel_block.setVisible(False)
        self._legend_labels = ("strongest in layer", "half", "0: nothing found")
        self.legend = ColourLegend(ACTIVATION, *self._legend_labels)
        self.legend.setToolTip("Colours of the maps: dark = 0 (the filter found nothing there; ReLU made negatives "
                               "0), yellow = the strongest value in that layer for this drawing. Each layer has its "
                               "own scale")
        self.layers_placeholder = QLabel("The network is loading…\nits layers appear here.")
        self.layers_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self._row = QHBoxLayout()
        self._row.setSpacing(6)
        self._row.addWidget(self._large_views_block())
        self._row.addWidget(self._kernel_block, 2)
        self._row.addWidget(self.layers_placeholder, 6)
        self._row.addWidget(self.legend)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(header)
        explanation_row = QHBoxLayout()
        explanation_row.addWidget(self.explanation_scroll, 1)
        explanation_row.addWidget(self.less_link, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(explanation_row)
        layout.addLayout(self._row, 1)
        self._show_explanation()

    def _large_views_block(self) -> QWidget:
        """The selected map and the input side by side. The selected map sits left of the input, so
        input -> conv1 -> conv2 -> conv3 reads unbroken. One grid for both: their rows line up, so the
        two images always have the same height, and each is as wide as it is tall (see MapView)."""
        block = QWidget()
        grid = QGridLayout(block)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(self._row.spacing())
        grid.setVerticalSpacing(3)
        columns = ((self.selected_caption, self.selected_view, self.selected_note),
                   (_caption("Input 32×32", bold=True), self.input_view, _caption("ink 1, paper 0")))
        for column, (caption, view, footnote) in enumerate(columns):
            grid.addWidget(caption, 0, column)
            grid.addWidget(view, 1, column)
            grid.addWidget(footnote, 2, column)
            footnote.setStyleSheet(FOOTNOTE_STYLE)
        grid.setRowStretch(1, 1)
        block.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        return block

    def _block(self, caption: QLabel, body: QWidget, footnote: QLabel, *, stretch_grid: bool = False) -> QWidget:
        block = QWidget()
        column = QVBoxLayout(block)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(caption)
        column.addWidget(body, 1)
        column.addWidget(footnote)
        footnote.setStyleSheet(FOOTNOTE_STYLE)
        block.setSizePolicy(QSizePolicy.Policy.Expanding if stretch_grid else QSizePolicy.Policy.Preferred,
                            QSizePolicy.Policy.Expanding)
        return block

    # --- model and recognitions -------------------------------------------------------------------
    def show_no_model(self) -> None:
        """No model could be loaded: say so where the layers would be (only until one loads)."""
        if not self.grids:
            self.layers_placeholder.setText("No model is loaded, so there are no layers to show.\n"
                                             "Model ▸ Load model file… or Reset to shipped model.")

    def set_model(self, info: ModelInfo) -> None:
        """Lay out one grid per convolution layer of this model (with empty cells until a drawing comes)."""
        for block in self._blocks:
            self._row.removeWidget(block)
            block.setParent(None)  # out of the panel now (its labels with it), freed when Qt is ready to
            block.deleteLater()
        self._blocks, self.grids, self._footnotes = [], {}, {}
        self.layers_placeholder.hide()
        self._explanation_text = explanation(info)
        self._show_explanation()
        insert_at = self._row.indexOf(self.legend)
        for number, (name, count) in enumerate(zip(info.layer_names, info.filter_counts)):
            grid = FeatureMapGrid(name, count)
            grid.map_clicked.connect(self._select)
            footnote = _caption("")
            caption = _caption(f"{name}: {count} feature maps", bold=True)
            steps = info.layer_steps[number] if number < len(info.layer_steps) else ("conv", "ReLU")
            conv = next((step for step in steps if step.startswith("conv")), "conv")
            relu = ", negatives set to 0 (ReLU)" if "ReLU" in steps[steps.index(conv):] else ""
            caption.setToolTip(f"{count} filters ({conv}), each makes one feature map (a filtered image){relu}")
            footnote.setToolTip(STRONGEST_TIP)
            block = self._block(caption, grid, footnote, stretch_grid=True)
            arrow = _Arrow(steps)
            self._row.insertWidget(insert_at, arrow)
            self._row.insertWidget(insert_at + 1, block, 3)
            insert_at += 2
            self._blocks += [arrow, block]
            self.grids[name] = grid
            self._footnotes[name] = footnote
        if info.steps_after:  # the way on to the bars, so "dense" and "softmax" are on screen too
            to_bars = _Arrow((*info.steps_after, TO_BARS))
            self._row.insertWidget(insert_at, to_bars)
            self._blocks.append(to_bars)
        height, width = np.asarray(info.first_layer_kernels).shape[:2]
        self._kernel_size, first = f"{height}×{width}", info.layer_names[0]
        self.show_kernels.setText(f"Show {first}'s learned {self._kernel_size} filters")
        self._kernel_caption.setText(f"<b>{first} filters</b>")
        self.kernel_grid.name_in_words = first
        self._kernel_note.setText(f"{self._kernel_size} weights\n{WEIGHT_COLOURS}")
        kernels = np.asarray(info.first_layer_kernels)[:, :, 0, :]
        limit = float(np.abs(kernels).max()) or 1.0
        self.kernel_grid.set_maps(kernels, colour_map=SIGNED, value_range=(-limit, limit))
        self._selection = self._selection_kept_for(info)
        self._mark_selection()
        self._show_selection()
        self._fit_words()  # the new arrows too

    def _selection_kept_for(self, info: ModelInfo) -> tuple[str, int] | None:
        """The selected map stays selected in a new model that has it: a layer of that name with at
        least that many filters (for conv1's weights, at least that many first-layer filters)."""
        if self._selection is None:
            return None
        layer_name, index = self._selection
        if layer_name == KERNELS_LAYER:
            count = np.asarray(info.first_layer_kernels).shape[-1]
        else:
            count = dict(zip(info.layer_names, info.filter_counts)).get(layer_name, 0)
        return self._selection if index < count else None

    def show_recognition(self, recognition) -> None:
        """Show a model.recognizer.Recognition: its input image and every layer's maps."""
        self.input_view.show_values(recognition.input_image, INK, 0.0, 1.0)
        for activations in recognition.activations:
            grid = self.grids.get(activations.layer_name)
            if grid is None:
                continue
            grid.set_maps(activations.maps)
            height, width, _ = activations.maps.shape
            self._footnotes[activations.layer_name].setText(
                f"{width}×{height} each · strongest {float(activations.maps.max()):.2f}"
            )
        self._show_selection()

    def clear(self) -> None:
        self.input_view.show_values(None, INK, 0.0, 1.0)
        for name, grid in self.grids.items():
            grid.set_maps(None)
            self._footnotes[name].setText("")
        self._show_selection()

    def set_kernels_visible(self, visible: bool) -> None:
        self._kernel_block.setVisible(visible)
        if self.show_kernels.isChecked() != visible:
            self.show_kernels.setChecked(visible)

    # --- the large view of one map ----------------------------------------------------------------
    def _select(self, layer_name: str, index: int) -> None:
        self._selection = (layer_name, index)
        self._mark_selection()
        self._show_selection()
        self._fit_words()

    def _mark_selection(self) -> None:
        """The orange frame on the selected map's cell, and on no other; a first-layer map and the filter
        (kernel) that made it are framed together, so the weights and what they found can be compared."""
        layer_name, index = self._selection or (None, None)
        first = next(iter(self.grids), None)
        pair = {KERNELS_LAYER, first}
        for grid in (*self.grids.values(), self.kernel_grid):
            same = grid.layer_name == layer_name or (layer_name in pair and grid.layer_name in pair)
            grid.set_selected(index if same else None)

    def _show_selection(self) -> None:
        view = self.selected_view
        if self._selection is None:
            view.show_values(None, ACTIVATION, 0.0, 1.0)
            view.set_placeholder(NO_SELECTION)
            self.selected_caption.setText("<b>Selected map</b>")
            self.selected_note.setText(NO_SELECTION_NOTE)
            return
        layer_name, index = self._selection
        grid = self.kernel_grid if layer_name == KERNELS_LAYER else self.grids.get(layer_name)
        if layer_name == KERNELS_LAYER:
            self.selected_caption.setText(f"<b>{next(iter(self.grids), 'conv1')} filter {index + 1}</b>")
        else:
            self.selected_caption.setText(f"<b>{layer_name} · map of filter {index + 1}</b>")
        if grid is None or grid.maps is None or index >= grid.maps.shape[-1]:
            # Still selected (its cell keeps the frame) and shown again with the next drawing; nothing
            # of the last drawing's numbers stays under the empty square.
            view.show_values(None, ACTIVATION, 0.0, 1.0)
            view.set_placeholder(NO_DRAWING)
            self.selected_note.setText(NO_SELECTION_NOTE)
            return
        values = grid.maps[..., index]
        if layer_name == KERNELS_LAYER:
            limit = float(np.abs(grid.maps).max()) or 1.0
            view.show_values(values, SIGNED, -limit, limit)
            self.selected_note.setText(f"{self._kernel_size} weights")
        else:
            # The layer's scale, not the map's own: a weak map should look weak here too.
            view.show_values(values, ACTIVATION, 0.0, float(grid.maps.max()) or 1.0)
            self.selected_note.setText(f"strongest {float(values.max()):.2f} of {float(grid.maps.max()):.2f}")

    # --- sharing the room -------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        largest = max(MINIMUM_SIDE, round(self.width() * VIEW_SHARE))
        for view in (self.selected_view, self.input_view):
            view.setMaximumWidth(largest)
        self._fit_words()
        self._show_explanation()

    @property
    def narrow(self) -> bool:
        """Whether the words around the grids give way to them (see NARROW_PANEL)."""
        return 0 < self.width() < NARROW_PANEL

    def _fit_words(self) -> None:
        narrow = self.narrow
        for block in self._blocks:
            if isinstance(block, _Arrow):
                block.set_narrow(narrow)
        self.legend.set_labels(*(NARROW_LEGEND if narrow else self._legend_labels))
        shown = not narrow or self._selection is not None
        for widget in (self.selected_caption, self.selected_view, self.selected_note):
            widget.setVisible(shown)

    def _show_explanation(self) -> None:
        full, metrics = self._explanation_text, QFontMetrics(self.explanation.font())
        margins = self.layout().contentsMargins()
        width = max(1, self.width() - margins.left() - margins.right())  # the label's, once laid out
        needed = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, full).height()
        fits = needed <= self.height() * EXPLANATION_SHARE
        opened = not fits and self._explanation_opened
        if fits or opened:  # opened: beside "less"
            text, tooltip = escape(full), ""
        else:  # one line: the first sentence, cut short where "more" would not fit beside it
            room = width - metrics.horizontalAdvance(" more") - 2 * metrics.averageCharWidth()
            shown = metrics.elidedText(first_sentence(full), Qt.TextElideMode.ElideRight, max(1, room))
            # Rich text: a tooltip wraps its lines only then, instead of one line across the screen.
            text, tooltip = f"{escape(shown)} <a href='more'>more</a>", f"<p>{escape(full)}</p>"
        if text != self.explanation.text():
            self.explanation.setText(text)
        self.explanation.setToolTip(tooltip)
        self.less_link.setVisible(opened)
        # As tall as the text, but opened at most a share of the panel: the maps keep the rest, and the text
        # scrolls ("less" stays in sight beside it).
        label_width = width - (self.less_link.sizeHint().width() + 6 if opened else 0)
        text_height = self.explanation.heightForWidth(max(1, label_width))
        if opened:
            text_height = min(text_height, max(metrics.lineSpacing(), round(self.height() * EXPLANATION_OPEN_SHARE)))
        self.explanation_scroll.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if opened else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.explanation_scroll.setFixedHeight(max(1, text_height))

    def _on_explanation_link(self, link: str) -> None:
        self._explanation_opened = link == "more"
        self._show_explanation()

    @property
    def explanation_text(self) -> str:
        """The whole explanation, however much of it the panel shows."""
        return self._explanation_text

    @property
    def selection(self) -> tuple[str, int] | None:
        return self._selection
