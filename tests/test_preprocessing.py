import numpy as np
import pytest

from model.drawing import Drawing, RasterDrawing, Stroke
from model.preprocessing import (
    CONTENT_SIZE,
    INPUT_SIZE,
    PEN_WIDTH,
    BlankDrawing,
    InvalidDrawing,
    normalize_raster,
    normalize_strokes,
    preprocess,
    rasterize_strokes,
    render_strokes,
    without_stray_marks,
)


def ink_box(image, threshold=0.3):
    rows = np.flatnonzero((image > threshold).any(axis=1))
    cols = np.flatnonzero((image > threshold).any(axis=0))
    return rows[0], rows[-1], cols[0], cols[-1]


def test_a_lone_vertical_stroke_stays_a_thin_centred_line():
    image = rasterize_strokes([np.array([[300.0, 40.0], [300.0, 500.0]])])
    top, bottom, left, right = ink_box(image)
    assert image.shape == (INPUT_SIZE, INPUT_SIZE) and image.dtype == np.float32
    assert right - left + 1 <= 3, "isa must not be stretched sideways"
    assert bottom - top + 1 >= CONTENT_SIZE
    assert abs((left + right) / 2 - (INPUT_SIZE - 1) / 2) <= 1
    assert abs((top + bottom) / 2 - (INPUT_SIZE - 1) / 2) <= 1


def test_aspect_ratio_is_kept_and_position_and_scale_do_not_matter():
    wide = np.array([[0.0, 0.0], [200.0, 0.0], [200.0, 100.0]])
    a = rasterize_strokes([wide])
    b = rasterize_strokes([wide * 0.1 + [1234.5, -77.0]])
    np.testing.assert_allclose(a, b, atol=0.02)
    top, bottom, left, right = ink_box(a)
    width, height = right - left, bottom - top
    assert width == pytest.approx(2 * height, rel=0.2)


def test_drawing_is_centred_by_its_bounding_box():
    shape = [np.array([[0.0, 0.0], [10.0, 0.0]]), np.array([[0.0, 0.0], [0.0, 40.0]])]
    points = np.concatenate(normalize_strokes(shape))
    centre = (points.min(axis=0) + points.max(axis=0)) / 2
    np.testing.assert_allclose(centre, [INPUT_SIZE / 2, INPUT_SIZE / 2])
    assert (points.max(axis=0) - points.min(axis=0)).max() == pytest.approx(CONTENT_SIZE)


@pytest.mark.parametrize("strokes, message", [
    ([], "empty"),
    ([np.zeros((0, 2))], "empty"),
    ([np.array([[5.0, 5.0]])], "single dot"),
    ([np.array([[5.0, 5.0], [5.0, 5.0]]), np.array([[5.0, 5.0]])], "single dot"),
])
def test_blank_drawings_are_reported_as_blank(strokes, message):
    with pytest.raises(BlankDrawing, match=message):
        rasterize_strokes(strokes)


@pytest.mark.parametrize("bad, message", [
    (np.array([[0.0, 0.0], [np.nan, 4.0]]), "not a finite number"),
    (np.array([[0.0, 0.0], [np.inf, 4.0]]), "not a finite number"),
    (np.array([[0.0, 0.0], [1e12, 4.0]]), "beyond"),
    (np.array([1.0, 2.0, 3.0]), "not a list of"),
])
def test_bad_coordinates_give_a_clear_error(bad, message):
    with pytest.raises(InvalidDrawing, match=message):
        rasterize_strokes([np.array([[0.0, 0.0], [1.0, 1.0]]), bad])


def test_rasters_of_any_size_normalise_like_strokes():
    stroke = [np.array([[30.0, 20.0], [30.0, 200.0]]), np.array([[30.0, 60.0], [120.0, 20.0]])]
    from_strokes = rasterize_strokes(stroke)
    for size in (60, 240, 700):
        # The same relative pen as the stroke path: PEN_WIDTH per CONTENT_SIZE of drawing (180 px tall).
        pen = PEN_WIDTH * 180 / CONTENT_SIZE * size / 240
        canvas = render_strokes([s * size / 240 for s in stroke], (size, size), pen)
        from_raster = normalize_raster(canvas * 255)
        assert ink_box(from_raster, 0.5) == pytest.approx(ink_box(from_strokes, 0.5), abs=1)


def test_raster_thin_line_stays_thin_and_bad_rasters_are_reported():
    tall = np.zeros((100, 100), np.uint8)
    tall[10:90, 49:51] = 255
    top, bottom, left, right = ink_box(normalize_raster(tall))
    assert right - left <= 3 and bottom - top >= CONTENT_SIZE
    with pytest.raises(BlankDrawing, match="no ink"):
        normalize_raster(np.zeros((24, 24)))
    with pytest.raises(BlankDrawing, match="dot"):
        normalize_raster(np.pad(np.full((2, 2), 255.0), 10))
    with pytest.raises(BlankDrawing):
        normalize_raster(np.zeros((0, 0)))
    with pytest.raises(InvalidDrawing, match="not finite"):
        normalize_raster(np.full((4, 4), np.nan))
    with pytest.raises(InvalidDrawing, match="2-D"):
        normalize_raster(np.zeros((4, 4, 3)))


