"""Export in the Quick, Draw! data set's simplified format (issue 14, item 7), beside our own lossless lines."""

import json
import re

import numpy as np

from model.drawing import Drawing, RasterDrawing, Stroke
from model.drawing_exchange import export_drawings, import_drawings
from model.drawing_store import DrawingStore
from model.quickdraw_format import FIELDS, ramer_douglas_peucker, simplified_strokes


def test_ramer_douglas_peucker_keeps_corners_and_drops_points_on_straight_lines():
    line = np.column_stack([np.linspace(0, 100, 101), np.zeros(101)])
    np.testing.assert_array_equal(ramer_douglas_peucker(line), [[0, 0], [100, 0]])
    corner = np.vstack([line, np.column_stack([np.full(50, 100.0), np.linspace(1, 50, 50)])])
    np.testing.assert_array_equal(ramer_douglas_peucker(corner), [[0, 0], [100, 0], [100, 50]])
    wobble = line + np.column_stack([np.zeros(101), np.where(np.arange(101) % 2, 1.5, 0)])  # within epsilon 2
    assert len(ramer_douglas_peucker(wobble)) == 2


def test_strokes_are_moved_to_the_corner_scaled_to_255_and_made_integers():
    drawing = Drawing((Stroke.from_xy([[110, 60], [110, 460]]),  # 400 units high: scaled by 255 / 400
                       Stroke.from_xy([[110, 60], [310, 260], [310.001, 260.002]])), (800, 600), "kaun")
    strokes = simplified_strokes(drawing)
    assert strokes == [[[0, 0], [0, 255]], [[0, 128], [0, 128]]]
    every = [value for stroke in strokes for axis in stroke for value in axis]
    assert all(isinstance(value, int) and 0 <= value <= 255 for value in every)


def a_store(tmp_path, alphabet):
    store = DrawingStore(tmp_path / "d.sqlite3", alphabet)
    rng = np.random.default_rng(0)
    for k, name in enumerate(("fe", "ur", "tyr")):
        xy = np.cumsum(rng.normal(0, 3, (400, 2)), axis=0) * (k + 1) * 10 + 1000  # long, dense, far from 0
        store.add(Drawing((Stroke.from_xy(xy, np.arange(400) * 8.0),), (3000, 2000), name),
                  "corrected" if name == "ur" else "collected")
    store.add(RasterDrawing(np.eye(24) * 255, "isa"), "imported")
    store.add(Drawing((Stroke.from_xy([[5, 5], [5, 90]]),), None, "isa"))
    return store


def test_the_quickdraw_export_has_the_data_sets_fields_and_leaves_pictures_out_with_a_count(tmp_path, alphabet):
    store = a_store(tmp_path, alphabet)
    result = export_drawings(store, tmp_path / "qd.ndjson", kind="quickdraw")
    assert result.written == 4 and result.without_strokes == 1 and result.damaged == 0
    lines = [json.loads(line) for line in (tmp_path / "qd.ndjson").read_text().splitlines()]
    assert [tuple(line) for line in lines] == [FIELDS] * 4
    assert [line["word"] for line in lines] == ["fe", "ur", "tyr", "isa"]
    assert [line["recognized"] for line in lines] == [True, False, True, True]  # ur was saved as a correction
    assert all(line["countrycode"] == "ZZ" for line in lines)
    keys = [line["key_id"] for line in lines]
    assert all(re.fullmatch(r"\d{16}", key) for key in keys) and len(set(keys)) == 4
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} UTC", line["timestamp"]) for line in lines)
    for line in lines:
        xs = [x for stroke in line["drawing"] for x in stroke[0]]
        ys = [y for stroke in line["drawing"] for y in stroke[1]]
        assert all(len(stroke) == 2 and len(stroke[0]) == len(stroke[1]) for stroke in line["drawing"])
        assert min(xs) == 0 and min(ys) == 0 and max(max(xs), max(ys)) == 255
        assert all(isinstance(v, int) for v in xs + ys)
    assert len(lines[0]["drawing"][0][0]) < 400, "simplified: fewer points than drawn"


def test_the_quickdraw_export_imports_back_as_stroke_drawings(tmp_path, alphabet):
    export_drawings(a_store(tmp_path, alphabet), tmp_path / "qd.ndjson", kind="quickdraw")
    fresh = DrawingStore(tmp_path / "fresh.sqlite3", alphabet)
    report = import_drawings(fresh, [tmp_path / "qd.ndjson"])
    assert report.imported == 4 and report.by_kind["strokes"] == 4 and not report.bad


def test_the_lossless_export_is_still_the_default_and_keeps_everything(tmp_path, alphabet):
    result = export_drawings(a_store(tmp_path, alphabet), tmp_path / "own.ndjson")
    assert result.written == 5 and result.without_strokes == 0
    first = json.loads((tmp_path / "own.ndjson").read_text().splitlines()[0])
    assert len(first["drawing"][0][0]) == 400 and len(first["drawing"][0]) == 3  # every point, with times
