"""Reading a word: several runes drawn side by side, recognised one glyph at a time, left to right.

The drawing is split into glyphs and word dividers (`model.word_segmentation`); each glyph enters the network
through the one preprocessing path, as a drawing of its own, and the runes read are transliterated with the
row's standard values. A drawing of one rune (a stray click beside it or not) is read exactly as before: the
whole drawing goes to the network, as it always did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from model.alphabet import Alphabet
from model.drawing import Drawing, RasterDrawing, Sample
from model.preprocessing import RASTER_INK_THRESHOLD, RASTER_MIN_PEAK, BlankDrawing
from model.word_segmentation import Divider, Segmentation, cloud_distance, ink_patches, segment

MERGE_GAP = 0.35  # of the rune height: a piece with no stave this close to one with a stave may be its rune
STAVE = 0.6  # of the rune height: an upright run this long is a stave
UPRIGHT = 0.36  # |dx| / |dy| of a step of a stave: within 20 degrees of upright
UNREAD = "?"  # in the transliteration, for a glyph the network could not read


@dataclass(frozen=True)
class GlyphReading:
    parts: tuple[int, ...]  # its strokes (or, in a picture, ink patches)
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in the drawing's coordinates
    sample: Sample  # the glyph alone, as it went to the network
    recognition: Any  # a model.recognizer.Recognition

    @property
    def name(self) -> str:
        return self.recognition.best[0]

    @property
    def probability(self) -> float:
        return self.recognition.best[1]


@dataclass(frozen=True)
class WordReading:
    glyphs: tuple[GlyphReading, ...]
    dividers: tuple[Divider, ...]
    strays: tuple[int, ...]  # parts left out as stray marks
    text: str  # the transliteration; words (between dividers) separated by a space

    @property
    def runes(self) -> tuple[str, ...]:
        return tuple(glyph.name for glyph in self.glyphs)


def split_sample(sample: Sample) -> tuple[Segmentation, list[Sample]]:
    """The drawing's segmentation and each glyph as a drawing (or picture) of its own."""
    if isinstance(sample, RasterDrawing):
        return _split_raster(sample)
    strokes = [s for s in sample.strokes if len(s.points)]
    if not strokes:
        raise BlankDrawing("the drawing is empty")
    found = segment([s.points for s in strokes])
    if len(found.glyphs) == 1:
        return found, [sample]
    return found, [Drawing(tuple(strokes[i] for i in parts), sample.canvas_size, None) for parts in found.glyphs]


def _split_raster(sample: RasterDrawing) -> tuple[Segmentation, list[Sample]]:
    ink = np.asarray(sample.ink, dtype=np.float64)
    peak = float(ink.max(initial=0.0))
    if peak < RASTER_MIN_PEAK * (255.0 if peak > 1.0 else 1.0):
        raise BlankDrawing("the picture is blank")
    patches = ink_patches(ink, RASTER_INK_THRESHOLD * peak)
    found = segment(patches, measure=cloud_distance)
    if len(found.glyphs) == 1:
        return found, [sample]
    glyphs = []
    for parts in found.glyphs:
        mask = np.zeros(ink.shape, dtype=bool)
        for index in parts:
            xs, ys = patches[index][:, 0].astype(int), patches[index][:, 1].astype(int)
            mask[ys, xs] = True
        grown = mask.copy()  # the faint edge of a line (below the threshold) belongs to it too
        grown[1:] |= mask[:-1]
        grown[:-1] |= mask[1:]
        grown[:, 1:] |= grown[:, :-1].copy()
        grown[:, :-1] |= grown[:, 1:].copy()
        glyphs.append(RasterDrawing(np.where(grown, ink, 0.0)))
    return found, glyphs


