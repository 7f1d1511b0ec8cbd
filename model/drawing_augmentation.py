"""Variations of a person's own drawings, so that five to ten of each rune are enough to learn from.

A variation is what the same hand might have drawn the next time: the whole drawing turned, slanted
and stretched a little, each part bent by a smooth warp, each stroke shifted and made a little longer
or shorter; a raster's pen a little thicker or thinner. Variations stay close to the drawing (the
person's slant and proportions are what the network should learn), and every one goes into the
network through `model.preprocessing.preprocess`, like any drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from model.drawing import Drawing, RasterDrawing, Sample, Stroke
from model.generator import sample_bilinear
from model.preprocessing import preprocess


@dataclass(frozen=True)
class Variation:
    """How far a variation may stray. Lengths are fractions of the drawing's longer side."""

    rotation_sd_deg: float = 5.0
    shear_sd: float = 0.07
    aspect_sd: float = 0.08  # log of the width/height change
    warp: float = 0.035  # largest shift of the smooth warp
    warp_grid: int = 3  # knots across the drawing: more knots bend smaller parts on their own
    stroke_shift: float = 0.025  # strokes only: each stroke moves on its own
    stroke_stretch: float = 0.08  # strokes only: each stroke grows or shrinks about its middle
    pen_change: float = 0.8  # rasters only: chance of a thicker or thinner pen


DEFAULT_VARIATION = Variation()
RASTER_WORK_SIZE = 48  # rasters are warped at this size (more than the network input keeps)


def _matrix(rng: np.random.Generator, variation: Variation) -> np.ndarray:
    angle = np.deg2rad(np.clip(rng.normal(0.0, variation.rotation_sd_deg), -3 * variation.rotation_sd_deg,
                               3 * variation.rotation_sd_deg))
    shear = rng.normal(0.0, variation.shear_sd)
    aspect = np.exp(rng.normal(0.0, variation.aspect_sd))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return rotation @ np.array([[1.0, shear], [0.0, 1.0]]) @ np.diag([np.sqrt(aspect), 1.0 / np.sqrt(aspect)])


def _hat_weights(t: np.ndarray, grid: int) -> np.ndarray:
    """Linear-interpolation weights of positions t (0..1) on `grid` evenly spaced knots: (len(t), grid)."""
    u = np.clip(t, 0.0, 1.0)[:, None] * (grid - 1)
    return np.maximum(0.0, 1.0 - np.abs(u - np.arange(grid)))


def _smooth_field(rng: np.random.Generator, amount: float, grid: int = 3):
    """A random smooth displacement over the unit square: a coarse grid of shifts, interpolated."""
    knots = rng.uniform(-amount, amount, (grid, grid, 2))  # [row (y), column (x), (dx, dy)]

    def at_points(points: np.ndarray) -> np.ndarray:  # (N, 2) in 0..1 -> (N, 2) shifts
        wx, wy = _hat_weights(points[:, 0], grid), _hat_weights(points[:, 1], grid)
        return np.column_stack([((wy @ knots[..., c]) * wx).sum(axis=1) for c in (0, 1)])

    def on_grid(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:  # axes in 0..1 -> (len(ys), len(xs), 2)
        wy, wx = _hat_weights(ys, grid), _hat_weights(xs, grid)
        return np.stack([wy @ knots[..., c] @ wx.T for c in (0, 1)], axis=-1)

    at_points.on_grid = on_grid
    return at_points


def vary_strokes(drawing: Drawing, rng: np.random.Generator, variation: Variation = DEFAULT_VARIATION) -> Drawing:
    """Another drawing the same hand might have made: the same strokes, moved, bent and stretched."""
    every = np.concatenate([s.points for s in drawing.strokes])
    low, high = every.min(axis=0), every.max(axis=0)
    size = max(float((high - low).max()), 1e-9)
    centre = (low + high) / 2
    matrix, warp = _matrix(rng, variation), _smooth_field(rng, variation.warp, variation.warp_grid)
    strokes = []
    for stroke in drawing.strokes:
        unit = (stroke.points - low) / size  # the warp works on the drawing's own unit square
        middle = unit.mean(axis=0)
        unit = middle + (unit - middle) * np.exp(rng.normal(0.0, variation.stroke_stretch))
        unit = unit + rng.normal(0.0, variation.stroke_shift, 2) + warp(unit)
        points = ((unit * size + low) - centre) @ matrix.T + centre
        strokes.append(Stroke(points, stroke.times, stroke.pressures))
    return Drawing(tuple(strokes), drawing.canvas_size, drawing.label)


def vary_raster(raster: RasterDrawing, rng: np.random.Generator,
                variation: Variation = DEFAULT_VARIATION) -> RasterDrawing:
    """Another picture the same hand might have made: warped, with a slightly different pen."""
    ink = np.asarray(raster.ink, dtype=np.float32)
    ink = ink / 255.0 if ink.max() > 1.0 else ink
    height, width = ink.shape
    scale = RASTER_WORK_SIZE / max(height, width)
    work = (max(1, round(width * scale)), max(1, round(height * scale)))
    # Room around the picture, so that turning it does not cut corners off.
    margin = RASTER_WORK_SIZE // 4
    big = np.pad(np.asarray(Image.fromarray(ink, mode="F").resize(work, Image.Resampling.BILINEAR)), margin)
    side_y, side_x = big.shape
    ys, xs = np.mgrid[0:side_y, 0:side_x].astype(np.float64)
    centre = np.array([side_x, side_y]) / 2
    inverse = np.linalg.inv(_matrix(rng, variation))
    # Where each output pixel comes from: the inverse turn and slant, minus the warp there.
    field = _smooth_field(rng, variation.warp, variation.warp_grid)
    warp = field.on_grid((np.arange(side_x) - margin) / RASTER_WORK_SIZE,
                         (np.arange(side_y) - margin) / RASTER_WORK_SIZE)
    dx, dy = xs - centre[0], ys - centre[1]
    source_x = inverse[0, 0] * dx + inverse[0, 1] * dy + centre[0] - warp[..., 0] * RASTER_WORK_SIZE
    source_y = inverse[1, 0] * dx + inverse[1, 1] * dy + centre[1] - warp[..., 1] * RASTER_WORK_SIZE
    out = sample_bilinear(big, source_x, source_y).astype(np.float32)
    if rng.random() < variation.pen_change:  # a drawing made smaller or larger on the canvas: another pen, relatively
        pen = ImageFilter.MaxFilter(3) if rng.random() < 0.5 else ImageFilter.MinFilter(3)
        changed = np.asarray(Image.fromarray(out, mode="F").filter(pen))
        out = changed if changed.max() > 0.3 else out  # a thin pen must not vanish
    return RasterDrawing(np.clip(out, 0.0, 1.0), raster.label)


def vary(sample: Sample, rng: np.random.Generator, variation: Variation = DEFAULT_VARIATION) -> Sample:
    if isinstance(sample, Drawing):
        return vary_strokes(sample, rng, variation)
    return vary_raster(sample, rng, variation)


def varied_image(sample: Sample, rng: np.random.Generator, variation: Variation = DEFAULT_VARIATION) -> np.ndarray:
    """A variation of the drawing as network input; the drawing itself if a variation is unusable."""
    try:
        return preprocess(vary(sample, rng, variation))
    except ValueError:  # e.g. a warp that squeezed a tiny drawing into a dot
        return preprocess(sample)
