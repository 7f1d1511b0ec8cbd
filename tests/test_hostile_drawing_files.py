"""Hostile drawing files: files that pretend to be another format, that demand more than any drawing
needs, that block, and that would be read wrong without a word (issue 21, items 4, 8 and 12)."""

import json
import os
import subprocess

import numpy as np
import pytest
from PIL import Image

from model.drawing import RasterDrawing
from model.drawing_exchange import import_drawings
from model.drawing_files import (
    MAX_DRAWING_BYTES,
    MAX_POINTS,
    MAX_RASTER_PIXELS,
    DrawingFileError,
    read_drawing_file,
    read_drawings,
    read_file_entries,
)
from model.drawing_store import DrawingStore

# A tiny EPS: Pillow knows the format and hands it to Ghostscript, whatever the file is called.
EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n0 0 moveto 10 10 lineto stroke\nshowpage\n"


@pytest.fixture
def spawned(monkeypatch):
    """Every external program anything in the test tries to start (none is started)."""
    started = []

    def refuse(args, *rest, **options):
        started.append(args)
        raise OSError("no programs may be started in this test")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    return started


def test_an_eps_named_png_is_refused_in_plain_words_without_starting_any_program(tmp_path, spawned):
    folder = tmp_path / "fe"
    folder.mkdir()
    (folder / "x.png").write_bytes(EPS)
    report = read_drawings([folder / "x.png"])
    assert spawned == []
    assert report.samples == [] and report.errors == [(folder / "x.png", "not a PNG image, or a damaged one")]


def test_other_image_formats_under_a_png_name_are_refused_too(tmp_path):
    folder = tmp_path / "fe"
    folder.mkdir()
    Image.fromarray(np.zeros((20, 20), np.uint8)).save(folder / "really-a.bmp", format="BMP")
    (folder / "really-a.bmp").rename(folder / "picture.png")
    with pytest.raises(DrawingFileError, match="not a PNG image"):
        read_drawing_file(folder / "picture.png")


def test_a_pipe_named_like_a_drawing_file_is_refused_at_once_instead_of_blocking(tmp_path):
    fifo = tmp_path / "x.ndjson"
    os.mkfifo(fifo)  # nobody writes to it: opening it to read would wait forever
    with pytest.raises(DrawingFileError, match="is not a regular file"):
        list(read_file_entries(fifo))
    png_fifo = tmp_path / "y.png"
    os.mkfifo(png_fifo)
    assert read_drawings([png_fifo]).errors == [(png_fifo, "is not a regular file (a folder, a device or a pipe)")]


def huge_stroke_line(points: int) -> str:
    xs = list(range(points))
    return json.dumps({"word": "isa", "drawing": [[xs, xs, xs]]})


def test_a_line_longer_than_any_drawing_is_refused_before_it_is_parsed_and_the_next_line_still_reads(tmp_path):
    good = json.dumps({"word": "isa", "drawing": [[[5, 5], [0, 20]]]})
    huge = huge_stroke_line(MAX_DRAWING_BYTES // 20)  # about 3 x 9 bytes a point: over the limit
    assert len(huge) > MAX_DRAWING_BYTES
    (tmp_path / "big.ndjson").write_text("\n".join([good, huge, good]) + "\n")
    report = read_drawings([tmp_path / "big.ndjson"])
    assert len(report.samples) == 2
    assert [reason for _, reason in report.errors] == [
        f"line 2: the drawing is larger than any drawing needs (over {MAX_DRAWING_BYTES // 2**20} MB)"]


def test_a_one_drawing_file_larger_than_any_drawing_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "wb") as handle:  # sparse: the size is there, the bytes are never read
        handle.truncate(MAX_DRAWING_BYTES + 1)
    with pytest.raises(DrawingFileError, match=r"the file is larger than any drawing needs \(over \d+ MB\)"):
        read_drawing_file(path)


def test_a_drawing_of_more_points_than_any_drawing_needs_is_refused_in_plain_words(tmp_path):
    (tmp_path / "many.json").write_text(huge_stroke_line(MAX_POINTS + 1))
    with pytest.raises(DrawingFileError, match=f"more than {MAX_POINTS:,} points"):
        read_drawing_file(tmp_path / "many.json")
    many_strokes = {"word": "isa", "drawing": [[[1], [1]]] * (MAX_POINTS + 1)}
    (tmp_path / "strokes.json").write_text(json.dumps(many_strokes))
    with pytest.raises(DrawingFileError, match=f"more than {MAX_POINTS:,} strokes"):
        read_drawing_file(tmp_path / "strokes.json")


