"""The Quick, Draw! data set's simplified format, for exports that tools made for that data set read as theirs.

One JSON object a line: `key_id` (a string of digits), `word`, `countrycode`, `timestamp`,
`recognized`, and `drawing`, each stroke `[[x...], [y...]]` in integers 0..255, simplified as the data
set documents: the drawing moved to the top-left corner (its smallest x and y are 0), scaled evenly so
its longer side spans 0..255, and each stroke simplified by Ramer-Douglas-Peucker with epsilon 2.0.
(The data set also resamples strokes at 1-pixel spacing before simplifying; that only adds points on
straight lines, which the simplification removes again, so it is left out.)

What the data set knows and Runesight does not is filled in plainly: `countrycode` is "ZZ" (unknown
region), and `recognized` is false only for drawings saved as corrections of the network's reading.
Drawings without strokes (imported pictures) have no place in this format and are left out.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import numpy as np

from model.drawing import Drawing, Sample

SIDE = 255  # the longer side of a simplified drawing spans 0..SIDE
EPSILON = 2.0  # Ramer-Douglas-Peucker tolerance, in those units
UNKNOWN_COUNTRY = "ZZ"
FIELDS = ("key_id", "word", "countrycode", "timestamp", "recognized", "drawing")


def ramer_douglas_peucker(points: np.ndarray, epsilon: float = EPSILON) -> np.ndarray:
    """The points of a polyline that Ramer-Douglas-Peucker keeps: the ends, and every point further than
    `epsilon` from the line through the points kept on either side of it."""
    points = np.asarray(points, dtype=np.float64)
    if len(points) < 3:
        return points
    keep = np.zeros(len(points), dtype=bool)
    keep[[0, -1]] = True
    spans = [(0, len(points) - 1)]
    while spans:  # a stack rather than recursion: a stroke of 100,000 points must not exhaust Python's
        first, last = spans.pop()
        if last - first < 2:
            continue
        start, end, inner = points[first], points[last], points[first + 1:last]
        direction = end - start
        length = np.hypot(*direction)
        if length == 0:  # a stroke that comes back to where it started: distance to that point
            distances = np.hypot(*(inner - start).T)
        else:
            offsets = inner - start
            distances = np.abs(direction[0] * offsets[:, 1] - direction[1] * offsets[:, 0]) / length
        farthest = int(np.argmax(distances))
        if distances[farthest] > epsilon:
            middle = first + 1 + farthest
            keep[middle] = True
            spans += [(first, middle), (middle, last)]
    return points[keep]


def simplified_strokes(drawing: Drawing) -> list[list[list[int]]]:
    """The drawing's strokes as the simplified data set has them: [[x...], [y...]] in integers 0..255."""
    every = np.concatenate([stroke.points for stroke in drawing.strokes])
    corner = every.min(axis=0)
    longer = float((every.max(axis=0) - corner).max())
    scale = SIDE / longer if longer > 0 else 1.0  # a single dot stays a dot, at 0, 0
    strokes = []
    for stroke in drawing.strokes:
        kept = np.rint(ramer_douglas_peucker((stroke.points - corner) * scale)).astype(int)
        kept = np.clip(kept, 0, SIDE)
        strokes.append([kept[:, 0].tolist(), kept[:, 1].tolist()])
    return strokes


def key_id(sample: Sample, digest: str) -> str:
    """A key of 16 digits, as the data set's: the same for the same drawing under the same rune, whatever
    store or export it comes from."""
    number = int(hashlib.sha256(f"{digest}:{sample.label}".encode()).hexdigest()[:13], 16)
    return f"{number:016d}"


def timestamp(created: str) -> str:
    """An ISO time (UTC) as the data set writes its times: '2017-03-01 20:46:54.66179 UTC'."""
    return datetime.fromisoformat(created).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def quickdraw_object(sample: Sample, digest: str, created: str, source: str) -> dict | None:
    """One drawing as a line of the simplified data set; None for a drawing without strokes."""
    if not isinstance(sample, Drawing) or not sample.strokes:
        return None
    return {"key_id": key_id(sample, digest), "word": sample.label, "countrycode": UNKNOWN_COUNTRY,
            "timestamp": timestamp(created), "recognized": source != "corrected",
            "drawing": simplified_strokes(sample)}
