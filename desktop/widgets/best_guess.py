"""The network's best guess, large: the rune in a runic font, its name and sound, and how sure it is.

When the network is unsure it says so and names both candidates, rather than pretending; how sure a
reading is, `model.certainty` decides. It knows only the alphabet's runes and always shares 100 % among
them, so a square gets a rune's name too: a line under any verdict short of "confident" says so, and the
tooltip always does.

It is always as tall as its tallest verdict needs (`reserved_height`), whatever it shows now: the bars
under it, and the split between the canvas and the feature maps, stay put at every drawing and clear.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent, QTextDocumentFragment
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from desktop.common.fonts import runic_font
from desktop.common.plain_text import as_markup
from desktop.recognition.confidence import percent
from desktop.widgets.height_for_width import WrappedLabel
from model.alphabet import Alphabet
from model.certainty import judge

SURE_COLOUR = "#1d5e3a"
UNSURE_COLOUR = "#9a5b00"
QUIET_COLOUR = "#7d776b"
KNOWS_ONLY = ("It knows only these {count} runes and always shares 100 % among them, "
              "so a shape that is no rune still gets a rune's name.")
EMPTY_NAME = "Draw a rune"
PROBABILITY = "probability"
TOOLTIP = ("The network knows only the {count} runes of the {title}. Whatever is drawn, it shares 100 % among\n"
           "them: a square or a scribble also gets a rune's name, at times with a high percentage.\n"
           "The percentage is the share of 100 % that softmax gives this rune, weighed against the other runes;\n"
           "it is not the chance that the drawing is a rune at all.")

# For a model with the non-rune output.
KNOWS_NON_RUNES = ("It knows these {count} runes and was also shown shapes, letters and scribbles that are no rune; "
                   "a drawing unlike anything it was shown can still get a rune's name.")
TOOLTIP_NON_RUNES = ("The network knows the {count} runes of the {title}, and one answer more: 'not a rune',\n"
                     "learned from generated shapes, digits, letters of other scripts and scribbles. The\n"
                     "percentages of the runes and of 'not a rune' add up to 100 %. A drawing unlike anything\n"
                     "it was shown can still get a rune's name.")


class BestGuess(QWidget):
    def __init__(self, alphabet: Alphabet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alphabet = alphabet
        self.glyph = QLabel()
        self.glyph.setFont(runic_font(76))
        self.glyph.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.glyph.setFixedWidth(100)
        self.glyph.setFixedHeight(88)  # room for the glyph's ink; the font's line height has more to spare
        self.name = QLabel()
        font = self.name.font()
        font.setPixelSize(26)
        font.setBold(True)
        self.name.setFont(font)
        self.detail = WrappedLabel()
        self.probability = QLabel()
        font = self.probability.font()
        font.setPixelSize(20)
        self.probability.setFont(font)
        self.verdict = WrappedLabel()
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.knows_only = WrappedLabel()  # under a verdict short of "confident": what the percentages can't say
        self.knows_only.setStyleSheet(f"color: {QUIET_COLOUR}; font-size: 11px;")
        self.knows_only.hide()
        self.setToolTip(TOOLTIP.format(count=len(alphabet), title=alphabet.title))
        self.setAccessibleName("Best guess")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._needed = 0  # the most a shown text has needed beyond the reservation, until the width changes
        self._tallest: tuple[int, int] | None = None  # (width, height): laid out once per width

        layout = QGridLayout(self)
        layout.setContentsMargins(12, 8, 12, 2)
        layout.setVerticalSpacing(2)  # its lines are tall already: the room goes to the bars
        layout.addWidget(self.glyph, 0, 0, 3, 1)
        layout.addWidget(self.name, 0, 1)
        layout.addWidget(self.detail, 1, 1)
        layout.addWidget(self.probability, 2, 1)
        layout.addWidget(self.verdict, 3, 0, 1, 2)
        layout.addWidget(self.knows_only, 4, 0, 1, 2)
        layout.setColumnStretch(1, 1)
        self.show_empty("")

    def _rune_text(self, name: str) -> tuple[str, str]:
        """(glyph, 'sound f · wealth') for a rune name; a model's unknown name still shows."""
        try:
            rune = self._alphabet.rune(name)
        except KeyError:
            return "?", ""
        return rune.glyph, f"sound {rune.sound} · “{rune.meaning}”"

    def show_recognition(self, recognition) -> None:
        """Show a model.recognizer.Recognition's best guess and whether the network is sure of it."""
        verdict = judge(recognition.probabilities, recognition.input_image, recognition.non_rune_probability)
        count, title = len(recognition.names), self._alphabet.title
        knows = recognition.knows_non_runes
        self.setToolTip((TOOLTIP_NON_RUNES if knows else TOOLTIP).format(count=count, title=title))
        no_rune = verdict.reason == "not a rune"
        best_name = "Not a rune" if no_rune else recognition.names[verdict.best]
        glyph, detail = ("", f"It looks like none of the {count} runes.") if no_rune else self._rune_text(best_name)
        colour = SURE_COLOUR if verdict.sure else UNSURE_COLOUR
        self.glyph.setText(glyph)
        self.glyph.setStyleSheet(f"color: {colour};")
        self.name.setText(best_name)
        self.name.setStyleSheet(f"color: {UNSURE_COLOUR};" if no_rune else "")
        self.detail.setText(detail)
        self.probability.setText(f"{percent(recognition.non_rune_probability)} not a rune" if no_rune else
                                 f"{percent(recognition.probabilities[verdict.best])} {PROBABILITY}")
        self.verdict.setText(self._verdict_text(recognition, verdict))
        self.verdict.show()
        confident = verdict.level == "confident"
        self.knows_only.setText((KNOWS_NON_RUNES if knows else KNOWS_ONLY).format(count=count))
        self.knows_only.setVisible(not confident)
        caveat = "" if confident else " " + self.knows_only.text()
        verdict = QTextDocumentFragment.fromHtml(self.verdict.text()).toPlainText()  # read out: words, not tags
        self.setAccessibleDescription(f"Best guess {best_name}, {self.probability.text()}. {verdict}{caveat}")
        self._grow_to_fit()

    def _verdict_text(self, recognition, verdict) -> str:
        if verdict.sure:
            words = "The network is confident." if verdict.level == "confident" else "The network is fairly sure."
            return f"<span style='color:{SURE_COLOUR}'>{words}</span>"
        second = recognition.names[verdict.runner_up]
        second_glyph, _ = self._rune_text(second)
        first_p, second_p = (percent(recognition.probabilities[i]) for i in (verdict.best, verdict.runner_up))
        words = unsure_words(verdict.reason, recognition.names[verdict.best], first_p, f"{second_glyph} {second}",
                             second_p)
        return f"<span style='color:{UNSURE_COLOUR}'>{words}</span>"

    def show_empty(self, message: str) -> None:
        """No prediction: an empty canvas (hint to draw) or a drawing that cannot be read yet."""
        self.glyph.setText("")
        self.glyph.setStyleSheet("")
        self.name.setText(EMPTY_NAME)
        self.name.setStyleSheet(f"color: {QUIET_COLOUR};")
        self.detail.setText("The network's best guess appears here as you draw.")
        self.probability.setText("")
        self.verdict.setText(f"<span style='color:{QUIET_COLOUR}'>{as_markup(message)}</span>")
        self.verdict.setVisible(bool(message))
        self.knows_only.hide()
        self.setAccessibleDescription(f"No prediction yet. {message}".strip())
        self._grow_to_fit()

    def show_waiting(self, message: str) -> None:
        """The model is not ready: the drawing will be read when it is."""
        self.verdict.setText(f"<span style='color:{QUIET_COLOUR}'>{as_markup(message)}</span>")
        self.verdict.show()
        self.knows_only.hide()
        self._grow_to_fit()

    # --- its height -------------------------------------------------------------------------------
    def reserved_height(self, width: int) -> int:
        """How tall it is at `width`: what its tallest verdict takes (an unsure one naming two runes, and the
        line on what the percentages cannot say), or more where a longer message needed more."""
        return max(self._tallest_verdict_height(width), self._needed)

    def _tallest_verdict_height(self, width: int) -> int:
        if self._tallest is None or self._tallest[0] != width:
            self._tallest = (width, self._lay_out_tallest_verdict(width))
        return self._tallest[1]

    def _lay_out_tallest_verdict(self, width: int) -> int:
        layout = self.layout()
        margins = layout.contentsMargins()
        spacing = max(0, layout.verticalSpacing())
        inner = max(1, width - margins.left() - margins.right())
        beside_glyph = max(1, inner - self.glyph.width() - max(0, layout.horizontalSpacing()))
        names = self._alphabet.names
        longest_name = max(names, key=len)
        details = [self._rune_text(name)[1] for name in names]
        detail = max((_wrapped_height(self.detail, text, beside_glyph) for text in details), default=0)
        top = (_wrapped_height(self.name, longest_name, beside_glyph) + detail
               + _wrapped_height(self.probability, "99.9 % probability", beside_glyph) + 2 * spacing)
        glyph = self.glyph.height()
        longest = f"{self._rune_text(longest_name)[0]} {longest_name}"
        unsure = max((_wrapped_height(self.verdict, unsure_words(reason, longest_name, "99.9 %", longest, "99.9 %"),
                                      inner) for reason in UNSURE_REASONS), default=0)
        lines = (unsure + spacing
                 + max(_wrapped_height(self.knows_only, text.format(count=len(names)), inner)
                       for text in (KNOWS_ONLY, KNOWS_NON_RUNES)))
        return margins.top() + max(glyph, top) + spacing + lines + margins.bottom()

    def _grow_to_fit(self) -> None:
        """A message longer than the reservation (a long problem with the drawing) still shows whole; the
        height it needed is kept, so the bars do not move back and forth."""
        if self.width() <= 0:
            return
        self.layout().invalidate()  # the lines just shown or hidden count
        needed = self.layout().totalHeightForWidth(self.width())
        if needed > self.reserved_height(self.width()):
            self._needed = needed
            self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        return False  # its layout's height for width is that of the texts shown now: the hints say more

    def widest(self) -> int:
        """The width its widest name and probability need: asked for always, so the column beside the canvas
        (and the canvas) keep their width whatever is shown ("> 99.9 % probability" was wider than "Draw a
        rune", and the canvas narrowed under a stroke being drawn)."""
        layout = self.layout()
        margins = layout.contentsMargins()
        names = QFontMetrics(self.name.font())
        shown_names = (*self._alphabet.names, EMPTY_NAME, "Not a rune")
        widest_text = max(max(names.horizontalAdvance(name) for name in shown_names),
                          QFontMetrics(self.probability.font()).horizontalAdvance(f"> 99.9 % {PROBABILITY}"))
        return (margins.left() + self.glyph.width() + max(0, layout.horizontalSpacing()) + widest_text
                + margins.right())

    def sizeHint(self) -> QSize:
        width = max(self.widest(), super().sizeHint().width())
        return QSize(width, self.reserved_height(self.width() if self.width() > 0 else width))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.widest(), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._needed = 0
            self._grow_to_fit()
            self.updateGeometry()  # more or fewer lines at this width


