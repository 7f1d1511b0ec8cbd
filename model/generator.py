"""Realistic hand-drawn rune drawings generated from the alphabet's stroke templates.

A person's mouse or pen adds: rotation, shear, uneven scale and placement; branches that start a
little off the stave (gaps and overshoots) and at other angles; strokes that are slightly bowed and
shaky, too long or too short; any stroke order and direction; one polyline drawn as two strokes; a
flick of the pen as it lifts; a line gone over a second time.
`HandStyle` holds the ranges; every drawing is deterministic for its random generator.

Besides strokes, drawings are rendered the way other programs store them (a canvas with an absolute
pen, scaled down: the workshop's 240x240 canvas, 20 px pen, 24x24 alpha), because imported rasters
cannot be re-rendered and the network must know their look.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from model.alphabet import Alphabet, RuneForm
from model.drawing import Drawing, RasterDrawing, Stroke
from model.preprocessing import render_strokes

WORKSHOP_CANVAS = 240
WORKSHOP_PEN = 20
WORKSHOP_SIZE = 24


@dataclass(frozen=True)
class HandStyle:
    """How much a hand varies. Lengths are fractions of the rune's height."""

    rotation_sd_deg: float = 6.0
    rotation_max_deg: float = 18.0
    shear_sd: float = 0.1
    shear_max: float = 0.4
    aspect_sd: float = 0.18  # log of width/height
    # Italic writers and very narrow or wide hands are a few people, not the tail of one bell curve:
    # this share of drawings is drawn with a strong slant, and this share very narrow or wide.
    slanted_share: float = 0.15
    slant_range: tuple[float, float] = (0.25, 0.55)  # shear, either way
    extreme_width_share: float = 0.1
    extreme_width_range: tuple[float, float] = (0.25, 0.5)  # log of width/height, either way
    vertex_jitter: float = 0.035
    end_change: float = 0.1  # stroke ends overshoot or fall short by up to this much of their segment
    bow: float = 0.06  # sideways bow of a segment, as a fraction of its length
    shake: float = 0.006  # wobble of the hand
    corner_rounding: float = 0.4  # chance that corners are cut round
    reorder: float = 0.35  # chance of a shuffled stroke order
    reverse: float = 0.35  # chance, per stroke, of drawing it backwards
    split: float = 0.15  # chance, per polyline with corners, of lifting the pen at a corner
    flick: float = 0.12  # chance, per stroke, of a short tail where the pen lifts
    retrace: float = 0.05  # chance, per stroke, of going back over it (a second, slightly offset pass)
    main_form_weight: float = 0.55  # the long-branch form; the rest is shared by the other forms
    short_twig_weight: float = 0.2  # share of short-twig forms where a rune has one
    # Hands differ: each drawing scales jitter, end changes, bow and shake by its own log-normal factor.
    hand_spread: float = 0.4
    # Habits of real hands the templates alone miss (issue 13). All off here, so the typical hand and the
    # check sets built on it stay what they were; the training style (DEFAULT_STYLE) turns them on.
    twig_change: float = 0.0  # chance per drawing that twigs and flags are shorter/longer and sit higher/lower
    twig_scale_sd: float = 0.3  # log of a twig's length change about its middle on the stave
    twig_shift_sd: float = 0.07  # a twig's move up the stave, of the rune's height
    angular: float = 0.0  # chance per drawing that curves are drawn as a few straight lines (a bowl like R)
    curvy: float = 0.0  # chance per drawing that every corner is drawn as a curve
    hook: float = 0.0  # chance per stroke end of a small hook, the pen turning as it lands or lifts
    few_points: float = 0.0  # chance per drawing of strokes stored as simplified polylines (3 to 8 points)

    def one_hand(self, rng: np.random.Generator) -> HandStyle:
        """This style as one person's hand on one day: the variation amounts drawn at random."""
        k = np.exp(rng.normal(0.0, self.hand_spread, 4))
        return replace(self, vertex_jitter=self.vertex_jitter * k[0], end_change=self.end_change * k[1],
                       bow=self.bow * k[2], shake=self.shake * k[3], hand_spread=0.0)


