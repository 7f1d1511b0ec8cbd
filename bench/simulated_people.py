"""Simulated people: each draws with consistent habits of their own, stored the workshop's way.

One person varies less from drawing to drawing than the generator's crowd of hands does; what sets a
person apart is what they do every time: a slant, a lean, wide or narrow letters, strokes that run on
past their ends, their own way of writing a rune. `bench/accuracy.py` scores the shipped model on a
crowd of such people; `bench/personalisation.py` teaches the model one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from model.alphabet import Alphabet, RuneForm
from model.drawing import Drawing, Stroke
from model.generator import (
    TYPICAL_STYLE,
    WORKSHOP_CANVAS,
    HandStyle,
    generate_strokes,
    place_on_canvas,
    workshop_raster,
)


@dataclass(frozen=True)
class SimulatedHand:
    """One person's habits: a hand style with no per-drawing spread, plus what they do every time."""

    style: HandStyle
    overshoot: float  # every stroke runs on past both of its ends by this much of the rune's height
    fill: tuple[float, float]  # of the canvas: the person draws at much the same size each time
    loose_forms: bool  # writes each rune one way: a loose handwritten form where there is one, else long-branch
    slant: float  # every drawing sheared this much to the right (x += slant * (0.5 - y))
    lean_deg: float  # and turned this far anticlockwise
    width: float  # and this much wider than the templates
    own_forms: tuple[tuple[str, RuneForm], ...] = ()  # (rune, form): runes written in a form of their own

    def matrix(self) -> np.ndarray:
        lean = np.deg2rad(self.lean_deg)
        rotation = np.array([[np.cos(lean), -np.sin(lean)], [np.sin(lean), np.cos(lean)]])
        return rotation @ np.array([[1.0, -self.slant], [0.0, 1.0]]) @ np.diag([self.width, 1.0])


def _form(name: str, *strokes) -> RuneForm:
    return RuneForm(name, tuple(np.asarray(points, dtype=np.float64) for points in strokes))


# Forms that are not in the alphabet data, so the shipped model never saw them: the older (Elder
# Futhark) shapes of hagall, mathr and kaun, which people who know those write by habit.
OLDER_FORMS = (
    ("hagall", _form("two staves, one bar", [[0.2, 0.0], [0.2, 1.0]], [[0.8, 0.0], [0.8, 1.0]],
                     [[0.2, 0.35], [0.8, 0.6]])),
    ("mathr", _form("two staves, crossed", [[0.15, 0.0], [0.15, 1.0]], [[0.85, 0.0], [0.85, 1.0]],
                    [[0.15, 0.0], [0.85, 0.45]], [[0.85, 0.0], [0.15, 0.45]])),
    ("kaun", _form("angle", [[0.75, 0.0], [0.25, 0.5], [0.75, 1.0]])),
)

# Far from the generator's defaults, further than bench/accuracy.py's OTHER_HAND. One person varies
# less from drawing to drawing than the generator's crowd of hands does; what sets this one apart is
# what it does every time: the constants, rounded corners and bowed lines, one loose form per rune.
FAR_HAND = SimulatedHand(
    style=replace(TYPICAL_STYLE, rotation_sd_deg=3.0, shear_sd=0.04, aspect_sd=0.06, vertex_jitter=0.025,
                  end_change=0.08, bow=0.08, shake=0.008, corner_rounding=1.0, reorder=0.9, reverse=0.7,
                  split=0.0, flick=0.0, retrace=0.0, hand_spread=0.0),
    overshoot=0.1, fill=(0.6, 0.9), loose_forms=True, slant=0.38, lean_deg=-7.0, width=1.45, own_forms=OLDER_FORMS)
# Nearer: the shipped model reads most of its drawings already, as it should a real person's. The
# long-branch forms (as the workshop showed them), a milder slant and overshoot, the odd flick of the
# pen, drawn at any size.
NEAR_HAND = SimulatedHand(
    style=replace(TYPICAL_STYLE, rotation_sd_deg=3.0, shear_sd=0.04, aspect_sd=0.06, vertex_jitter=0.03,
                  end_change=0.08, bow=0.07, shake=0.008, corner_rounding=0.6, reorder=0.5, reverse=0.5,
                  split=0.1, flick=0.1, retrace=0.02, hand_spread=0.0),
    overshoot=0.05, fill=(0.4, 0.95), loose_forms=False, slant=0.2, lean_deg=-4.0, width=1.2)
