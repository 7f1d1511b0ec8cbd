"""`python -m model.lessons --json`: every number of both lessons as one JSON line, to check without a window."""

from __future__ import annotations

import argparse
import json

import numpy as np

from model.lessons.filtering import SLIDE_IMAGE, TOP_EDGE_KERNEL, filter_image
from model.lessons.x_or_o import EXAMPLES, read_picture


def lesson_numbers() -> dict:
    first = filter_image(SLIDE_IMAGE, TOP_EDGE_KERNEL)
    readings = {key: read_picture(EXAMPLES[name]) for key, name in (("x", "X"), ("o", "O"))}
    return {
        "filtering": {"map": first.tolist(), "map2": filter_image(first, TOP_EDGE_KERNEL).tolist()},
        "x_or_o": {key: {"maps": r.maps.tolist(), "pooled": r.pooled.tolist(), "votes": r.votes, "answer": r.answer}
                   for key, r in readings.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model.lessons", description=__doc__)
    parser.add_argument("--json", action="store_true", help="one JSON line instead of the readable tables")
    arguments = parser.parse_args(argv)
    numbers = lesson_numbers()
    if arguments.json:
        print(json.dumps(numbers))
        return 0
    np.set_printoptions(precision=2, suppress=True)
    print("Filtering: the 6x6 image with the top-edge kernel\n", np.array(numbers["filtering"]["map"]))
    print("The same kernel over that map\n", np.array(numbers["filtering"]["map2"]))
    for key, reading in numbers["x_or_o"].items():
        print(f"X or O, the {key.upper()} picture: votes {reading['votes']}, answer {reading['answer']}")
        print(" pooled maps\n", np.array(reading["pooled"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