def test_preprocess_dispatches_both_kinds_of_drawing():
    drawing = Drawing((Stroke.from_xy([[0, 0], [0, 10], [5, 5]]),), (100, 100), "kaun")
    image = preprocess(drawing)
    assert image.shape == (INPUT_SIZE, INPUT_SIZE) and image.min() >= 0 and image.max() <= 1
    raster = preprocess(RasterDrawing(render_strokes([np.array([[3.0, 3.0], [3.0, 20.0]])], (24, 24), 2.0)))
    assert raster.shape == (INPUT_SIZE, INPUT_SIZE)


def test_a_stray_click_beside_a_rune_is_left_out_but_a_mark_on_it_is_kept():
    stave, twig = np.array([[200.0, 50.0], [200.0, 350.0]]), np.array([[200.0, 120.0], [280.0, 60.0]])
    rune = rasterize_strokes([stave, twig])  # a kaun-like rune drawn at 300 px
    for stray in (np.array([[20.0, 380.0]]), np.array([[380.0, 20.0], [383.0, 24.0]])):  # a click, a slip
        np.testing.assert_array_equal(rasterize_strokes([stave, twig, stray]), rune)
        np.testing.assert_array_equal(rasterize_strokes([stray, stave, twig]), rune)
    np.testing.assert_array_equal(rasterize_strokes([stave, np.array([[20.0, 380.0]])]), rasterize_strokes([stave]))
    dot_on_the_stave = np.array([[201.0, 200.0], [204.0, 203.0]])  # hagall's short-twig form: a dot on a stave
    assert not np.array_equal(rasterize_strokes([stave, dot_on_the_stave]), rasterize_strokes([stave]))
    far_but_large = np.array([[20.0, 380.0], [60.0, 300.0]])  # a real stroke, however far: kept
    assert not np.array_equal(rasterize_strokes([stave, twig, far_but_large]), rune)


def test_a_tick_too_small_for_its_canvas_is_refused_with_a_reason():
    tick = Stroke.from_xy(np.array([[100.0, 100.0], [102.0, 103.0], [104.0, 99.0]]))
    with pytest.raises(BlankDrawing, match="too small to read"):
        preprocess(Drawing((tick,), (500, 400)))
    preprocess(Drawing((tick,)))  # with no canvas to compare with, it is whatever it is
    small_rune = Stroke.from_xy(np.array([[100.0, 100.0], [100.0, 130.0]]))  # 30 px of 400: small, but a rune
    preprocess(Drawing((small_rune,), (500, 400)))
    preprocess(Drawing((small_rune,), (2560, 1600)))  # another program's file naming the whole screen: still read


def test_a_stray_dot_beside_a_rune_in_a_picture_is_left_out_but_a_detached_twig_is_kept():
    rune = np.zeros((24, 24))
    rune[3:21, 10:12] = 255  # a stave, 2 px wide like the workshop's 20 px pen at 24x24
    rune[6:8, 12:17] = 255  # a twig: kaun-like
    clicked = rune.copy()
    clicked[20:22, 1:3] = 255  # a click, a pen's dot wide, down to the left
    np.testing.assert_array_equal(normalize_raster(clicked), normalize_raster(rune))
    above = rune.copy()
    above[0:2, 18:20] = 255  # and one above the rune: rows first, then columns
    np.testing.assert_array_equal(normalize_raster(above), normalize_raster(rune))
    thurs = np.zeros((24, 24))
    thurs[3:21, 4:6] = 255
    thurs[8:16, 8:11] = 255  # its thorn drawn apart from the stave, two empty columns away: a part of the rune
    image = normalize_raster(thurs)
    top, bottom, left, right = ink_box(image)
    assert bottom - top > right - left > 8, "the thorn is kept: the crop is wider than a lone stave"


def test_a_faint_stretch_of_a_stroke_or_a_dashed_line_is_not_taken_for_a_stray_mark():
    stave = np.zeros((24, 24))
    stave[6:21, 11:13] = 1.0
    faint = stave.copy()
    faint[4:6, 11:13] = 0.1  # the pen lighter for a moment (below the crop's threshold) ...
    faint[1:4, 11:13] = 1.0  # ... then pressing again: the stroke's top, not a dot beside it
    assert ink_box(normalize_raster(faint), 0.5)[1] - ink_box(normalize_raster(faint), 0.5)[0] >= CONTENT_SIZE
    top = normalize_raster(faint)[: INPUT_SIZE // 2].sum()
    assert top > normalize_raster(faint)[INPUT_SIZE // 2 :].sum() * 0.5, "the top of the stroke is kept"
    dashed = np.zeros((3, 30))
    dashed[1, ::2] = 1.0  # a dotted line: no part of it is "beside" the rest
    assert ink_box(normalize_raster(dashed))[3] - ink_box(normalize_raster(dashed))[2] >= CONTENT_SIZE - 1


def test_a_drawing_of_many_dots_is_dots_and_none_is_left_out_as_stray():
    """Past MAX_SMALL_STROKES small strokes there is no rune-and-a-click to tidy: each would be measured
    against all the others (5,000 dots took 16 s), so none is looked at."""
    dots = [np.array([[x, y]]) for x, y in np.random.default_rng(0).random((5000, 2)) * 100]
    far = np.array([[400.0, 400.0]])  # a dot far from the rest, that a few dots would lose
    assert len(without_stray_marks([*dots, far])) == len(dots) + 1
    assert rasterize_strokes([*dots, far]).shape == (INPUT_SIZE, INPUT_SIZE)
    rune = [np.array([[0.0, 0.0], [0.0, 100.0]]), np.array([[0.0, 50.0], [40.0, 20.0]])]
    assert len(without_stray_marks([*rune, far])) == 2, "a rune and one click: the click is still left out"