def test_a_workshop_raster_larger_than_any_picture_is_refused_before_its_numbers_are_read(tmp_path):
    side = int(MAX_RASTER_PIXELS**0.5) + 1
    (tmp_path / "big.json").write_text(json.dumps({"rune": "fe", "data": [[0] * side] * side}))
    with pytest.raises(DrawingFileError, match=f"{side}x{side} pixels"):
        read_drawing_file(tmp_path / "big.json")


def test_an_import_checks_for_a_cancel_after_every_big_drawing_not_only_every_25(tmp_path, alphabet):
    lines = [huge_stroke_line(9_000) for _ in range(3)]  # each over 128 kB, each allowed
    (tmp_path / "big.ndjson").write_text("\n".join(lines) + "\n")
    calls = []

    def cancel(done, total):
        calls.append(done)
        raise KeyboardInterrupt  # what a Cancel does: the progress call raises

    store = DrawingStore(tmp_path / "d.sqlite3", alphabet)
    with pytest.raises(KeyboardInterrupt):
        import_drawings(store, [tmp_path / "big.ndjson"], cancel)
    assert calls == [33] and len(store) == 0  # stopped at the first big drawing, before the others were read


def test_a_workshop_file_with_values_from_0_to_1_is_read_as_the_same_picture_as_0_to_255(tmp_path):
    picture = np.zeros((24, 24))
    picture[4:20, 10:13] = 1.0
    picture[4:8, 13:18] = 0.5
    (tmp_path / "bytes.json").write_text(json.dumps({"rune": "fe", "data": (picture * 255).astype(int).tolist()}))
    (tmp_path / "unit.json").write_text(json.dumps({"rune": "fe", "data": picture.tolist()}))
    (as_bytes,), (as_unit,) = read_drawing_file(tmp_path / "bytes.json"), read_drawing_file(tmp_path / "unit.json")
    assert isinstance(as_unit, RasterDrawing)
    np.testing.assert_allclose(np.asarray(as_unit.ink, float), np.asarray(as_bytes.ink, float), atol=1)
    assert np.asarray(as_unit.ink).max() == 255


def test_the_same_strokes_under_another_rune_are_named_as_a_conflict_not_counted_as_already_there(tmp_path,
                                                                                                    alphabet):
    strokes = [[[0, 5, 9], [9, 0, 9]]]
    (tmp_path / "first.ndjson").write_text(json.dumps({"word": "sol", "drawing": strokes}) + "\n")
    (tmp_path / "second.ndjson").write_text("\n".join([json.dumps({"word": "sol", "drawing": strokes}),
                                                       json.dumps({"word": "tyr", "drawing": strokes})]) + "\n")
    store = DrawingStore(tmp_path / "d.sqlite3", alphabet)
    import_drawings(store, [tmp_path / "first.ndjson"])
    report = import_drawings(store, [tmp_path / "second.ndjson"])
    assert report.imported == 0 and report.duplicates == 1
    conflict = "line 2: labelled tyr here, but the same drawing is already there as sol (kept as sol)"
    assert report.conflicts == [(tmp_path / "second.ndjson", conflict)]
    summary = report.summary()
    assert "1 drawing was already there and skipped." in summary
    assert "1 drawing was already there under another rune and was not added:" in summary
    assert "labelled tyr here, but the same drawing is already there as sol" in summary


def test_a_large_picture_is_kept_scaled_down_and_reads_as_the_same_rune(tmp_path):
    from model.preprocessing import preprocess

    rows, columns = np.mgrid[:1200, :1600]
    stave = (abs(columns - 800) < 18) & (rows > 100) & (rows < 1100)
    branch = (abs((columns - 800) - (rows - 100)) < 25) & (columns > 800) & (rows < 450)  # fe's upper branch
    picture = np.where(stave | branch, 0, 255).astype(np.uint8)  # a canvas exported at twice its size
    (tmp_path / "fe").mkdir()
    Image.fromarray(picture).save(tmp_path / "fe" / "big.png")
    (kept,) = read_drawing_file(tmp_path / "fe" / "big.png")
    assert kept.ink.shape == (300, 400)  # a quarter: the longer side at most 512
    full = RasterDrawing(255.0 - picture.astype(np.float32), "fe")
    assert np.abs(preprocess(kept) - preprocess(full)).max() < 0.1  # what the network sees: the same
