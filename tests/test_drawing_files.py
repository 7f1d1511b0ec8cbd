import json
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from model.drawing import Drawing, RasterDrawing, Stroke
from model.drawing_files import (
    DrawingFileError,
    read_drawing_file,
    read_drawings,
    read_file_entries,
    sample_to_json,
    write_drawing,
    write_ndjson,
)


def a_drawing():
    return Drawing(
        (Stroke.from_xy([[10.5, 20.25], [10.5, 200.0]], [0.0, 120.0], [0.4, 0.9]),
         Stroke.from_xy([[10.5, 60.0], [90.0, 10.0], [95.0, 8.0]])),
        (240, 240), "kaun",
    )


def test_drawing_round_trip_keeps_points_times_pressure_and_canvas(tmp_path):
    write_drawing(tmp_path / "d.json", a_drawing(), source="collected")
    (back,) = read_drawing_file(tmp_path / "d.json")
    original = a_drawing()
    assert back.label == "kaun" and back.canvas_size == (240, 240)
    for a, b in zip(original.strokes, back.strokes):
        np.testing.assert_allclose(a.points, b.points)
    np.testing.assert_allclose(back.strokes[0].times, [0.0, 120.0])
    np.testing.assert_allclose(back.strokes[0].pressures, [0.4, 0.9])
    obj = json.loads((tmp_path / "d.json").read_text())
    assert obj["word"] == "kaun" and obj["drawing"][0][0] == [10.5, 10.5] and obj["source"] == "collected"


def test_ndjson_holds_many_and_reads_quickdraw_style_lines(tmp_path):
    raster = RasterDrawing(np.eye(24, dtype=np.uint8) * 255, "isa")
    write_ndjson(tmp_path / "all.ndjson", [sample_to_json(a_drawing()), sample_to_json(raster)])
    with open(tmp_path / "all.ndjson", "a") as handle:
        handle.write(json.dumps({"word": "ur", "drawing": [[[0, 5, 9], [9, 0, 9]]]}) + "\n")
    samples = read_drawing_file(tmp_path / "all.ndjson")
    assert [s.label for s in samples] == ["kaun", "isa", "ur"]
    np.testing.assert_array_equal(samples[1].ink, raster.ink)
    lines = (tmp_path / "all.ndjson").read_text().splitlines()
    for ending in ("\r\n", "\r"):  # Windows, and old Mac files
        (tmp_path / "other.ndjson").write_bytes(("\ufeff" + ending.join(lines) + ending).encode())  # with a BOM too
        entries = list(read_file_entries(tmp_path / "other.ndjson"))
        assert [(e.line, e.sample.label) for e in entries] == [(1, "kaun"), (2, "isa"), (3, "ur")]


def test_workshop_files_are_read_as_rasters(tmp_path):
    data = [[0] * 24 for _ in range(24)]
    data[5][5] = 255
    (tmp_path / "w.json").write_text(json.dumps({"rune": "tyr", "data": data}))
    (sample,) = read_drawing_file(tmp_path / "w.json")
    assert isinstance(sample, RasterDrawing) and sample.label == "tyr" and sample.ink[5, 5] == 255