# The typical hand without the real-hand habits below: the base of the check sets and of one simulated person.
BASE_STYLE = HandStyle()
# Training's hand: the base plus the habits seen in real hands that misled the v8 model (fe with short
# twigs close together near the top, reith with an angular bowl, logr with a short or hooked flag, a
# small triangular thorn, a high hagall cross, few-point stroke files).
DEFAULT_STYLE = replace(BASE_STYLE, twig_change=0.45, angular=0.25, curvy=0.12, hook=0.08, few_points=0.3)
# The base hand without its strongly slanted and very narrow or wide share: typical drawings, and
# the base for one person's hand (who has one slant and width of their own).
TYPICAL_STYLE = replace(BASE_STYLE, slanted_share=0.0, extreme_width_share=0.0)


def choose_form(forms: tuple[RuneForm, ...], rng: np.random.Generator, style: HandStyle = DEFAULT_STYLE) -> RuneForm:
    """The main form most often, short-twig and loose variants the rest of the time."""
    if len(forms) == 1:
        return forms[0]
    weights = np.zeros(len(forms))
    weights[0] = style.main_form_weight
    short = [i for i, f in enumerate(forms) if i > 0 and f.name.startswith("short-twig")]
    loose = [i for i in range(1, len(forms)) if i not in short]
    rest = 1.0 - style.main_form_weight
    if short and loose:
        weights[short] = style.short_twig_weight / len(short)
        weights[loose] = (rest - style.short_twig_weight) / len(loose)
    else:
        weights[short or loose] = rest / len(short or loose)
    return forms[rng.choice(len(forms), p=weights / weights.sum())]


def _restructure(polylines: list[np.ndarray], rng: np.random.Generator, style: HandStyle) -> list[np.ndarray]:
    """Pen lifts at corners, stroke direction and order, as different people draw them."""
    out = []
    for line in polylines:
        if len(line) > 2 and len(line) <= 5 and rng.random() < style.split:
            cut = int(rng.integers(1, len(line) - 1))
            out.extend([line[: cut + 1], line[cut:]])
        else:
            out.append(line)
    out = [line[::-1] if rng.random() < style.reverse else line for line in out]
    if rng.random() < style.reorder:
        out = [out[i] for i in rng.permutation(len(out))]
    return out


