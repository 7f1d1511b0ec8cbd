"""The one path from a drawing to the network's input image.

Strokes drawn in the app, generated strokes, imported stroke files and imported rasters all end here:
crop to the ink, scale so the longer side fills a fixed box (keeping the aspect ratio, so a lone
vertical stroke stays a thin line), centre the bounding box, render anti-aliased at INPUT_SIZE. A stray
mark beside the rune (a click to focus the canvas) is left out of the crop first, for strokes and
pictures alike; no rune of the alphabet has a detached dot.

Strokes are re-rendered with one pen width relative to the drawing (as the Quick, Draw! rasterizer
does), so the network never sees how thick the person's pen was. Rasters cannot be re-rendered;
they are cropped and scaled the same way and keep their relative line width. The network is trained
on both kinds (see `model.generator`), including thick-pen blobs and hairlines.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw

from model.drawing import Drawing, RasterDrawing, Sample

INPUT_SIZE = 32  # network input is INPUT_SIZE x INPUT_SIZE, one channel, ink = 1
CONTENT_SIZE = 24.0  # the stroke points' longer side spans this many input pixels
PEN_WIDTH = 2.4  # strokes are re-rendered this wide, in input pixels (a tenth of CONTENT_SIZE)
SUPERSAMPLE = 4  # render this much larger, then box-filter down: anti-aliasing
MAX_COORDINATE = 1e6  # canvas coordinates beyond this are a bug upstream, not a drawing
RASTER_INK_THRESHOLD = 0.15  # of the strongest ink: what counts as ink when cropping a raster
RASTER_MIN_PEAK = 0.1  # a raster whose strongest ink is fainter than this is blank paper
# A stroke smaller than STRAY_SIZE of the rest of the drawing and further than STRAY_GAP of it from every other
# stroke is a stray mark (a click to focus the canvas, a slip), not part of the rune: no rune has a detached dot.
STRAY_SIZE = 0.08
STRAY_GAP = 0.15
# More small strokes than this are dots or hatching, not a rune and a stray click or two: none is left out (looking
# costs each small stroke a pass over all the others, and 5,000 dots took 16 s).
MAX_SMALL_STROKES = 50
# A drawing smaller than this share of its canvas and than this many canvas pixels is a tick, too small to read
# (both: a file from another program may name a whole screen as its canvas).
MIN_CANVAS_SHARE = 0.03
MIN_DRAWING_PIXELS = 16
# The same for a picture, where a pen's dot is wide: a band of rows (or columns) apart from the rest by lines with no
# trace of ink, shorter than RASTER_STRAY_SIZE of the main band and with less than RASTER_STRAY_INK of the ink.
RASTER_STRAY_SIZE = 0.35
RASTER_STRAY_INK = 0.12
RASTER_TRACE = 0.02  # of the strongest ink: a line with none of this holds no trace of a stroke


class DrawingError(ValueError):
    """A drawing that cannot go into the network; the message says why, for a person."""


class BlankDrawing(DrawingError):
    """Nothing to recognise: no ink, or only a dot."""


class InvalidDrawing(DrawingError):
    """Malformed input: NaN or infinite or absurd coordinates, wrong array shapes."""


def validated_points(strokes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Check stroke point arrays and return them as (N, 2) float64 arrays, empty strokes dropped."""
    checked = []
    for number, stroke in enumerate(strokes, start=1):
        points = np.asarray(stroke, dtype=np.float64)
        if points.size == 0:
            continue
        if points.ndim != 2 or points.shape[1] < 2:
            raise InvalidDrawing(f"stroke {number} is not a list of (x, y) points (shape {points.shape})")
        points = points[:, :2]
        if not np.isfinite(points).all():
            raise InvalidDrawing(f"stroke {number} has a coordinate that is not a finite number (NaN or infinity)")
        if np.abs(points).max() > MAX_COORDINATE:
            raise InvalidDrawing(
                f"stroke {number} has a coordinate of {np.abs(points).max():.3g}, "
                f"beyond the {MAX_COORDINATE:.0e} pixels any canvas has"
            )
        checked.append(points)
    return checked


