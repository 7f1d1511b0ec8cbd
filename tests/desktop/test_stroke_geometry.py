"""Canvas geometry as pure functions: no window needed."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.drawing.stroke_geometry import (
    Page,
    PageTransform,
    ink_size,
    page_for_drawing,
    point_segment_distances,
    pressure_widths,
    resample_polyline,
    should_append,
    shown_page,
    smooth_path,
    strokes_touched,
    unit_strokes_to_canvas,
)


def test_a_page_that_fits_is_shown_one_to_one_from_the_top_left():
    assert shown_page(Page(0, 0, 400, 300, opened=True), (800, 800)) == PageTransform(1.0, 0.0, 0.0)


def test_a_page_larger_than_the_view_is_shrunk_uniformly_to_fit():
    transform = shown_page(Page(0, 0, 1600, 600, opened=True), (800, 800))
    assert transform.scale == pytest.approx(0.5)
    np.testing.assert_allclose(transform.to_view(np.array([[0, 0], [1600, 600]])), [[0, 0], [800, 300]])


def test_shown_page_honours_the_page_origin():
    transform = shown_page(Page(-50, -50, 400, 400, opened=True), (200, 200))
    np.testing.assert_allclose(transform.to_view(np.array([[-50, -50], [350, 350]])), [[0, 0], [200, 200]])


def test_to_page_inverts_to_view():
    transform = PageTransform(1.7, 12.0, -3.0)
    points = np.array([[1.0, 2.0], [300.0, 40.0]])
    np.testing.assert_allclose(transform.to_page(transform.to_view(points)), points)
    np.testing.assert_allclose(transform.shifted(5, -2).to_view(points), transform.to_view(points) + (5, -2))


def test_ink_size_is_the_area_grown_to_hold_the_ink():
    assert ink_size([np.array([[10.0, 10.0], [90.0, 50.0]])], (400, 300)) == (400, 300)
    assert ink_size([np.array([[10.0, 10.0], [450.2, 50.0]])], (400, 300)) == (451, 300)
    assert ink_size([], (400.0, 299.5)) == (400, 300)


def test_should_append_skips_points_closer_than_the_spacing():
    assert should_append([], (0, 0))
    assert not should_append([(0, 0)], (0.2, 0.2))
    assert should_append([(0, 0)], (3, 4))


def test_pressure_widths():
    np.testing.assert_allclose(pressure_widths(None, 8.0, 3), [8, 8, 8])
    widths = pressure_widths(np.array([0.0, 0.5, 1.0, 2.0]), 10.0, 4)
    assert widths[1] == pytest.approx(7.0)
    assert widths[0] == pytest.approx(3.0)  # a feather-light touch still shows
    assert widths[2] == widths[3]  # pressure beyond 1 is clipped


def test_smooth_path_starts_and_ends_on_the_stroke():
    points = np.array([[0, 0], [10, 0], [10, 10], [20, 10]], dtype=float)
    path = smooth_path(points)
    np.testing.assert_allclose(path.start, [0, 0])
    np.testing.assert_allclose(path.line_end, [20, 10])
    np.testing.assert_allclose(path.controls, points[1:-1])
    np.testing.assert_allclose(path.ends, [[10, 5], [15, 10]])  # midpoints: tangent-continuous pieces


def test_smooth_path_of_two_points_is_a_line():
    path = smooth_path(np.array([[0, 0], [5, 5]], dtype=float))
    assert len(path.controls) == 0
    np.testing.assert_allclose(path.line_end, [5, 5])


def test_point_segment_distances():
    strokes = [np.array([[0, 0], [10, 0]]), np.array([[0, 10], [10, 10]]), np.array([[5, 5]])]
    np.testing.assert_allclose(point_segment_distances(strokes, (5, 2)), [2, 8, 3])
    np.testing.assert_allclose(point_segment_distances(strokes, (-3, 4))[0], 5.0)  # beyond the end: to the end point


def test_strokes_touched_finds_only_what_the_eraser_passes():
    strokes = [np.array([[0, 0], [100, 0]]), np.array([[0, 50], [100, 50]]), np.array([[0, 100], [100, 100]])]
    assert strokes_touched(strokes, (50, 45), (50, 46), radius=6) == {1}
    assert strokes_touched(strokes, (50, 80), (50, 80), radius=6) == set()


def test_strokes_touched_does_not_skip_a_thin_stroke_in_a_fast_flick():
    strokes = [np.array([[50, 0], [50, 100]])]  # a vertical line
    assert strokes_touched(strokes, (0, 50), (100, 50), radius=3) == {0}


def test_page_for_drawing_uses_the_canvas_and_grows_to_all_ink():
    inside = [np.array([[10, 10], [90, 90]])]
    assert page_for_drawing(inside, (100, 100)) == (0, 0, 100, 100)
    outside = [np.array([[-20, 10], [90, 150]])]
    assert page_for_drawing(outside, (100, 100)) == (-20, 0, 120, 150)


def test_page_for_drawing_without_a_canvas_adds_a_margin():
    left, top, width, height = page_for_drawing([np.array([[100, 100], [200, 150]])], None, margin=0.1)
    assert (left, top) == pytest.approx((90, 90))
    assert (width, height) == pytest.approx((120, 70))


def test_unit_strokes_to_canvas_centres_the_form():
    placed = unit_strokes_to_canvas([np.array([[0, 0], [1, 1]])], (400, 200), fill=0.5)
    np.testing.assert_allclose(placed[0], [[150, 50], [250, 150]])


def test_resample_polyline_spacing_and_ends():
    points = resample_polyline(np.array([[0, 0], [10, 0], [10, 10]]), 2.0)
    np.testing.assert_allclose(points[0], [0, 0])
    np.testing.assert_allclose(points[-1], [10, 10])
    steps = np.hypot(*np.diff(points, axis=0).T)
    assert steps.max() <= 2.0 + 1e-9