def read_word(sample: Sample, recognize: Callable[[Sample], Any], alphabet: Alphabet) -> WordReading:
    """Split, recognise each glyph (`recognize`: a drawing -> a Recognition), transliterate.

    A tall piece with no stave beside a piece with one, close to it, is one rune with it where the network reads
    the two together better than the piece alone: a bowl drawn apart from its stave (reith, ur), an arrowhead
    apart from its shaft (tyr). Sol's lightning has no stave either, but reads as sol on its own."""
    found, samples = split_sample(sample)
    glyphs = [GlyphReading(parts, box, glyph, recognize(glyph))
              for parts, box, glyph in zip(found.glyphs, found.boxes, samples)]
    dividers = list(found.dividers)
    height = found.rune_height
    staves = [has_stave(glyph.sample, height) for glyph in glyphs]
    index = 0
    while index + 1 < len(glyphs):
        left, right = glyphs[index], glyphs[index + 1]
        between = any(d.position == index + 1 for d in dividers)
        lone = [not staves[index] and staves[index + 1], staves[index] and not staves[index + 1]]
        if not between and any(lone) and right.box[0] - left.box[2] <= MERGE_GAP * height:
            piece = left if lone[0] else right
            merged = _merged(sample, left, right, recognize)
            if merged.probability > piece.probability:
                glyphs[index : index + 2] = [merged]
                staves[index : index + 2] = [True]
                dividers = [replace(d, position=d.position - (d.position > index)) for d in dividers]
                continue
        index += 1
    return WordReading(tuple(glyphs), tuple(dividers), found.strays, word_text(tuple(glyphs), tuple(dividers),
                                                                               alphabet))


def has_stave(sample: Sample, rune_height: float) -> bool:
    """Whether a glyph has a stave: a near-upright straight run at least STAVE of the rune height long."""
    wanted = STAVE * rune_height
    if isinstance(sample, RasterDrawing):
        ink = np.asarray(sample.ink, dtype=np.float64)
        mask = ink >= RASTER_INK_THRESHOLD * ink.max(initial=1e-9)
        columns = mask[:, :-2] | mask[:, 1:-1] | mask[:, 2:] if mask.shape[1] > 2 else mask  # a slight slant too
        for column in columns.T:
            runs = np.diff(np.concatenate([[0], column.astype(np.int8), [0]]))
            starts, ends = np.nonzero(runs == 1)[0], np.nonzero(runs == -1)[0]
            if len(starts) and (ends - starts).max() >= wanted:
                return True
        return False
    for stroke in sample.strokes:
        steps = np.diff(stroke.points, axis=0)
        upright = np.abs(steps[:, 0]) <= UPRIGHT * np.abs(steps[:, 1])
        run = 0.0
        for step, is_upright in zip(steps, upright):
            run = run + abs(step[1]) if is_upright else 0.0
            if run >= wanted:
                return True
    return False


def _merged(sample: Sample, left: GlyphReading, right: GlyphReading, recognize) -> GlyphReading:
    parts = tuple(sorted(left.parts + right.parts))
    box = (min(left.box[0], right.box[0]), min(left.box[1], right.box[1]), max(left.box[2], right.box[2]),
           max(left.box[3], right.box[3]))
    if isinstance(sample, RasterDrawing):
        glyph = RasterDrawing(np.maximum(left.sample.ink, right.sample.ink))
    else:
        glyph = Drawing(left.sample.strokes + right.sample.strokes, sample.canvas_size, None)
    return GlyphReading(parts, box, glyph, recognize(glyph))


def word_text(glyphs: tuple[GlyphReading, ...], dividers: tuple[Divider, ...], alphabet: Alphabet) -> str:
    """The transliteration: each rune's letter, a space where a divider stands between two runes."""
    breaks = {divider.position for divider in dividers if 0 < divider.position < len(glyphs)}
    letters = []
    for index, glyph in enumerate(glyphs):
        if index in breaks:
            letters.append(" ")
        name = glyph.name
        letters.append(alphabet.rune(name).transliteration if name in alphabet.names else UNREAD)
    return "".join(letters)