def _extent(points: np.ndarray) -> float:
    return float((points.max(axis=0) - points.min(axis=0)).max())


def _distance(points: np.ndarray, strokes: Sequence[np.ndarray]) -> float:
    """The least distance from any of `points` to any segment of `strokes`."""
    starts = np.concatenate([s[:-1] if len(s) > 1 else s for s in strokes])
    ends = np.concatenate([s[1:] if len(s) > 1 else s for s in strokes])
    probe = points[:: max(1, len(points) // 16)][:, None, :]  # a few of its points are enough for a small mark
    span = ends - starts
    length2 = np.maximum((span**2).sum(axis=1), 1e-12)
    along = np.clip(((probe - starts) * span).sum(axis=2) / length2, 0.0, 1.0)
    nearest = starts + along[..., None] * span
    return float(np.sqrt(((probe - nearest) ** 2).sum(axis=2)).min())


def _boxes(strokes: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each stroke's lowest and highest x and y, (strokes, 2) each."""
    return np.array([s.min(axis=0) for s in strokes]), np.array([s.max(axis=0) for s in strokes])


def _has_small_stroke(lows: np.ndarray, highs: np.ndarray) -> bool:
    """Whether any stroke is small enough (STRAY_SIZE of the whole) to be a stray mark: rarely so."""
    whole = (highs.max(axis=0) - lows.min(axis=0)).max()
    return len(lows) > 1 and (highs - lows).max(axis=1).min() < STRAY_SIZE * whole


def without_stray_marks(strokes: list[np.ndarray]) -> list[np.ndarray]:
    """The strokes less any small mark far from the rest (see STRAY_SIZE): a click beside a finished rune
    would otherwise shrink the rune into a corner of the input and change the answer."""
    kept = list(strokes)
    lows, highs = _boxes(kept) if kept else (None, None)
    if not kept or not _has_small_stroke(lows, highs):
        return kept
    extents, whole = (highs - lows).max(axis=1), (highs.max(axis=0) - lows.min(axis=0)).max()
    if np.count_nonzero(extents < STRAY_SIZE * whole) > MAX_SMALL_STROKES:
        return kept
    for index in np.argsort(extents, kind="stable"):  # the smallest first; only small ones can be stray
        if extents[index] >= STRAY_SIZE * whole:
            break
        stroke = strokes[index]
        others = [other for other in kept if other is not stroke]
        if not others:  # the last stroke left is the drawing
            continue
        size = _extent(np.concatenate(others))
        if size > 0 and _extent(stroke) < STRAY_SIZE * size and _distance(stroke, others) > STRAY_GAP * size:
            kept = others
    return kept


def normalize_strokes(strokes: Sequence[np.ndarray], canvas_size: tuple[int, int] | None = None) -> list[np.ndarray]:
    """Crop, scale (aspect kept) and centre strokes into input-pixel coordinates; stray marks left out.
    Given the canvas size, a drawing too small on it to be meant as a rune (a tick) is refused too."""
    checked = validated_points(strokes)
    if not checked:
        raise BlankDrawing("the drawing is empty")
    lows, highs = _boxes(checked)
    if _has_small_stroke(lows, highs):  # the boxes are needed anyway: the usual drawing costs nothing more
        checked = without_stray_marks(checked)
        lows, highs = _boxes(checked)
    low, high = lows.min(axis=0), highs.max(axis=0)
    extent = float((high - low).max())
    if extent <= 1e-9 * max(1.0, float(np.abs(low).max()), float(np.abs(high).max())):
        raise BlankDrawing("the drawing is a single dot")
    if canvas_size is not None and extent < min(MIN_CANVAS_SHARE * min(canvas_size), MIN_DRAWING_PIXELS):
        raise BlankDrawing("the drawing is too small to read: draw it larger")
    scale = CONTENT_SIZE / extent
    centre = (low + high) / 2
    return [(points - centre) * scale + INPUT_SIZE / 2 for points in checked]


def thin_points(points: np.ndarray, step: float) -> np.ndarray:
    """Keep about one point per `step` of arc length (and both ends): dense mouse or generated
    strokes would otherwise cost a round joint per point when drawn."""
    if len(points) <= 2:
        return points
    arc = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(points, axis=0).T))])
    keep = np.flatnonzero(np.diff(np.floor(arc / step), prepend=-1.0) > 0)
    if keep[-1] != len(points) - 1:
        keep = np.append(keep, len(points) - 1)
    return points[keep]


