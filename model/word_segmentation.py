"""Splitting a drawing of several runes (a word) into glyphs and word dividers, left to right.

Runes overlap little horizontally, but their twigs and crossing strokes touch or cross their own stave, and a
twig drawn with a gap still lies over or beside it. So strokes are grouped by their geometry, in three steps,
all measured against the word's rune height (the height of its tall strokes, its staves):
1. strokes that touch or cross belong together;
2. groups whose horizontal extents overlap (a twig over its stave, a stave inside a bowl) belong together;
3. a group with no tall stroke is part of a rune (a detached twig: it joins the nearest rune) unless it is a word
   divider: one dot, dots stacked (":"), or a small cross ("×", "+").
A divider is taken for one only between two runes, or, for a cross, at either end; a dot before the first rune or
after the last is a stray mark (a click to focus the canvas), left out as a single rune's stray click always was.
Rasters (a picture of a word) are split the same way, their connected patches of ink standing in for strokes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

TOUCH = 0.07  # of the rune height: strokes this close touch (a pen's width on a usual drawing)
TOUCH_PICTURE = 0.03  # of the rune height: ink patches this close are one line with a faint stretch
OVERLAP_MARGIN = 0.05  # of the rune height: horizontal extents this close count as over one another
OVERLAP_SHARE = 0.5  # of the narrower group's width (plus margins) that must overlap
TALL = 0.65  # of the rune height: a group at least this tall has a stave, so it is (most of) a rune
DOT = 0.15  # of the rune height: a stroke no larger than this is a dot
CROSS = 0.6  # of the rune height: a divider cross is no larger than this
STACK = 0.2  # of the rune height: dots whose centres are this close across are one divider (":")
MAX_POINTS = 160  # points per part compared for distance: enough for a pen line, fast for a long word
CROSSING = 40  # degrees: the two strokes of a divider cross at least this steeply (a line gone over twice does not)


@dataclass(frozen=True)
class Divider:
    kind: str  # "·", ":", "⁝" (three dots or more), "×" or "+"
    position: int  # how many runes stand before it
    parts: tuple[int, ...]  # indices of the strokes (or ink patches) that make it
    box: tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Segmentation:
    glyphs: tuple[tuple[int, ...], ...]  # per glyph, left to right, the indices of its strokes (or patches)
    boxes: tuple[tuple[float, float, float, float], ...]  # per glyph: x0, y0, x1, y1
    dividers: tuple[Divider, ...]
    strays: tuple[int, ...]  # dots left out: before the first rune or after the last
    rune_height: float


def densified(points: np.ndarray, spacing: float) -> np.ndarray:
    """Points along a polyline no further apart than `spacing` (a stroke of few points, as real stroke data has,
    would otherwise cross another stroke between its points unseen)."""
    if len(points) < 2 or spacing <= 0:
        return points
    lengths = np.hypot(*np.diff(points, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(lengths)])
    if along[-1] == 0:
        return points[:1]
    wanted = np.linspace(0.0, along[-1], max(2, int(np.ceil(along[-1] / spacing)) + 1))
    return np.column_stack([np.interp(wanted, along, points[:, 0]), np.interp(wanted, along, points[:, 1])])


def _thinned(points: np.ndarray) -> np.ndarray:
    return points[:: max(1, -(-len(points) // MAX_POINTS))] if len(points) > MAX_POINTS else points


def polyline_distance(a: np.ndarray, b: np.ndarray) -> float:
    """The least distance between two polylines (points to segments, both ways)."""
    def one_way(points: np.ndarray, line: np.ndarray) -> float:
        if len(line) == 1:
            return float(np.sqrt(((points - line[0]) ** 2).sum(axis=1)).min())
        starts, span = line[:-1], np.diff(line, axis=0)
        length2 = np.maximum((span**2).sum(axis=1), 1e-12)
        along = np.clip(((points[:, None, :] - starts) * span).sum(axis=2) / length2, 0.0, 1.0)
        nearest = starts + along[..., None] * span
        return float(np.sqrt(((points[:, None, :] - nearest) ** 2).sum(axis=2)).min())

    a, b = _thinned(a), _thinned(b)
    return min(one_way(a, b), one_way(b, a))


class _Groups:
    """Union-find over parts."""

    def __init__(self, count: int) -> None:
        self.parent = list(range(count))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)

    def members(self) -> list[list[int]]:
        found: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            found.setdefault(self.find(i), []).append(i)
        return list(found.values())


def _box(boxes: np.ndarray, members: Sequence[int]) -> np.ndarray:
    chosen = boxes[list(members)]
    return np.array([chosen[:, 0].min(), chosen[:, 1].min(), chosen[:, 2].max(), chosen[:, 3].max()])


def rune_height(boxes: np.ndarray) -> float:
    """The word's rune height: its tall strokes' height (the 90th percentile of the parts' heights: staves are
    the tallest strokes of nearly every rune, and twigs, bowls and dots are shorter)."""
    heights = boxes[:, 3] - boxes[:, 1]
    height = float(np.percentile(heights, 90))
    return height if height > 0 else float(max((boxes[:, 2:] - boxes[:, :2]).max(), 1.0))


def _overlap_share(a: np.ndarray, b: np.ndarray, margin: float) -> float:
    overlap = min(a[2], b[2]) - max(a[0], b[0]) + 2 * margin
    return overlap / (min(a[2] - a[0], b[2] - b[0]) + 2 * margin)


def _divider_kind(members: list[int], boxes: np.ndarray, parts: Sequence[np.ndarray], height: float,
                  distance) -> str | None:
    """What kind of word divider a group of no tall stroke is, or None (then it is a detached part of a rune)."""
    sizes = (boxes[members, 2:] - boxes[members, :2]).max(axis=1)
    if (sizes <= DOT * height).all():
        return "·" if len(members) == 1 else ":" if len(members) == 2 else "⁝"
    box = _box(boxes, members)
    if len(members) == 1 and DOT * height < (box[2:] - box[:2]).max() <= CROSS * height:
        return _cross_in_picture(parts[members[0]])  # a picture's cross is one patch: its strokes meet
    if len(members) == 2 and (box[2:] - box[:2]).max() <= CROSS * height and distance(*members) <= TOUCH * height:
        angles = [np.degrees(np.arctan2(*(parts[i][-1] - parts[i][0])[::-1])) % 180 for i in members]
        between = abs(angles[0] - angles[1])
        if min(between, 180 - between) < CROSSING:
            return None
        upright = all(min(a, 180 - a) < 25 or abs(a - 90) < 25 for a in angles)
        return "+" if upright else "×"
    return None


def cloud_distance(a: np.ndarray, b: np.ndarray) -> float:
    """The least distance between two sets of points (a picture's ink patches)."""
    a, b = _thinned(a), _thinned(b)
    return float(np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2)).min())