HANDS = {"far": FAR_HAND, "near": NEAR_HAND}


def favourite_form(forms: tuple[RuneForm, ...], loose_forms: bool) -> RuneForm:
    loose = [form for form in forms[1:] if not form.name.startswith("short-twig")] if loose_forms else []
    return (loose or forms)[0]


def overshoot(points: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """The stroke carried on past both ends, in the direction it was going there."""
    k = max(2, len(points) // 8)

    def run_on(end: np.ndarray, inner: np.ndarray) -> np.ndarray:
        direction = (end - inner) / max(float(np.hypot(*(end - inner))), 1e-9)
        return end + np.outer(np.linspace(0.02, amount * rng.uniform(0.7, 1.3), 6), direction)

    # Before the start (walked towards it) and after the end.
    return np.concatenate([run_on(points[0], points[k])[::-1], points, run_on(points[-1], points[-1 - k])])


def hand_drawing(alphabet: Alphabet, index: int, rng: np.random.Generator, hand: SimulatedHand = FAR_HAND):
    """One drawing of the simulated hand, stored the workshop's way."""
    rune = alphabet.runes[index]
    form = dict(hand.own_forms).get(rune.name) or favourite_form(rune.trainable_forms, hand.loose_forms)
    strokes = [overshoot(points, rng, hand.overshoot) for points in generate_strokes(form, rng, hand.style)]
    strokes = [(points - 0.5) @ hand.matrix().T + 0.5 for points in strokes]
    canvas = (WORKSHOP_CANVAS, WORKSHOP_CANVAS)
    placed = place_on_canvas(strokes, rng, canvas, hand.fill)
    return workshop_raster(Drawing(tuple(Stroke(points) for points in placed), canvas, rune.name))


def hand_set(alphabet: Alphabet, per_rune: int, rng: np.random.Generator, hand: SimulatedHand = FAR_HAND) -> list:
    return [hand_drawing(alphabet, index, rng, hand) for _ in range(per_rune) for index in range(len(alphabet))]


def random_person(rng: np.random.Generator) -> SimulatedHand:
    """Someone drawing the runes the workshop showed, with habits drawn from ranges people have: from
    careful to sloppy (up to about the generator's own average variation, held the same every time)."""
    u = rng.uniform
    style = replace(TYPICAL_STYLE, rotation_sd_deg=u(2.0, 6.0), shear_sd=u(0.02, 0.06), aspect_sd=u(0.04, 0.1),
                    vertex_jitter=u(0.015, 0.05), end_change=u(0.03, 0.15), bow=u(0.02, 0.1), shake=u(0.002, 0.012),
                    corner_rounding=u(0.0, 1.0), reorder=u(0.0, 1.0), reverse=u(0.0, 1.0), split=u(0.0, 0.3),
                    flick=u(0.0, 0.2), retrace=u(0.0, 0.08), hand_spread=0.0)
    low = u(0.3, 0.7)
    return SimulatedHand(style, overshoot=u(0.0, 0.1), fill=(low, min(0.95, low + 0.25)),
                         loose_forms=bool(rng.random() < 0.3), slant=u(-0.3, 0.35), lean_deg=u(-8.0, 8.0),
                         width=float(np.exp(np.clip(rng.normal(0.0, 0.2), -0.4, 0.4))))


def crowd_person(seed: int, number: int) -> tuple[SimulatedHand, np.random.Generator]:
    """Person `number` of a seeded crowd, and the generator that goes on to make their drawings."""
    rng = np.random.default_rng([seed, 4242, number])
    return random_person(rng), rng


def named_hand(name: str) -> SimulatedHand:
    """'near', 'far', or 'person-N' (person N of bench/accuracy.py's crowd, seed 2026)."""
    if name in HANDS:
        return HANDS[name]
    prefix, _, number = name.partition("-")
    if prefix != "person" or not number.isdigit():
        raise ValueError(f"unknown hand {name!r}: use near, far or person-N")
    return crowd_person(2026, int(number))[0]