def _corners(points: np.ndarray, min_turn_deg: float = 12.0) -> np.ndarray:
    """Indices of interior points where a polyline turns by more than min_turn_deg."""
    if len(points) < 3:
        return np.zeros(0, dtype=int)
    steps = np.diff(points, axis=0)
    headings = np.arctan2(steps[:, 1], steps[:, 0])
    turn = np.abs((np.diff(headings) + np.pi) % (2 * np.pi) - np.pi)
    return np.flatnonzero(turn > np.deg2rad(min_turn_deg)) + 1


def render_strokes(
    strokes: Sequence[np.ndarray],
    size: tuple[int, int],
    pen_width: float | Sequence[float],
    supersample: int = SUPERSAMPLE,
) -> np.ndarray:
    """Render strokes (pixel coordinates) with round pen tips; returns (h, w) float32 ink 0..1.

    `pen_width` is one width for all strokes or one per stroke. Used for the network input and for
    drawings rendered the way other programs do (see `model.generator`).
    """
    width, height = size
    widths = [pen_width] * len(strokes) if np.isscalar(pen_width) else list(pen_width)
    canvas = Image.new("L", (width * supersample, height * supersample), 0)
    draw = ImageDraw.Draw(canvas)
    for points, pen in zip(strokes, widths):
        scaled = thin_points(np.asarray(points, dtype=np.float64)[:, :2] * supersample, 3.0)
        radius = max(pen * supersample / 2, 0.5)
        # Round caps at the ends and at real corners; gentle bends need none (Pillow's own
        # joint="curve" costs a Python loop per point).
        for x, y in scaled[np.concatenate([[0], _corners(scaled), [len(scaled) - 1]])]:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
        if len(scaled) > 1:
            draw.line(scaled.ravel().tolist(), fill=255, width=max(1, round(2 * radius)))
    if supersample > 1:
        canvas = canvas.reduce(supersample)
    return np.asarray(canvas, dtype=np.float32) / 255.0


def rasterize_strokes(strokes: Sequence[np.ndarray], canvas_size: tuple[int, int] | None = None) -> np.ndarray:
    """Strokes in any coordinates -> the network's (INPUT_SIZE, INPUT_SIZE) float32 input."""
    return render_strokes(normalize_strokes(strokes, canvas_size), (INPUT_SIZE, INPUT_SIZE), PEN_WIDTH)


def _line_width(inked: np.ndarray) -> float:
    """The pen's width in a picture, in pixels: the typical length of a run of ink across rows or down columns
    (whichever is shorter: across a vertical stroke, down a horizontal one)."""
    def typical_run(mask: np.ndarray) -> float:
        edges = np.diff(np.pad(mask.astype(np.int8), ((0, 0), (1, 1))), axis=1)
        runs = np.flatnonzero(edges.ravel() == -1) - np.flatnonzero(edges.ravel() == 1)
        return float(np.median(runs)) if len(runs) else 0.0

    return min(typical_run(inked), typical_run(inked.T))