UNSURE_REASONS = ("not a rune", "shape", "close", "close to no rune", "weak", "low")  # model.certainty's reasons


def unsure_words(reason: str, best: str, best_percent: str, second: str, second_percent: str) -> str:
    """An unsure verdict in words (`second`: the next candidate, its glyph and name)."""
    if reason == "not a rune":
        return f"The network reads no rune here. Closest rune: <b>{best}</b> ({best_percent})."
    if reason == "shape":
        return f"This does not look like a rune: <b>{best}</b> is only the nearest of its runes."
    if reason == "close":
        return f"Not sure: it could be <b>{best}</b> ({best_percent}) or <b>{second}</b> ({second_percent})."
    if reason == "close to no rune":
        return f"Not sure: it could be <b>{best}</b> ({best_percent}) or no rune at all."
    if reason == "weak":
        return f"Not sure: <b>{best}</b> is only its best guess. Next best: <b>{second}</b> ({second_percent})."
    return f"Not sure: no rune gets more than half the probability. Next best: <b>{second}</b> ({second_percent})."


def _wrapped_height(label: QLabel, text: str, width: int) -> int:
    """The height `text` takes word-wrapped at `width` in a label like `label` (its font, style and format)."""
    sizer = QLabel()
    sizer.setWordWrap(True)
    sizer.setTextFormat(label.textFormat())
    sizer.setStyleSheet(label.styleSheet())
    sizer.setFont(label.font())
    sizer.ensurePolished()  # a style sheet's font size counts
    sizer.setText(text)
    return sizer.heightForWidth(width)