def _change_ends(line: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    line = line.copy()
    for end, inner in ((0, 1), (-1, -2)):
        direction = line[end] - line[inner]
        line[end] = line[end] + direction * rng.uniform(-amount, amount)
    return line


def _round_corners(line: np.ndarray, rng: np.random.Generator, most: float = 0.2) -> np.ndarray:
    """One Chaikin-like cut of every corner, by a random fraction up to `most`."""
    if len(line) < 3:
        return line
    cut = rng.uniform(0.05, most)
    points = [line[0]]
    for a, b, c in zip(line[:-2], line[1:-1], line[2:]):
        points.extend([b + (a - b) * cut, b + (c - b) * cut])
    points.append(line[-1])
    return np.asarray(points)


def _trace(line: np.ndarray, rng: np.random.Generator, style: HandStyle, spacing: float = 0.02) -> np.ndarray:
    """Densify a polyline into hand-drawn points: each segment bowed, the whole line wobbling."""
    pieces = []
    for a, b in zip(line[:-1], line[1:]):
        length = float(np.hypot(*(b - a)))
        count = max(2, int(np.ceil(length / spacing)) + 1)
        u = np.linspace(0.0, 1.0, count)
        normal = np.array([-(b - a)[1], (b - a)[0]]) / max(length, 1e-9)
        bow = rng.normal(0.0, style.bow) * length
        segment = a + np.outer(u, b - a) + np.outer(np.sin(np.pi * u) * bow, normal)
        pieces.append(segment if not pieces else segment[1:])
    points = np.concatenate(pieces)
    n = len(points)
    controls = max(2, n // 10 + 2)
    knots = rng.normal(0.0, style.shake * 2.5, (controls, 2))
    positions = np.linspace(0, controls - 1, n)
    wobble = np.column_stack([np.interp(positions, np.arange(controls), knots[:, k]) for k in (0, 1)])
    return points + wobble + rng.normal(0.0, style.shake * 0.3, (n, 2))


def _flick(points: np.ndarray, rng: np.random.Generator, length: tuple[float, float] = (0.02, 0.07),
           turn_deg: tuple[float, float] = (60.0, 150.0)) -> np.ndarray:
    """A short tail at the stroke's end, turned away from the way it was going: the pen lifting."""
    k = max(1, len(points) // 8)
    heading = points[-1] - points[-1 - k]
    angle = np.arctan2(heading[1], heading[0]) + rng.choice([-1.0, 1.0]) * np.deg2rad(rng.uniform(*turn_deg))
    tail = points[-1] + np.outer(np.linspace(0.0, rng.uniform(*length), 5)[1:], [np.cos(angle), np.sin(angle)])
    return np.concatenate([points, tail])


def _retrace(points: np.ndarray, rng: np.random.Generator, style: HandStyle) -> np.ndarray:
    """The same line drawn again backwards, a little to one side, over most or all of its length."""
    start = int(rng.integers(0, max(1, len(points) // 3)))
    again = points[start:][::-1] + rng.normal(0.0, 0.012, 2)
    return again + rng.normal(0.0, style.shake * 0.3 + 0.002, again.shape)


def simplified(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Ramer-Douglas-Peucker: the fewest points that stay within `tolerance` of the line (both ends kept),
    as drawing programs store strokes."""
    if len(points) < 3:
        return points
    keep = np.zeros(len(points), dtype=bool)
    keep[[0, -1]] = True
    spans = [(0, len(points) - 1)]
    while spans:
        first, last = spans.pop()
        if last - first < 2:
            continue
        a, b = points[first], points[last]
        chord = b - a
        length = float(np.hypot(*chord))
        inner = points[first + 1 : last] - a
        if length < 1e-12:
            distance = np.hypot(inner[:, 0], inner[:, 1])
        else:
            distance = np.abs(inner[:, 0] * chord[1] - inner[:, 1] * chord[0]) / length
        worst = int(np.argmax(distance))
        if distance[worst] > tolerance:
            middle = first + 1 + worst
            keep[middle] = True
            spans += [(first, middle), (middle, last)]
    return points[keep]


def _stave_x(strokes: tuple[np.ndarray, ...]) -> float | None:
    """The x of a form's stave (a vertical stroke over most of the height), or None for a form without one."""
    for line in strokes:
        if len(line) == 2 and abs(line[0, 0] - line[1, 0]) < 0.02 and abs(line[0, 1] - line[1, 1]) > 0.8:
            return float(line[0, 0])
    return None


def _vary_twigs(form: RuneForm, rng: np.random.Generator, style: HandStyle) -> list[np.ndarray]:
    """Twigs and flags (strokes on a stave, shorter than it) drawn shorter or longer about their middle
    on the stave, and higher on it: short fe twigs close together at the top, a small thorn, a high
    hagall cross. Never lower: fe's twigs short and low are short-twig bjork's. Short-twig forms keep
    theirs (where a short twig sits is what tells those runes apart), and strokes that reach both ends
    of the stave (bows, reith's bowl) keep their place."""
    strokes = form.strokes
    stave = _stave_x(strokes)
    if stave is None or form.name.startswith("short-twig"):
        return [np.asarray(line) for line in strokes]
    out = []
    for line in strokes:
        line = np.asarray(line, dtype=np.float64)
        height = line[:, 1].max() - line[:, 1].min()
        if height > 0.8 or np.ptp(line[:, 0]) < 0.02:
            out.append(line)
            continue
        anchor = np.array([stave, line[:, 1].mean()])
        scale = np.exp(np.clip(rng.normal(0.0, style.twig_scale_sd), -0.75, 0.4))
        scale = max(scale, 0.18 / np.ptp(line[:, 0]))  # a twig shrunk to a dot would be isa
        shift = -min(abs(rng.normal(0.0, style.twig_shift_sd)), 0.15)
        moved = (line - anchor) * scale + anchor + [0.0, shift]
        # A twig stays on the stave: moving it past an end would make another rune (mathr's arms low are yr's).
        moved[:, 1] -= min(0.0, moved[:, 1].min()) + max(0.0, moved[:, 1].max() - 1.0)
        out.append(moved)
    return out


def _hook(points: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A small hook at the stroke's end: the last bit bent sharply (up to a tenth of the rune's height)."""
    return _flick(points, rng, (0.02, 0.1), (100.0, 170.0))


def _affine(rng: np.random.Generator, style: HandStyle) -> np.ndarray:
    angle = np.deg2rad(np.clip(rng.normal(0.0, style.rotation_sd_deg), -style.rotation_max_deg, style.rotation_max_deg))
    shear = np.clip(rng.normal(0.0, style.shear_sd), -style.shear_max, style.shear_max)
    if style.slanted_share > 0 and rng.random() < style.slanted_share:
        shear = rng.choice([-1.0, 1.0]) * rng.uniform(*style.slant_range)
    log_aspect = rng.normal(0.0, style.aspect_sd)
    if style.extreme_width_share > 0 and rng.random() < style.extreme_width_share:
        log_aspect = rng.choice([-1.0, 1.0]) * rng.uniform(*style.extreme_width_range)
    aspect = np.exp(log_aspect)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return rotation @ np.array([[1.0, shear], [0.0, 1.0]]) @ np.diag([aspect, 1.0])


def generate_strokes(form: RuneForm, rng: np.random.Generator, style: HandStyle = BASE_STYLE) -> list[np.ndarray]:
    """One hand-drawn version of a form: strokes as point arrays around the unit square."""
    if style.hand_spread > 0:
        style = style.one_hand(rng)
    templates = [np.asarray(s, dtype=np.float64) for s in form.strokes]
    # The real-hand habits draw from the generator only when they are on: a style without them (the
    # typical hand of the check sets) makes exactly the drawings it always made.
    if style.twig_change > 0 and rng.random() < style.twig_change:
        templates = _vary_twigs(form, rng, style)
    if style.angular > 0 and rng.random() < style.angular:
        tolerance = rng.uniform(0.03, 0.08)
        templates = [simplified(line, tolerance) for line in templates]
    curvy = style.curvy > 0 and rng.random() < style.curvy
    polylines = [s + rng.normal(0.0, style.vertex_jitter, np.shape(s)) for s in templates]
    polylines = _restructure(polylines, rng, style)
    strokes = []
    for line in polylines:
        line = _change_ends(line, rng, style.end_change)
        if curvy:
            line = _round_corners(_round_corners(line, rng, 0.35), rng, 0.35)
        elif rng.random() < style.corner_rounding:
            line = _round_corners(line, rng)
        traced = _trace(line, rng, style)
        if rng.random() < style.flick:
            traced = _flick(traced, rng)
        if style.hook > 0:
            if rng.random() < style.hook:
                traced = _hook(traced, rng)
            if rng.random() < style.hook:
                traced = _hook(traced[::-1], rng)[::-1]
        strokes.append(traced)
        if rng.random() < style.retrace:
            strokes.append(_retrace(traced, rng, style))
    if style.few_points > 0 and rng.random() < style.few_points:
        # Stroke files from other programs keep a few points a stroke: sharp corners, straight runs.
        tolerance = rng.uniform(0.008, 0.035)
        strokes = [simplified(points, tolerance) for points in strokes]
    matrix = _affine(rng, style)
    return [(points - 0.5) @ matrix.T + 0.5 for points in strokes]


def place_on_canvas(
    strokes: list[np.ndarray], rng: np.random.Generator, canvas_size: tuple[int, int], fill: tuple[float, float]
) -> list[np.ndarray]:
    """Scale strokes so the drawing's longer side is a random `fill` fraction of the canvas; place anywhere."""
    every = np.concatenate(strokes)
    low, high = every.min(axis=0), every.max(axis=0)
    size = np.array(canvas_size, dtype=np.float64)
    scale = rng.uniform(*fill) * size.min() / max(float((high - low).max()), 1e-9)
    span = (high - low) * scale
    origin = rng.uniform(0.0, 1.0, 2) * np.maximum(size - span, 0.0)
    return [(points - low) * scale + origin for points in strokes]


def _timed(strokes: list[np.ndarray], rng: np.random.Generator) -> tuple[Stroke, ...]:
    """Add times (a hand moving at a few hundred px/s, pausing between strokes) and pen pressure."""
    speed = rng.uniform(200.0, 900.0)  # px per second
    clock, out = 0.0, []
    for points in strokes:
        steps = np.hypot(*np.diff(points, axis=0).T) if len(points) > 1 else np.zeros(0)
        times = clock + np.concatenate([[0.0], np.cumsum(steps)]) / speed * 1000.0
        clock = times[-1] + rng.uniform(80.0, 400.0)
        pressure = np.clip(rng.uniform(0.35, 0.9) + 0.1 * np.sin(np.linspace(0, np.pi, len(points))), 0.05, 1.0)
        out.append(Stroke(points, times, pressure))
    return tuple(out)


def generate_drawing(
    alphabet: Alphabet,
    rune_index: int,
    rng: np.random.Generator,
    canvas_size: tuple[int, int] = (400, 400),
    style: HandStyle = BASE_STYLE,
    fill: tuple[float, float] = (0.4, 0.9),
) -> Drawing:
    """A hand-drawn drawing of one rune, with times and pressures, in canvas pixels. The base hand unless
    told otherwise: training asks for its own hand (DEFAULT_STYLE) with the habits of real hands."""
    rune = alphabet.runes[rune_index]
    strokes = generate_strokes(choose_form(rune.trainable_forms, rng, style), rng, style)
    return Drawing(_timed(place_on_canvas(strokes, rng, canvas_size, fill), rng), tuple(canvas_size), rune.name)


def downscale(image: np.ndarray, size: tuple[int, int], method: str) -> np.ndarray:
    """Scale an ink image down the way different programs do: 'box' (area average), 'smooth'
    (anti-aliased bilinear) or 'sample' (bilinear at pixel centres only, as a browser canvas does)."""
    image = np.asarray(image, dtype=np.float32)
    if method == "sample":
        height, width = image.shape
        xs = (np.arange(size[0]) + 0.5) * width / size[0] - 0.5
        ys = (np.arange(size[1]) + 0.5) * height / size[1] - 0.5
        return sample_bilinear(image, *np.meshgrid(xs, ys))
    filters = {"box": Image.Resampling.BOX, "smooth": Image.Resampling.BILINEAR}
    if method not in filters:
        raise ValueError(f"unknown downscale method {method!r}")
    return np.asarray(Image.fromarray(image, mode="F").resize(size, filters[method]))


def sample_bilinear(image: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The image read at (x, y) points in pixel coordinates, bilinearly; paper (0) outside it."""
    height, width = image.shape
    padded = np.pad(image, 1)
    xs, ys = np.clip(xs + 1, 0, width), np.clip(ys + 1, 0, height)
    x0, y0 = np.minimum(xs.astype(int), width), np.minimum(ys.astype(int), height)
    fx, fy = xs - x0, ys - y0
    top = padded[y0, x0] * (1 - fx) + padded[y0, x0 + 1] * fx
    bottom = padded[y0 + 1, x0] * (1 - fx) + padded[y0 + 1, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy


def render_raster(
    drawing: Drawing, pen_width: float, out_size: tuple[int, int], method: str = "box", supersample: int = 1
) -> np.ndarray:
    """Render a drawing on its canvas with an absolute pen, scale it to out_size: uint8 ink."""
    strokes, canvas_size = [s.points for s in drawing.strokes], drawing.canvas_size
    work = min(1.0, 4.0 * out_size[0] / canvas_size[0], 4.0 * out_size[1] / canvas_size[1])
    if method != "sample" and work < 1.0:
        # Averaging filters see no difference between the full canvas and one 4x the output size.
        strokes, pen_width = [points * work for points in strokes], pen_width * work
        canvas_size = (max(1, round(canvas_size[0] * work)), max(1, round(canvas_size[1] * work)))
    canvas = render_strokes(strokes, canvas_size, pen_width, supersample)
    small = downscale(canvas, out_size, method)
    return np.clip(np.rint(small * 255.0), 0, 255).astype(np.uint8)


def workshop_raster(drawing: Drawing, method: str = "box") -> RasterDrawing:
    """The original workshop app's file content: 240x240 canvas, 20 px round pen, alpha at 24x24."""
    if drawing.canvas_size != (WORKSHOP_CANVAS, WORKSHOP_CANVAS):
        raise ValueError(f"workshop drawings are made on a {WORKSHOP_CANVAS}x{WORKSHOP_CANVAS} canvas")
    ink = render_raster(drawing, WORKSHOP_PEN, (WORKSHOP_SIZE, WORKSHOP_SIZE), method)
    return RasterDrawing(ink, drawing.label)