def _bands(ink_per_line: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last line of each run of inked lines (rows or columns), in order."""
    inked = np.flatnonzero(ink_per_line > 0)
    breaks = np.flatnonzero(np.diff(inked) > 1)
    return inked[np.concatenate([[0], breaks + 1])], inked[np.concatenate([breaks, [len(inked) - 1]])]


def without_stray_ink(image: np.ndarray) -> np.ndarray:
    """A picture's ink (peak 1) above RASTER_INK_THRESHOLD, less a stray mark beside the rune: a band of rows or
    columns apart from the rest by lines with no trace of ink, short and faint beside the main band, which holds
    most of the ink (see RASTER_STRAY_SIZE). Only such a band moves the crop; a mark inside the rune's box
    changes nothing, so looking along rows and columns is enough."""
    ink = np.where(image > RASTER_INK_THRESHOLD, image, 0.0)
    traced = image > RASTER_TRACE  # bands are split by lines with no trace: a faint stretch of a stroke joins
    dot = None  # a click leaves a dot the pen's width across: measured only when there is a second band
    for axis in (1, 0):  # a dot above or below the rune, then one beside it
        starts, ends = _bands(traced.any(axis=axis))
        if len(starts) < 2:
            continue  # one band: the usual case, and cheap
        per_line = ink.sum(axis=axis)
        masses = np.array([per_line[a : b + 1].sum() for a, b in zip(starts, ends)])
        main = int(masses.argmax())
        if masses[main] < 0.5 * masses.sum():
            continue  # no band holds most of the ink (a dashed or dotted picture): nothing is "beside" it
        dot = _line_width(ink > 0) if dot is None else dot
        longest = max(RASTER_STRAY_SIZE * (ends[main] - starts[main] + 1), 2 * dot)
        stray = np.zeros(len(per_line), dtype=bool)
        for band, (start, end) in enumerate(zip(starts, ends)):
            # One line without a trace apart will do: at 24x24 the pen's width fills most of the gap a click leaves.
            if band != main and end - start + 1 < longest and masses[band] < RASTER_STRAY_INK * masses.sum():
                stray[start : end + 1] = True
        if stray.any():
            lines = (stray, slice(None)) if axis == 1 else (slice(None), stray)
            ink, traced = ink.copy(), traced.copy()
            ink[lines], traced[lines] = 0.0, False
    return ink


def normalize_raster(ink: np.ndarray) -> np.ndarray:
    """A raster of any size (ink high, paper 0) -> the network's input, cropped, scaled, centred."""
    image = np.asarray(ink, dtype=np.float32)
    if image.ndim != 2:
        raise InvalidDrawing(f"a raster drawing must be a 2-D grey image, not shape {image.shape}")
    if image.size == 0:
        raise BlankDrawing("the image is empty")
    if not np.isfinite(image).all():
        raise InvalidDrawing("the image has pixel values that are not finite numbers")
    if image.max() > 1.0:  # 8-bit or larger integer scale
        image = image / (255.0 if image.max() <= 255.0 else float(image.max()))
    image = np.clip(image, 0.0, 1.0)
    peak = float(image.max())
    if peak < RASTER_MIN_PEAK:
        raise BlankDrawing("the image has no ink")
    image = image / peak
    ink = without_stray_ink(image)
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    crop = image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    height, width = crop.shape
    if max(height, width) <= 2:
        raise BlankDrawing("the image holds only a dot")
    # The ink box of a stroke drawing is its point box plus the pen: match that span.
    scale = (CONTENT_SIZE + PEN_WIDTH) / max(height, width)
    new_w, new_h = max(1, round(width * scale)), max(1, round(height * scale))
    resized = np.asarray(Image.fromarray(crop, mode="F").resize((new_w, new_h), Image.Resampling.BILINEAR))
    out = np.zeros((INPUT_SIZE, INPUT_SIZE), dtype=np.float32)
    top, left = (INPUT_SIZE - new_h) // 2, (INPUT_SIZE - new_w) // 2
    out[top : top + new_h, left : left + new_w] = np.clip(resized, 0.0, 1.0)
    return out


def preprocess(sample: Sample) -> np.ndarray:
    """Any drawing -> network input. Raises BlankDrawing or InvalidDrawing with a clear message."""
    if isinstance(sample, Drawing):
        return rasterize_strokes([stroke.points for stroke in sample.strokes], sample.canvas_size)
    if isinstance(sample, RasterDrawing):
        return normalize_raster(sample.ink)
    raise TypeError(f"cannot preprocess {type(sample).__name__}")