@pytest.mark.parametrize("content, reason", [
    ("{not json", "not valid JSON"),
    ('{"rune": "fe", "data": [[0, 1], [2]]}', "same, non-zero length"),
    ('{"rune": "fe", "data": [[0, 300]]}', "0..255"),
    ('{"word": "fe", "drawing": [[[0, 1], [0]]]}', "different lengths"),
    ('{"word": "fe", "drawing": [[[0, "a"], [0, 1]]]}', "list of numbers"),
    ('{"word": "fe"}', "no 'drawing'"),
    ("[1, 2]", "JSON object"),
])
def test_malformed_files_name_the_file_and_the_reason(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(DrawingFileError, match=reason) as error:
        read_drawing_file(path)
    assert str(path) in str(error.value)


def test_folders_are_read_recursively_and_bad_files_are_skipped(tmp_path):
    (tmp_path / "fe").mkdir()
    write_drawing(tmp_path / "one.json", a_drawing())
    (tmp_path / "broken.json").write_text("{")
    image = np.full((50, 40), 255, np.uint8)
    image[5:45, 18:22] = 0  # dark ink on white paper
    Image.fromarray(image).save(tmp_path / "fe" / "pic.png")
    (tmp_path / "fe" / "notes.txt").write_text("ignored")
    report = read_drawings([tmp_path, tmp_path / "missing.json"])
    assert len(report.samples) == 2
    png = next(s for s in report.samples if isinstance(s, RasterDrawing))
    assert png.label == "fe" and png.ink[20, 20] > 200 and png.ink[0, 0] < 10
    assert [p.name for p, _ in report.errors] == ["broken.json", "missing.json"]


def test_odd_lines_cost_only_themselves(tmp_path):
    good = {"word": "isa", "drawing": [[[5, 5], [0, 20]]]}
    lines = [json.dumps({**good, "canvas": [None, 3]}), "[" * 100_000 + "]" * 100_000, json.dumps(good)]
    (tmp_path / "odd.ndjson").write_text("\n".join(lines) + "\n")
    entries = list(read_file_entries(tmp_path / "odd.ndjson"))
    assert entries[0].sample.label == "isa" and entries[0].sample.canvas_size is None  # a bad canvas is ignored
    assert entries[1].problem == "JSON nested too deeply" and entries[2].sample.label == "isa"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_a_16_bit_grey_png_reads_as_the_same_picture_in_8_bits(tmp_path):
    greys = np.full((40, 40), 255.0)
    greys[5:35, 18:22] = 0.0
    greys[5:35, 16:18] = greys[5:35, 22:24] = 128.0  # anti-aliased edges: the greys between ink and paper
    (tmp_path / "fe").mkdir()
    Image.fromarray(greys.astype(np.uint8)).save(tmp_path / "fe" / "eight.png")
    Image.fromarray((greys * 257).astype(np.uint16)).save(tmp_path / "fe" / "sixteen.png")  # 16-bit grey PNG
    eight, sixteen = read_drawings([tmp_path]).samples
    assert Image.open(tmp_path / "fe" / "sixteen.png").mode.startswith("I")
    np.testing.assert_allclose(sixteen.ink, eight.ink, atol=0.01)  # not clipped at 255 (all paper, no ink)


def test_a_png_that_cannot_be_read_costs_only_itself_and_says_why_in_plain_words(tmp_path):
    folder = tmp_path / "fe"
    folder.mkdir()
    image = np.full((50, 40), 255, np.uint8)
    image[5:45, 18:22] = 0
    Image.fromarray(image).save(folder / "good.png")
    good = (folder / "good.png").read_bytes()
    header = struct.pack(">IIBBBBB", 30000, 30000, 1, 0, 0, 0, 0)  # 900 million pixels in a few bytes
    (folder / "huge.png").write_bytes(good[:8] + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(
        b"\0" * 100)) + png_chunk(b"IEND", b""))
    Image.fromarray(np.zeros((7000, 7000), np.uint8)).save(folder / "large.png")  # 49 million: more than a rune needs
    (folder / "bad-chunk.png").write_bytes(good[:33] + png_chunk(b"sRGB", b"") + good[33:])  # a truncated sRGB chunk
    report = read_drawings([tmp_path])
    assert len(report.samples) == 1 and report.sources == [folder / "good.png"]
    reasons = {path.name: reason for path, reason in report.errors}
    assert reasons == {"huge.png": "the image is too large (more than 4,000,000 pixels)",
                       "large.png": "the image is too large (7000x7000 pixels; at most 4,000,000)",
                       "bad-chunk.png": "the PNG file is damaged"}


def test_numbers_too_large_for_a_float_cost_only_their_line_with_a_plain_reason(tmp_path):
    good = json.dumps({"word": "isa", "drawing": [[[5, 5], [0, 20]]]})
    huge = '{"word": "isa", "drawing": [[[5, 1' + "0" * 400 + '], [0, 20]]]}'
    longer = '{"word": "isa", "drawing": [[[5, 5], [0, 1' + "0" * 5000 + "]]]}"  # beyond Python's 4,300 digits
    (tmp_path / "big.ndjson").write_text("\n".join([good, huge, longer, good]) + "\n")
    report = read_drawings([tmp_path / "big.ndjson"])
    assert len(report.samples) == 2
    assert [reason for _, reason in report.errors] == ["line 2: stroke 1 x holds a value that is not a finite number",
                                                       "line 3: stroke 1 y holds a value that is not a finite number"]


def test_a_canvas_size_no_screen_has_is_ignored_and_the_drawing_kept(tmp_path):
    good = {"word": "isa", "drawing": [[[5, 5], [0, 20]]]}
    lines = [json.dumps({**good, "canvas": canvas}) for canvas in ([1e20, 1e20], [2**63, 500], [0, 0], [640, 480])]
    (tmp_path / "canvas.ndjson").write_text("\n".join(lines) + "\n")
    assert [s.canvas_size for s in read_drawing_file(tmp_path / "canvas.ndjson")] == [None, None, None, (640, 480)]
