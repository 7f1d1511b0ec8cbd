"""Drawings that are no rune: shapes, digits, curly letters of other scripts, scribbles, spirals, hatching.

The network learns "not a rune" as one more class from these, drawn by the same generated hands as
the runes (`model.generator`). What is left out matters as much as what is in: a vertical line is
isa, an arrow up is tyr, a stave with a twig is many runes, a Z is sol's lightning form, a D is
thurs with a big thorn, Y is mathr, R is reith, B is bjork, F is fe, a plus sign is short-twig
hagall, lower-case n is ur. None of those, nor anything close, is here.

Shapes are polylines on a unit square (x right, y down) like the alphabet's forms. The training set
of shapes and a held-out set (other letters, other scripts) are kept apart: the held-out set
measures how well "not a rune" reaches drawings the network never saw (`bench/not_a_rune.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from model.alphabet import RuneForm
from model.drawing import Drawing
from model.generator import HandStyle, _timed, generate_strokes, place_on_canvas

NON_RUNE_LABEL = "not-a-rune"  # the label of such drawings, and the folder name `train.py evaluate` reads

Shape = Callable[[np.random.Generator], list[np.ndarray]]


def smooth(points, samples: int = 16) -> np.ndarray:
    """A Catmull-Rom curve through control points: how a hand draws round letters."""
    points = np.asarray(points, dtype=np.float64)
    padded = np.concatenate([points[:1], points, points[-1:]])
    out = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        t = np.linspace(0.0, 1.0, max(2, samples // max(1, len(points) - 1)), endpoint=False)[:, None]
        out.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                          + (3 * p1 - p0 - 3 * p2 + p3) * t**3))
    out.append(points[-1:])
    return np.concatenate(out)


def _ellipse(cx, cy, rx, ry, start=0.0, sweep=2 * np.pi, samples: int = 18) -> np.ndarray:
    angle = start + np.linspace(0.0, sweep, samples)
    return np.column_stack([cx + rx * np.cos(angle), cy + ry * np.sin(angle)])


def _fixed(*strokes, curved: bool = True) -> Shape:
    """A glyph of fixed control points, drawn as smooth curves (or as the straight lines given)."""
    controls = [np.asarray(s, dtype=np.float64) for s in strokes]

    def shape(rng):
        # The hand's variation goes into the control points: curves stay smooth.
        moved = [line + rng.normal(0.0, 0.03, line.shape) for line in controls]
        return [smooth(line) if curved and len(line) > 2 else line for line in moved]
    return shape


def _circle(rng):
    start = rng.uniform(0, 2 * np.pi)
    return [_ellipse(0.5, 0.5, 0.5 * rng.uniform(0.7, 1.0), 0.5, start, 2 * np.pi * rng.uniform(0.95, 1.08))]


def _polygon(corners: int) -> Shape:
    def shape(rng):
        angles = -np.pi / 2 + np.arange(corners + 1) * 2 * np.pi / corners + rng.uniform(-0.1, 0.1)
        ring = np.column_stack([0.5 + 0.5 * np.cos(angles), 0.5 + 0.5 * np.sin(angles)])
        if rng.random() < 0.3:  # one line a side
            return [ring[i : i + 2].copy() for i in range(corners)]
        corner_ring = np.roll(ring[:-1], -int(rng.integers(corners)), axis=0)  # starts at any corner
        return [np.concatenate([corner_ring, corner_ring[:1]])]
    return shape


def _rectangle(rng):
    width = rng.uniform(0.5, 1.0)
    box = np.array([[0, 0], [width, 0], [width, 1], [0, 1], [0, 0]], dtype=np.float64)
    if rng.random() < 0.35:
        return [box[i : i + 2].copy() for i in range(4)]
    return [box]


def _star(rng):
    angles = -np.pi / 2 + np.arange(6) * 4 * np.pi / 5
    return [np.column_stack([0.5 + 0.5 * np.cos(angles), 0.5 + 0.5 * np.sin(angles)])]


def _spiral(rng):
    turns = rng.uniform(1.5, 3.5)
    angle = np.linspace(0, 2 * np.pi * turns, int(14 * turns))
    radius = np.linspace(0.05, 0.5, len(angle))
    sign = rng.choice([-1.0, 1.0])
    return [np.column_stack([0.5 + radius * np.cos(sign * angle), 0.5 + radius * np.sin(sign * angle)])]


def _scribble(rng):
    count = int(rng.integers(6, 12))
    return [smooth(rng.uniform(0.0, 1.0, (count, 2)), 3 * count)]


def _hatching(rng):
    lines = int(rng.integers(4, 9))
    angle = rng.uniform(0, np.pi)
    direction = np.array([np.cos(angle), np.sin(angle)])
    across = np.array([-direction[1], direction[0]])
    offsets = np.linspace(-0.45, 0.45, lines)
    return [np.array([0.5 + across * o - direction * 0.45, 0.5 + across * o + direction * 0.45]) for o in offsets]


def _grid(rng):
    a, b = rng.uniform(0.25, 0.4), rng.uniform(0.6, 0.75)
    return [np.array([[a, 0.0], [a, 1.0]]), np.array([[b, 0.0], [b, 1.0]]),
            np.array([[0.0, a], [1.0, a]]), np.array([[0.0, b], [1.0, b]])]


def _zigzag(rng):
    teeth = int(rng.integers(5, 9))
    xs = np.linspace(0.0, 1.0, teeth + 1)
    ys = np.where(np.arange(teeth + 1) % 2 == 0, 0.0, 1.0) * rng.uniform(0.3, 0.6)
    return [np.column_stack([xs, ys])]


def _wave(rng):
    xs = np.linspace(0.0, 1.0, 20)
    return [np.column_stack([xs, 0.2 * np.sin(xs * 2 * np.pi * rng.uniform(1.5, 3.0))])]


def _smiley(rng):
    return [_ellipse(0.5, 0.5, 0.5, 0.5), _ellipse(0.35, 0.38, 0.04, 0.04, samples=8),
            _ellipse(0.65, 0.38, 0.04, 0.04, samples=8), _ellipse(0.5, 0.55, 0.25, 0.2, 0.2, np.pi - 0.4, 16)]


def _heart(rng):
    return [smooth([[0.5, 0.3], [0.35, 0.05], [0.05, 0.15], [0.1, 0.5], [0.5, 1.0], [0.9, 0.5], [0.95, 0.15],
                    [0.65, 0.05], [0.5, 0.3]], 24)]


def _figure_eight(rng):
    return [smooth([[0.5, 0.5], [0.8, 0.25], [0.5, 0.0], [0.2, 0.25], [0.5, 0.5], [0.85, 0.75], [0.5, 1.0],
                    [0.15, 0.75], [0.5, 0.5]], 24)]


# Letters and digits as a hand writes them (no rune look-alikes: see the module's docstring).
LETTERS: dict[str, Shape] = {
    "a": _fixed([[0.75, 0.4], [0.5, 0.25], [0.25, 0.45], [0.3, 0.8], [0.55, 0.85], [0.75, 0.55], [0.78, 0.3],
                 [0.8, 0.75], [0.95, 0.9]]),
    "c": _fixed([[0.85, 0.2], [0.5, 0.05], [0.15, 0.4], [0.25, 0.85], [0.6, 0.95], [0.85, 0.8]]),
    "e": _fixed([[0.2, 0.55], [0.8, 0.5], [0.7, 0.25], [0.45, 0.15], [0.2, 0.4], [0.25, 0.75], [0.55, 0.92],
                 [0.85, 0.8]]),
    "g": _fixed([[0.75, 0.2], [0.45, 0.05], [0.2, 0.25], [0.4, 0.5], [0.7, 0.35], [0.75, 0.2], [0.72, 0.8],
                 [0.45, 1.0], [0.15, 0.85]]),
    "m": _fixed([[0.05, 0.95], [0.08, 0.3], [0.25, 0.15], [0.45, 0.3], [0.5, 0.95], [0.55, 0.3], [0.75, 0.15],
                 [0.92, 0.3], [0.95, 0.95]]),
    "w": _fixed([[0.05, 0.1], [0.22, 0.9], [0.5, 0.4], [0.78, 0.9], [0.95, 0.1]]),
    "Q": _fixed([[0.5, 0.0], [0.1, 0.3], [0.15, 0.8], [0.55, 0.95], [0.9, 0.6], [0.8, 0.15], [0.5, 0.0]],
                [[0.55, 0.7], [0.95, 1.0]]),
    "G": _fixed([[0.85, 0.2], [0.5, 0.02], [0.12, 0.35], [0.2, 0.85], [0.6, 0.98], [0.88, 0.7], [0.88, 0.55],
                 [0.55, 0.55]]),
    "@": _fixed([[0.65, 0.45], [0.45, 0.35], [0.35, 0.55], [0.5, 0.65], [0.65, 0.45], [0.7, 0.65], [0.9, 0.55],
                 [0.85, 0.2], [0.5, 0.05], [0.1, 0.4], [0.2, 0.85], [0.6, 0.95], [0.85, 0.85]]),
    "0": _fixed([[0.5, 0.0], [0.15, 0.25], [0.15, 0.75], [0.5, 1.0], [0.85, 0.75], [0.85, 0.25], [0.5, 0.0]]),
    "2": _fixed([[0.15, 0.25], [0.5, 0.0], [0.85, 0.25], [0.6, 0.6], [0.12, 1.0], [0.9, 0.98]]),
    "3": _fixed([[0.15, 0.12], [0.55, 0.0], [0.8, 0.22], [0.45, 0.48], [0.85, 0.72], [0.55, 1.0], [0.12, 0.88]]),
    "5": _fixed([[0.85, 0.02], [0.25, 0.0], [0.2, 0.45], [0.6, 0.4], [0.85, 0.7], [0.55, 1.0], [0.15, 0.88]]),
    "6": _fixed([[0.75, 0.0], [0.3, 0.3], [0.15, 0.75], [0.45, 1.0], [0.8, 0.75], [0.55, 0.5], [0.2, 0.65]]),
    "8": _figure_eight,
    "9": _fixed([[0.8, 0.35], [0.5, 0.5], [0.2, 0.3], [0.5, 0.0], [0.8, 0.25], [0.75, 0.7], [0.45, 1.0]]),
    "alpha": _fixed([[0.95, 0.9], [0.7, 0.6], [0.5, 0.25], [0.2, 0.3], [0.15, 0.7], [0.45, 0.8], [0.7, 0.4],
                     [0.9, 0.1]]),
    "delta": _fixed([[0.7, 0.05], [0.35, 0.05], [0.4, 0.3], [0.8, 0.6], [0.6, 0.95], [0.25, 0.9], [0.2, 0.6],
                     [0.5, 0.4]]),
    "epsilon": _fixed([[0.8, 0.15], [0.45, 0.05], [0.25, 0.25], [0.55, 0.48], [0.2, 0.7], [0.45, 0.95],
                       [0.85, 0.85]]),
    "zeta": _fixed([[0.25, 0.0], [0.75, 0.02], [0.3, 0.4], [0.2, 0.75], [0.6, 0.85], [0.65, 1.0], [0.5, 1.05]]),
    "theta": _fixed([[0.5, 0.0], [0.15, 0.3], [0.15, 0.7], [0.5, 1.0], [0.85, 0.7], [0.85, 0.3], [0.5, 0.0]],
                    [[0.18, 0.5], [0.82, 0.5]]),
    "pi": _fixed([[0.0, 0.15], [1.0, 0.1]], [[0.3, 0.12], [0.25, 0.95]], [[0.72, 0.12], [0.75, 0.8], [0.9, 0.95]]),
    "sigma": _fixed([[1.0, 0.3], [0.5, 0.3], [0.15, 0.55], [0.3, 0.9], [0.65, 0.85], [0.75, 0.55], [0.5, 0.3]]),
    "omega": _fixed([[0.2, 0.2], [0.05, 0.6], [0.25, 0.95], [0.5, 0.65], [0.75, 0.95], [0.95, 0.6], [0.8, 0.2]]),
    "xi": _fixed([[0.25, 0.0], [0.75, 0.0]], [[0.75, 0.05], [0.3, 0.2], [0.6, 0.4], [0.25, 0.6], [0.35, 0.85],
                                               [0.7, 0.9], [0.6, 1.05]]),
    "de": _fixed([[0.3, 0.0], [0.25, 0.6], [0.05, 0.75]], [[0.05, 0.75], [0.95, 0.75]],
                 [[0.3, 0.0], [0.75, 0.0], [0.75, 0.75]], [[0.05, 0.75], [0.05, 1.0]], [[0.95, 0.75], [0.95, 1.0]],
                 curved=False),
    "ze": _fixed([[0.15, 0.15], [0.5, 0.0], [0.8, 0.2], [0.45, 0.48], [0.85, 0.72], [0.5, 1.0], [0.15, 0.85]]),
    "be": _fixed([[0.8, 0.0], [0.3, 0.05], [0.2, 0.55], [0.25, 0.95], [0.7, 0.95], [0.8, 0.7],
                          [0.55, 0.5], [0.22, 0.55]]),
}

SHAPES: dict[str, Shape] = {
    "circle": _circle, "triangle": _polygon(3), "square": _rectangle, "pentagon": _polygon(5), "star": _star,
    "spiral": _spiral, "scribble": _scribble, "hatching": _hatching, "grid": _grid, "zigzag": _zigzag,
    "wave": _wave, "smiley": _smiley, "heart": _heart,
}
TRAINING_SHAPES: dict[str, Shape] = {**SHAPES, **LETTERS}

# Held out of training: letters of scripts the generated non-runes never use (Georgian, Armenian, more
# Cyrillic, Latin capitals), for measuring "not a rune" on drawings the network never saw.
HELD_OUT_LETTERS: dict[str, Shape] = {
    "georgian an": _fixed([[0.3, 0.3], [0.1, 0.55], [0.3, 0.9], [0.55, 0.65], [0.5, 0.35], [0.7, 0.25],
                           [0.9, 0.5], [0.75, 0.9]]),
    "georgian ban": _fixed([[0.55, 0.0], [0.3, 0.1], [0.5, 0.3], [0.25, 0.55], [0.2, 0.85], [0.5, 1.0],
                            [0.8, 0.8], [0.7, 0.5], [0.4, 0.55]]),
    "georgian gan": _fixed([[0.2, 0.1], [0.05, 0.4], [0.25, 0.6], [0.5, 0.4], [0.55, 0.1], [0.75, 0.05],
                            [0.95, 0.4], [0.8, 0.85], [0.45, 1.0], [0.15, 0.85]]),
    "georgian don": _fixed([[0.15, 0.5], [0.3, 0.25], [0.5, 0.45], [0.45, 0.75], [0.7, 0.95], [0.9, 0.6],
                            [0.75, 0.1], [0.45, 0.0]]),
    "georgian vin": _fixed([[0.1, 0.3], [0.25, 0.6], [0.5, 0.35], [0.55, 0.05], [0.65, 0.35], [0.9, 0.6],
                            [0.7, 0.95], [0.4, 0.9]]),
    "armenian ayb": _fixed([[0.05, 0.2], [0.1, 0.8], [0.3, 0.95], [0.5, 0.75], [0.55, 0.3], [0.6, 0.75],
                            [0.8, 0.95], [0.95, 0.7], [0.95, 0.2]]),
    "armenian ech": _fixed([[0.2, 0.3], [0.4, 0.05], [0.7, 0.15], [0.65, 0.45], [0.3, 0.5]],
                           [[0.2, 0.3], [0.25, 0.95], [0.6, 0.9]]),
    "cyrillic yu": _fixed([[0.05, 0.0], [0.05, 1.0]], [[0.05, 0.5], [0.35, 0.5]],
                                   _ellipse(0.68, 0.5, 0.3, 0.48)),
    "cyrillic e": _fixed([[0.15, 0.15], [0.5, 0.0], [0.85, 0.35], [0.8, 0.75], [0.5, 1.0], [0.15, 0.85]],
                         [[0.4, 0.5], [0.82, 0.5]]),
    "cyrillic sha": _fixed([[0.05, 0.0], [0.05, 1.0], [0.95, 1.0], [0.95, 0.0]], [[0.5, 0.0], [0.5, 1.0]],
                           curved=False),
    "ampersand": _fixed([[0.9, 0.95], [0.3, 0.35], [0.35, 0.05], [0.6, 0.05], [0.6, 0.3],
                                      [0.15, 0.6], [0.2, 0.9], [0.55, 0.95], [0.85, 0.55]]),
    "latin O with tail": _fixed([[0.6, 0.0], [0.2, 0.2], [0.1, 0.6], [0.4, 0.95], [0.8, 0.8], [0.9, 0.35],
                                 [0.6, 0.0], [0.3, 0.1]]),
}


def non_rune_strokes(rng: np.random.Generator, style: HandStyle, shapes: dict[str, Shape] = TRAINING_SHAPES
                     ) -> list[np.ndarray]:
    """One shape of `shapes`, drawn by a generated hand: strokes around the unit square."""
    names = list(shapes)
    name = names[int(rng.integers(len(names)))]
    template = RuneForm(name, tuple(np.asarray(line, dtype=np.float64) for line in shapes[name](rng)))
    # Templates here are dense curves: the hand's per-vertex jitter would turn them into a tremor.
    return generate_strokes(template, rng, replace(style, vertex_jitter=style.vertex_jitter * 0.15))


def generate_non_rune(
    rng: np.random.Generator,
    canvas_size: tuple[int, int] = (400, 400),
    style: HandStyle | None = None,
    fill: tuple[float, float] = (0.4, 0.9),
    shapes: dict[str, Shape] = TRAINING_SHAPES,
) -> Drawing:
    """A drawing that is no rune, with times and pressures, in canvas pixels, labelled NON_RUNE_LABEL."""
    from model.generator import DEFAULT_STYLE

    strokes = non_rune_strokes(rng, style or DEFAULT_STYLE, shapes)
    return Drawing(_timed(place_on_canvas(strokes, rng, canvas_size, fill), rng), tuple(canvas_size), NON_RUNE_LABEL)