def _cross_in_picture(pixels: np.ndarray) -> str | None:
    """"×" or "+" for a patch of ink lying along both diagonals (or both middle lines) of its box, else None (a
    twig lies along one line only)."""
    low, size = pixels.min(axis=0), np.maximum(np.ptp(pixels, axis=0), 1.0)
    grid = np.zeros((9, 9), dtype=bool)
    cells = np.clip(((pixels - low) / size * 8).round().astype(int), 0, 8)
    grid[cells[:, 1], cells[:, 0]] = True
    steps = np.arange(9)

    def covered(rows: np.ndarray, cols: np.ndarray) -> float:
        near = [grid[max(r - 1, 0) : r + 2, max(c - 1, 0) : c + 2].any() for r, c in zip(rows, cols)]
        return float(np.mean(near))

    aspect = size[0] / size[1]
    if not 0.5 <= aspect <= 2.0:
        return None
    if covered(steps, steps) >= 0.85 and covered(steps, 8 - steps) >= 0.85:
        return "×"
    if covered(steps, np.full(9, 4)) >= 0.85 and covered(np.full(9, 4), steps) >= 0.85:
        return "+"
    return None


def segment(parts: Sequence[np.ndarray], measure: Callable[[np.ndarray, np.ndarray], float] = polyline_distance
            ) -> Segmentation:
    """Split parts (strokes as point arrays, or a picture's ink patches as pixel coordinates, with
    `measure=cloud_distance`) into glyphs and dividers."""
    count = len(parts)
    boxes = np.array([[*p.min(axis=0), *p.max(axis=0)] for p in parts], dtype=np.float64)
    height = rune_height(boxes)
    if measure is polyline_distance:  # close enough points that a crossing between two of them is seen
        parts = [densified(p, TOUCH * height / 2) for p in parts]
    distances: dict[tuple[int, int], float] = {}

    def distance(i: int, j: int) -> float:
        key = (min(i, j), max(i, j))
        if key not in distances:
            distances[key] = measure(parts[i], parts[j])
        return distances[key]

    groups = _Groups(count)
    # A picture's patches are already what touches; closer than this they were one line broken by faint ink.
    touch = (TOUCH if measure is polyline_distance else TOUCH_PICTURE) * height
    for i in range(count):
        for j in range(i + 1, count):
            close = boxes[i, 0] - touch <= boxes[j, 2] and boxes[j, 0] - touch <= boxes[i, 2] and \
                boxes[i, 1] - touch <= boxes[j, 3] and boxes[j, 1] - touch <= boxes[i, 3]
            if close and distance(i, j) <= touch:
                groups.join(i, j)
    merged = True
    while merged:  # groups over one another horizontally are one rune
        merged = False
        members = groups.members()
        group_boxes = [_box(boxes, m) for m in members]
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                tall = [(group_boxes[k][3] - group_boxes[k][1]) >= TALL * height for k in (a, b)]
                if any(tall) and _overlap_share(group_boxes[a], group_boxes[b], OVERLAP_MARGIN * height) \
                        >= OVERLAP_SHARE:
                    groups.join(members[a][0], members[b][0])
                    merged = True
                    break
            if merged:
                break
    members = groups.members()
    tall = [m for m in members if (_box(boxes, m)[3] - _box(boxes, m)[1]) >= TALL * height]
    if not tall:  # nothing rune-sized: the whole drawing is one glyph, read as a single rune is
        everything = tuple(range(count))
        return Segmentation((everything,), (tuple(_box(boxes, everything)),), (), (), height)
    small = [m for m in members if m not in tall]
    divider_groups: list[tuple[str, list[int]]] = []
    for group in small:
        kind = _divider_kind(group, boxes, parts, height, distance)
        if kind is None:  # a detached twig or bowl: part of the nearest rune
            nearest = min(tall, key=lambda t: min(distance(i, j) for i in group for j in t))
            nearest.extend(group)
        else:
            divider_groups.append((kind, group))
    # Dots stacked one over another are one divider (":"), however far apart vertically.
    dots = sorted((g for g in divider_groups if g[0] in "·:⁝"), key=lambda g: _box(boxes, g[1])[0])
    stacked: list[list[int]] = []
    for _kind, group in dots:
        centre = _box(boxes, group)[[0, 2]].mean()
        if stacked and abs(_box(boxes, stacked[-1])[[0, 2]].mean() - centre) <= STACK * height:
            stacked[-1].extend(group)
        else:
            stacked.append(list(group))
    dividers_found = [("·" if len(g) == 1 else ":" if len(g) == 2 else "⁝", g) for g in stacked]
    dividers_found += [g for g in divider_groups if g[0] in "×+"]

    tall.sort(key=lambda m: _box(boxes, m)[[0, 2]].mean())
    centres = [_box(boxes, m)[[0, 2]].mean() for m in tall]
    dividers, strays = [], []
    for kind, group in dividers_found:
        centre = _box(boxes, group)[[0, 2]].mean()
        position = int(np.searchsorted(centres, centre))
        if kind in "·:⁝" and position in (0, len(tall)):
            strays.extend(group)  # a dot outside the word is a stray click, not a divider
        else:
            dividers.append(Divider(kind, position, tuple(sorted(group)), tuple(float(v) for v in _box(boxes, group))))
    dividers.sort(key=lambda d: d.box[0])
    return Segmentation(tuple(tuple(sorted(m)) for m in tall), tuple(tuple(float(v) for v in _box(boxes, m))
                                                                     for m in tall),
                        tuple(dividers), tuple(sorted(strays)), height)


def ink_patches(ink: np.ndarray, threshold: float) -> list[np.ndarray]:
    """The connected patches of a picture's ink (8-neighbour), each as its pixels' (x, y) coordinates."""
    mask = ink >= threshold
    labels = np.zeros(mask.shape, dtype=np.int64)
    patches: list[np.ndarray] = []
    for start in zip(*np.nonzero(mask)):
        if labels[start]:
            continue
        labels[start] = len(patches) + 1
        stack, pixels = [start], []
        while stack:
            y, x = stack.pop()
            pixels.append((x, y))
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    ny, nx = y + dy, x + dx
                    if 0 <= ny < mask.shape[0] and 0 <= nx < mask.shape[1] and mask[ny, nx] and not labels[ny, nx]:
                        labels[ny, nx] = len(patches) + 1
                        stack.append((ny, nx))
        patches.append(np.array(pixels, dtype=np.float64))
    return patches
