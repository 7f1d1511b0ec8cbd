"""Reading and writing drawing files.

The project's own format is laid out like the Quick, Draw! data set's ndjson, so tools made for that
data set read it: one JSON object a drawing, `word` for the label and `drawing` as
`[[x...], [y...], [t...]]` per stroke, plus our own fields (`pressure`, `canvas`, `source`,
`created`, and `raster` for drawings that exist only as pictures). A `.json` file holds one such
object; a `.ndjson` / `.jsonl` file holds one a line.

Also read: the original workshop app's files (`{"rune": name, "data": 24 rows of 24 ints 0..255}`,
the alpha channel of its canvas) and PNG images, labelled by the folder they are in.
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from model.atomic_files import atomic_write
from model.drawing import Drawing, RasterDrawing, Sample, Stroke
from model.preprocessing import MAX_COORDINATE

FORMAT = "runesight-drawing/1"
STROKE_SUFFIXES = {".json", ".ndjson", ".jsonl"}
IMAGE_SUFFIXES = {".png"}
DRAWING_SUFFIXES = STROKE_SUFFIXES | IMAGE_SUFFIXES
OWN_FIELDS = ("source", "created")  # kept in `FileEntry.fields`, so an export imports back whole
# Limits, checked before anything is parsed: a rune needs far less, and more would take minutes and
# gigabytes to read (or never end). A raster exported by us stays within MAX_DRAWING_BYTES.
# The largest allowed drawing still imports in about a second on a 2-core machine, so a Cancel acts soon.
MAX_IMAGE_PIXELS = 4_000_000  # a PNG: 2000 x 2000 (a canvas exported at twice its size fits)
MAX_RASTER_PIXELS = 1_000_000  # a picture written as numbers in JSON: 1000 x 1000
KEPT_SIDE = 512  # a larger picture is kept scaled down to this longer side: the network sees 32 x 32
MAX_POINTS = 10_000  # a drawing's points (and strokes): 80 seconds of drawing at 120 points a second
MAX_DRAWING_BYTES = 8 * 2**20  # one drawing's JSON (a .json file, one line of a JSON Lines file)
MAX_PNG_BYTES = 32 * 2**20  # a PNG file: a 2000 x 2000 picture compresses to far less
SKIP_CHUNK = 2**20  # a line over the limit is skipped a megabyte at a time, never held whole
SIXTEEN_BIT_MODES = ("I", "I;16", "I;16B", "I;16L", "I;16N")  # Pillow's modes for 16-bit grey PNGs


class DrawingFileError(ValueError):
    """A file that holds no usable drawing; the message names the file and the reason."""


@dataclass
class ReadReport:
    samples: list[Sample] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)  # the file each sample came from
    errors: list[tuple[Path, str]] = field(default_factory=list)
    fields: list[dict] = field(default_factory=list)  # our own fields of each sample (source, created)


def is_canvas_size(size: tuple[float, float]) -> bool:
    """Whether a width and height could be a screen's canvas (no screen is 0 or 1e20 pixels wide)."""
    return all(1 <= side <= MAX_COORDINATE for side in size)


def _json_integer(text: str) -> int | float:
    # Python refuses to read an integer of over 4,300 digits; one that long is beyond any float, so infinite
    return int(text) if len(text) <= 4000 else float(text)


def _finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _number_list(values, what: str) -> list[float]:
    if not isinstance(values, list) or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        raise ValueError(f"{what} must be a list of numbers")
    if not all(_finite(v) for v in values):
        raise ValueError(f"{what} holds a value that is not a finite number")
    return values


def _raster_from_rows(rows, what: str) -> np.ndarray:
    """Rows of ink values as 0..255. Values written as fractions that all lie in 0..1 are ink from 0 to 1
    (some tools write the workshop's canvas that way): scaled, not cut to 0 and 1."""
    if not isinstance(rows, list) or not rows or not all(isinstance(row, list) for row in rows):
        raise ValueError(f"{what} must be a list of rows of numbers")
    width = len(rows[0])
    if width == 0 or any(len(row) != width for row in rows):
        raise ValueError(f"{what} rows must all have the same, non-zero length")
    if width * len(rows) > MAX_RASTER_PIXELS:  # before a single number is looked at
        raise ValueError(f"the picture is too large ({width}x{len(rows)} pixels; at most {MAX_RASTER_PIXELS:,})")
    image = np.array([_number_list(row, what) for row in rows], dtype=np.float64)
    if image.min() < 0 or image.max() > 255:
        raise ValueError(f"{what} values must lie in 0..255")
    if image.max() <= 1.0 and np.any(image != np.floor(image)):
        image = image * 255.0
    return np.rint(_kept_size(image)).astype(np.uint8)


