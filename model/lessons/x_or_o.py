""""X or O": the toy convolutional network of the classic lecture, with hand-made features and votes.

A 9x9 picture has +1 for ink and -1 for paper. Three 3x3 features (the two diagonals and a small X) are
lined up with every patch; filtering multiplies patch and feature and divides the sum by 9, so a perfect
match is 1. Then ReLU (negatives to zero), max pooling (window 2, stride 2; a window that runs past the edge
takes the maximum of what it covers), and a fully connected layer in which every pooled value votes for X and
for O. The vote weights are hand-made as the lecture makes them: each class's weights are the pooled values
of its ideal picture, so a value votes strongly where the ideal X (or O) has a strong feature. A class's
vote is the weighted average of the pooled values, and the larger vote is the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.lessons.filtering import filter_image

SIZE = 9
INK, PAPER = 1.0, -1.0
CLASSES = ("X", "O")
FEATURES = np.array(
    [
        [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]],  # the diagonal down to the right
        [[1, -1, 1], [-1, 1, -1], [1, -1, 1]],  # a small X
        [[-1, -1, 1], [-1, 1, -1], [1, -1, -1]],  # the diagonal up to the right
    ],
    dtype=np.float64,
)
FEATURE_NAMES = ("diagonal \\", "small X", "diagonal /")


def blank() -> np.ndarray:
    return np.full((SIZE, SIZE), PAPER)


def x_picture(first: int = 1, last: int = 7, shift: tuple[int, int] = (0, 0)) -> np.ndarray:
    """An X whose diagonals run from (first, first) to (last, last) and from (first, last) to (last, first)."""
    picture = blank()
    for i in range(first, last + 1):
        for row, col in ((i, i), (i, first + last - i)):
            row, col = row + shift[0], col + shift[1]
            if 0 <= row < SIZE and 0 <= col < SIZE:
                picture[row, col] = INK
    return picture


def o_picture(thick: bool = False) -> np.ndarray:
    """An O: a ring with rounded corners, one pixel wide (or two)."""
    picture = blank()
    picture[1, 2:7] = picture[7, 2:7] = INK
    picture[2:7, 1] = picture[2:7, 7] = INK
    if thick:
        picture[2, 2:7] = picture[6, 2:7] = INK
        picture[2:7, 2] = picture[2:7, 6] = INK
    return picture


def plus_picture() -> np.ndarray:
    """An X turned by 45 degrees: a plus."""
    picture = blank()
    picture[4, 1:8] = picture[1:8, 4] = INK
    return picture


EXAMPLES = {  # what a learner tries, by name
    "X": x_picture(),
    "O": o_picture(),
    "X shifted right": x_picture(shift=(0, 1)),
    "smaller X": x_picture(2, 6),
    "X turned 45°": plus_picture(),
    "thick O": o_picture(thick=True),
}


def relu(values: np.ndarray) -> np.ndarray:
    return np.maximum(values, 0.0)


def max_pool(values: np.ndarray, window: int = 2, stride: int = 2) -> np.ndarray:
    """The largest value of each window; a window running past the edge takes the largest of what it covers."""
    rows = -(-(values.shape[0] - window) // stride) + 1 if values.shape[0] > window else 1
    cols = -(-(values.shape[1] - window) // stride) + 1 if values.shape[1] > window else 1
    return np.array([[values[r * stride : r * stride + window, c * stride : c * stride + window].max()
                      for c in range(cols)] for r in range(rows)])


@dataclass(frozen=True)
class XOrOReading:
    """Every stage of the toy network for one picture."""

    maps: np.ndarray  # (features, 7, 7): filtered, divided by 9
    rectified: np.ndarray  # (features, 7, 7): after ReLU
    pooled: np.ndarray  # (features, 4, 4): after max pooling
    votes: dict[str, float]  # class -> its vote
    answer: str


def features_of(picture: np.ndarray, features: np.ndarray = FEATURES) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Filter with each feature (divided by its size), ReLU, max pooling."""
    maps = np.array([filter_image(picture, feature, divide_by=feature.size) for feature in features])
    rectified = relu(maps)
    return maps, rectified, np.array([max_pool(m) for m in rectified])


def hand_made_weights() -> dict[str, np.ndarray]:
    """Each class's vote weights: the pooled values of its ideal picture (flattened)."""
    return {"X": features_of(EXAMPLES["X"])[2].ravel(), "O": features_of(EXAMPLES["O"])[2].ravel()}


def votes_for(pooled: np.ndarray, weights: dict[str, np.ndarray]) -> dict[str, float]:
    """Fully connected: every pooled value votes for each class with that class's weight; the class's vote is
    the weighted average."""
    values = pooled.ravel()
    return {name: float(values @ w / w.sum()) for name, w in weights.items()}


def read_picture(picture: np.ndarray, features: np.ndarray = FEATURES,
                 weights: dict[str, np.ndarray] | None = None) -> XOrOReading:
    """The hand-made network on one 9x9 picture."""
    picture = np.asarray(picture, dtype=np.float64)
    if picture.shape != (SIZE, SIZE):
        raise ValueError(f"the picture must be {SIZE}x{SIZE}, not {picture.shape[0]}x{picture.shape[1]}")
    maps, rectified, pooled = features_of(picture, features)
    votes = votes_for(pooled, weights if weights is not None else hand_made_weights())
    return XOrOReading(maps, rectified, pooled, votes, max(votes, key=votes.get))


def slide_digits(value: float) -> str:
    """A value as the slides print it: cut (not rounded) to two decimals, so 7/9 shows as 0.77."""
    return f"{np.trunc(value * 100) / 100 + 0.0:.2f}"  # + 0.0: a cut -0.001 reads 0.00, not -0.00
