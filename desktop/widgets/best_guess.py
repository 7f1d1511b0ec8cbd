"""The network's best guess, large: the rune in a runic font, its name and sound, and how sure it is.

When the network is unsure it says so and names both candidates, rather than pretending. A model
with the non-rune output (model.verdict) says "Not a rune" for a square or a letter of another script;
an older model knows only the alphabet's runes and always shares 100 % among them, so a square gets a
rune's name: a line under any verdict short of "confident" says what the model can and cannot know,
and the tooltip always does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from desktop.confidence import CONFIDENT, judge, percent
from desktop.fonts import runic_font
from desktop.widgets.height_for_width import MinimumHeightForWidth, WrappedLabel
from model.alphabet import Alphabet
from model.verdict import NOT_A_RUNE

SURE_COLOUR = "#1d5e3a"
UNSURE_COLOUR = "#9a5b00"
QUIET_COLOUR = "#7d776b"
KNOWS_ONLY = ("It knows only these {count} runes and always shares 100 % among them, "
              "so a shape that is no rune still gets a rune's name.")
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


class BestGuess(MinimumHeightForWidth, QWidget):
    def __init__(self, alphabet: Alphabet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alphabet = alphabet
        self.glyph = QLabel()
        self.glyph.setFont(runic_font(76))
        self.glyph.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.glyph.setFixedWidth(100)
        self.glyph.setMinimumHeight(88)
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

        layout = QGridLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
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
        verdict = judge(recognition.probabilities, recognition.non_rune_probability)
        count, title = len(recognition.names), self._alphabet.title
        knows = recognition.knows_non_runes
        self.setToolTip((TOOLTIP_NON_RUNES if knows else TOOLTIP).format(count=count, title=title))
        if verdict.kind == NOT_A_RUNE:
            best_name = "Not a rune"
            glyph, detail = "", f"It looks like none of the {count} runes."
            self.probability.setText(percent(recognition.non_rune_probability) + " not a rune")
        else:
            best_name = recognition.names[verdict.best]
            glyph, detail = self._rune_text(best_name)
            self.probability.setText(percent(recognition.probabilities[verdict.best]) + " probability")
        colour = SURE_COLOUR if verdict.sure else UNSURE_COLOUR
        self.glyph.setText(glyph)
        self.glyph.setStyleSheet(f"color: {colour};")
        self.name.setText(best_name)
        self.name.setStyleSheet(f"color: {UNSURE_COLOUR};" if verdict.kind == NOT_A_RUNE else "")
        self.detail.setText(detail)
        self.verdict.setText(self._verdict_text(recognition, verdict))
        self.verdict.show()
        confident = verdict.sure and recognition.probabilities[verdict.best] >= CONFIDENT
        self.knows_only.setText((KNOWS_NON_RUNES if knows else KNOWS_ONLY).format(count=count))
        self.knows_only.setVisible(not confident)
        caveat = "" if confident else " " + self.knows_only.text()
        verdict = QTextDocumentFragment.fromHtml(self.verdict.text()).toPlainText()  # read out: words, not tags
        self.setAccessibleDescription(f"Best guess {best_name}, {self.probability.text()}. {verdict}{caveat}")
        # The tallest this drawing's guesses have needed, kept until the canvas is cleared. While a stroke
        # is drawn the verdict changes from one line to three and back; the bars below jumped with it.
        self.layout().invalidate()  # the lines just shown or hidden count
        needed = self.layout().totalHeightForWidth(self.width()) if self.width() > 0 else 0
        self.setMinimumHeight(max(self.minimumHeight(), needed))

    def _verdict_text(self, recognition, verdict) -> str:
        if verdict.sure:
            confident = recognition.probabilities[verdict.best] >= CONFIDENT
            words = "The network is confident." if confident else "The network is fairly sure."
            return f"<span style='color:{SURE_COLOUR}'>{words}</span>"
        if verdict.kind == NOT_A_RUNE:
            best = recognition.names[verdict.best]
            text = (f"The network reads no rune here. Closest rune: <b>{self._rune_text(best)[0]} {best}</b> "
                    f"({percent(recognition.probabilities[verdict.best])}).")
            return f"<span style='color:{UNSURE_COLOUR}'>{text}</span>"
        second = recognition.names[verdict.runner_up]
        second_glyph, _ = self._rune_text(second)
        first_p, second_p = (percent(recognition.probabilities[i]) for i in (verdict.best, verdict.runner_up))
        if verdict.reason == "close to no rune":
            text = (f"Not sure: it could be <b>{recognition.names[verdict.best]}</b> ({first_p}) "
                    f"or no rune at all ({percent(recognition.non_rune_probability)}).")
        elif verdict.reason == "close":
            text = (f"Not sure: it could be <b>{recognition.names[verdict.best]}</b> ({first_p}) "
                    f"or <b>{second_glyph} {second}</b> ({second_p}).")
        else:
            text = (f"Not sure: no rune gets more than half the probability. "
                    f"Next best: <b>{second_glyph} {second}</b> ({second_p}).")
        return f"<span style='color:{UNSURE_COLOUR}'>{text}</span>"

    def show_empty(self, message: str) -> None:
        """No prediction: an empty canvas (hint to draw) or a drawing that cannot be read yet."""
        self.glyph.setText("")
        self.glyph.setStyleSheet("")
        self.name.setText("Draw a rune")
        self.name.setStyleSheet(f"color: {QUIET_COLOUR};")
        self.detail.setText("The network's best guess appears here as you draw.")
        self.probability.setText("")
        self.verdict.setText(f"<span style='color:{QUIET_COLOUR}'>{message}</span>")
        self.verdict.setVisible(bool(message))  # no empty line taking room from the bars
        self.knows_only.hide()
        self.setMinimumHeight(0)  # a new drawing begins
        self.setAccessibleDescription(f"No prediction yet. {message}".strip())

    def show_waiting(self, message: str) -> None:
        """The model is not ready: the drawing will be read when it is."""
        self.verdict.setText(f"<span style='color:{QUIET_COLOUR}'>{message}</span>")
        self.verdict.show()
        self.knows_only.hide()