def _kept_size(ink: np.ndarray) -> np.ndarray:
    """A picture larger than KEPT_SIDE, scaled down (the mean of each block of pixels) to fit it: all the
    network can see of it, at a fraction of what storing and comparing it would cost."""
    factor = -(-max(ink.shape) // KEPT_SIDE)
    if factor <= 1:
        return ink
    height, width = -(-ink.shape[0] // factor) * factor, -(-ink.shape[1] // factor) * factor
    padded = np.pad(ink, ((0, height - ink.shape[0]), (0, width - ink.shape[1])), mode="edge")
    return padded.reshape(height // factor, factor, width // factor, factor).mean(axis=(1, 3))


def sample_from_json(obj) -> Sample:
    """One drawing object (ours, Quick, Draw!'s or the workshop's) -> Drawing or RasterDrawing."""
    if not isinstance(obj, dict):
        raise ValueError("a drawing must be a JSON object")
    if "rune" in obj and "data" in obj:  # the workshop's format
        if not isinstance(obj["rune"], str):
            raise ValueError("'rune' must be a rune name")
        return RasterDrawing(_raster_from_rows(obj["data"], "'data'"), obj["rune"])
    label = obj.get("word")
    if label is not None and not isinstance(label, str):
        raise ValueError("'word' must be a rune name")
    if obj.get("raster") is not None:
        return RasterDrawing(_raster_from_rows(obj["raster"], "'raster'"), label)
    if "drawing" not in obj:
        raise ValueError("no 'drawing' (strokes), 'raster' or workshop 'data' field")
    raw_strokes = obj["drawing"]
    if not isinstance(raw_strokes, list):
        raise ValueError("'drawing' must be a list of strokes")
    if len(raw_strokes) > MAX_POINTS:
        raise ValueError(f"the drawing has more than {MAX_POINTS:,} strokes, more than any drawing needs")
    if sum(len(raw[0]) for raw in raw_strokes if isinstance(raw, list) and raw and isinstance(raw[0], list)) > (
            MAX_POINTS):  # counted before a single number is checked
        raise ValueError(f"the drawing has more than {MAX_POINTS:,} points, more than any drawing needs")
    pressures = obj.get("pressure") or [None] * len(raw_strokes)
    if not isinstance(pressures, list) or len(pressures) != len(raw_strokes):
        raise ValueError("'pressure' must have one list per stroke")
    strokes = []
    for number, (raw, pressure) in enumerate(zip(raw_strokes, pressures), start=1):
        if not isinstance(raw, list) or len(raw) not in (2, 3):
            raise ValueError(f"stroke {number} must be [[x...], [y...]] or [[x...], [y...], [t...]]")
        xs, ys = _number_list(raw[0], f"stroke {number} x"), _number_list(raw[1], f"stroke {number} y")
        times = _number_list(raw[2], f"stroke {number} t") if len(raw) == 3 else None
        if pressure is not None:
            pressure = _number_list(pressure, f"stroke {number} pressure")
        if len(xs) != len(ys) or (times is not None and len(times) != len(xs)) or (
            pressure is not None and len(pressure) != len(xs)
        ):
            raise ValueError(f"stroke {number} has lists of different lengths")
        if xs:
            strokes.append(Stroke.from_xy(np.column_stack([xs, ys]), times, pressure))
    canvas = obj.get("canvas")
    try:  # only a hint for thumbnails and the canvas: a malformed one is ignored, not the drawing
        canvas_size = tuple(int(side) for side in _number_list(canvas, "'canvas'")) if len(canvas) == 2 else None
    except (TypeError, ValueError, OverflowError):
        canvas_size = None
    if canvas_size is not None and not is_canvas_size(canvas_size):
        canvas_size = None  # no screen is 0 or 1e20 pixels wide: a file's mistake, ignored like any other
    return Drawing(tuple(strokes), canvas_size, label)


def _rounded(values: np.ndarray, digits: int) -> list:
    return [round(float(v), digits) for v in values]


def sample_to_json(sample: Sample, **extra) -> dict:
    """A drawing as our JSON object; `extra` adds fields such as source and created."""
    if isinstance(sample, RasterDrawing):
        ink = np.asarray(sample.ink, dtype=np.float64)
        if ink.max() <= 1.0:
            ink = ink * 255.0
        obj = {"word": sample.label, "drawing": [], "raster": np.rint(ink).astype(int).tolist()}
    else:
        strokes = []
        for stroke in sample.strokes:
            entry = [_rounded(stroke.points[:, 0], 2), _rounded(stroke.points[:, 1], 2)]
            if stroke.times is not None:
                entry.append(_rounded(stroke.times, 1))
            strokes.append(entry)
        obj = {"word": sample.label, "drawing": strokes}
        if any(s.pressures is not None for s in sample.strokes):
            obj["pressure"] = [
                _rounded(s.pressures if s.pressures is not None else np.ones(len(s)), 3) for s in sample.strokes
            ]
        if sample.canvas_size is not None:
            obj["canvas"] = list(sample.canvas_size)
    obj["format"] = FORMAT
    obj.update({key: value for key, value in extra.items() if value is not None})
    return obj


def write_drawing(path: Path, sample: Sample, **extra) -> None:
    """Write one drawing as a `.json` file (all or nothing: a failed write leaves the old file)."""
    text = json.dumps(sample_to_json(sample, **extra), ensure_ascii=False) + "\n"
    atomic_write(Path(path), lambda temporary: temporary.write_text(text, encoding="utf-8"))


def write_ndjson(path: Path, objects: Iterable[dict]) -> int:
    """Write drawing objects (from `sample_to_json`) one a line; returns how many. All or nothing: an error
    (or a cancel raised by the objects' iterator) leaves whatever file was there before."""
    count = 0

    def write(temporary: Path) -> None:
        nonlocal count
        with open(temporary, "w", encoding="utf-8") as handle:
            for obj in objects:
                handle.write(json.dumps(obj, ensure_ascii=False) + "\n")
                count += 1

    atomic_write(Path(path), write)
    return count


def _grey(image) -> np.ndarray:
    """The picture's lightness, 0..255: a 16-bit grey scaled down (Pillow's convert("L") would clip it at 255)."""
    if image.mode in SIXTEEN_BIT_MODES:
        return np.clip(np.asarray(image, dtype=np.float32), 0, 65535) / 257.0
    return np.asarray(image.convert("L"), dtype=np.float32)


def read_png(path: Path) -> RasterDrawing:
    """A PNG as ink: its alpha channel if it has one, else darkness on a light page (or the reverse).
    Raises DrawingFileError, naming the file and why in plain words, for any image that cannot be read."""
    from PIL import Image, UnidentifiedImageError

    try:
        if path.stat().st_size > MAX_PNG_BYTES:
            raise DrawingFileError(f"{path}: the file is larger than any PNG of a drawing needs "
                                   f"(over {MAX_PNG_BYTES // 2**20} MB)")
        # PNG only: Pillow would otherwise read any format it knows under a .png name, and for EPS start
        # Ghostscript on whatever the file holds.
        with Image.open(path, formats=["PNG"]) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise DrawingFileError(f"{path}: the image is too large ({image.width}x{image.height} pixels; "
                                       f"at most {MAX_IMAGE_PIXELS:,})")
            image.load()
            if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
                rgba = image.convert("RGBA")
                alpha = np.asarray(rgba.getchannel("A"), dtype=np.float32)
                if alpha.min() < 250:  # a real alpha channel, not an opaque one
                    grey = np.asarray(rgba.convert("L"), dtype=np.float32)
                    return RasterDrawing(_kept_size(alpha * (1.0 - grey / 510.0)), path.parent.name)
            grey = _grey(image)
    except DrawingFileError:
        raise
    except Image.DecompressionBombError as error:  # Pillow's own, higher, limit: refused before its size is known
        raise DrawingFileError(f"{path}: the image is too large (more than {MAX_IMAGE_PIXELS:,} pixels)") from error
    except UnidentifiedImageError as error:
        raise DrawingFileError(f"{path}: not a PNG image, or a damaged one") from error
    except (OSError, ValueError, SyntaxError, EOFError, struct.error, zlib.error) as error:  # Pillow's decoders' errors
        raise DrawingFileError(f"{path}: the PNG file is damaged") from error
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    ink = 255.0 - grey if np.median(border) >= 128 else grey  # paper is what the border shows
    return RasterDrawing(_kept_size(ink), path.parent.name)


@dataclass(frozen=True)
class FileEntry:
    """One drawing read from a file, or why one line of a JSON Lines file holds none."""

    line: int | None  # the line of a JSON Lines file; None for a file that holds one drawing
    sample: Sample | None = None
    fields: dict = field(default_factory=dict)  # our own fields (source, created) where the file has them
    problem: str | None = None
    share_read: float = 1.0  # of the file, so far: progress inside one big file
    bytes_read: int = 0  # of the file, so far: an import checks for a cancel after every big drawing

    @property
    def where(self) -> str:
        """For messages: 'line 12: ' in a JSON Lines file, nothing for a file's only drawing."""
        return "" if self.line is None else f"line {self.line}: "


def _entry(line: int | None, text: str | bytes, share_read: float, bytes_read: int) -> FileEntry:
    def problem(reason: str) -> FileEntry:
        return FileEntry(line, problem=reason, share_read=share_read, bytes_read=bytes_read)

    try:
        obj = json.loads(text, parse_int=_json_integer)
        sample = sample_from_json(obj)
    except json.JSONDecodeError as error:  # a JSON Lines line is one line: no line within it
        return problem(f"not valid JSON ({error.msg}{'' if line else f' at line {error.lineno}'})")
    except RecursionError:
        return problem("JSON nested too deeply")
    except UnicodeDecodeError as error:
        return problem(f"not UTF-8 text ({error.reason})")
    except ValueError as error:
        return problem(str(error))
    fields = {key: obj[key] for key in OWN_FIELDS if isinstance(obj.get(key), str)}
    return FileEntry(line, sample, fields, share_read=share_read, bytes_read=bytes_read)


TOO_LARGE = f"the drawing is larger than any drawing needs (over {MAX_DRAWING_BYTES // 2**20} MB)"


def _lines(handle) -> Iterator[bytes | None]:
    """The lines of a binary file, each without its end; None for a line over MAX_DRAWING_BYTES, which is
    skipped a chunk at a time rather than read whole."""
    while raw := handle.readline(MAX_DRAWING_BYTES + 1):
        if len(raw) > MAX_DRAWING_BYTES and not raw.endswith(b"\n"):
            while (rest := handle.readline(SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield raw.rstrip(b"\r\n")


def read_file_entries(path: Path) -> Iterator[FileEntry]:
    """The drawings of one file as they are read, so a caller can report progress and stop early.

    A JSON Lines file is read a line at a time: a bad line becomes an entry with a `problem` and the
    rest of the file still reads. Raises DrawingFileError, naming the file, where the file as a whole
    cannot be read (and for a one-drawing file that holds no drawing). Sizes are checked before
    anything is parsed (see MAX_DRAWING_BYTES and the other limits).
    """
    path = Path(path)
    if not path.exists():
        raise DrawingFileError(f"{path}: no such file or folder")
    if not path.is_file():  # a pipe would block the read forever, a device never end
        raise DrawingFileError(f"{path}: is not a regular file (a folder, a device or a pipe)")
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        yield FileEntry(None, read_png(path))
        return
    if suffix not in STROKE_SUFFIXES:
        raise DrawingFileError(f"{path}: not a drawing file (expected {', '.join(sorted(DRAWING_SUFFIXES))})")
    try:
        size = max(1, path.stat().st_size)
        if suffix == ".json":
            if size > MAX_DRAWING_BYTES:
                raise DrawingFileError(f"{path}: the file is larger than any drawing needs "
                                       f"(over {MAX_DRAWING_BYTES // 2**20} MB)")
            entry = _entry(None, path.read_bytes(), 1.0, size)
            if entry.problem is not None:
                raise DrawingFileError(f"{path}: {entry.problem}")
            yield entry
            return
        with open(path, "rb") as handle:  # bytes: tell() works while reading, and one bad byte costs one line
            number = 0
            for raw in _lines(handle):
                position = handle.tell()
                if raw is None:
                    number += 1
                    yield FileEntry(number, problem=TOO_LARGE, share_read=position / size, bytes_read=position)
                    continue
                for line in raw.split(b"\r"):  # an old Mac file ends its lines with CR alone
                    number += 1
                    if line.strip():
                        yield _entry(number, line, position / size, position)
    except OSError as error:
        raise DrawingFileError(f"{path}: cannot be read ({error})") from error


def read_drawing_file(path: Path) -> list[Sample]:
    """All drawings in one file. Raises DrawingFileError naming the file (and line) and the reason."""
    samples = []
    for entry in read_file_entries(path):
        if entry.problem is not None:
            raise DrawingFileError(f"{path}, line {entry.line}: {entry.problem}")
        samples.append(entry.sample)
    return samples


def iter_drawing_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and drawing files found in folders named (recursively, in sorted order)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DRAWING_SUFFIXES)
        else:
            yield path


def read_drawings(paths: Iterable[Path]) -> ReadReport:
    """Read every drawing under the paths; a bad file or line is reported by name and skipped."""
    report = ReadReport()
    for path in iter_drawing_files(paths):
        try:
            entries = list(read_file_entries(path))
        except DrawingFileError as error:
            report.errors.append((path, str(error).removeprefix(f"{path}: ")))
            continue
        for entry in entries:
            if entry.problem is not None:
                report.errors.append((path, entry.where + entry.problem))
            else:
                report.samples.append(entry.sample)
                report.fields.append(entry.fields)
                report.sources.append(path)
    return report
