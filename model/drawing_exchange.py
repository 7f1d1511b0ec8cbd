"""Moving drawings between files and the drawing store.

Import reads anything `model.drawing_files` reads (our own export, Quick, Draw!-style ndjson, the
workshop's `{"rune", "data"}` files, PNGs in one folder per rune). A bad file, an unknown rune or an
unusable drawing is reported by name with the reason and skipped; the rest still import, and what was
read is saved even when the import stops half-way (a Cancel, a database that cannot be written). Export
writes one JSON Lines file: either our own lines (the Quick, Draw! layout plus our own fields; they
import back whole, source and creation time included) or the Quick, Draw! data set's simplified format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from model.alphabet import Alphabet
from model.drawing import RasterDrawing, Sample
from model.drawing_files import (
    DrawingFileError,
    FileEntry,
    iter_drawing_files,
    read_file_entries,
    sample_to_json,
    write_ndjson,
)
from model.drawing_store import SOURCES, DrawingStore, StoreError, drawing_digest
from model.quickdraw_format import quickdraw_object
from model.wording import counted, quoted

KINDS = ("strokes", "raster", "png")  # drawings with strokes; rasters from JSON (workshop, ours); PNG images
BATCH = 500  # drawings per transaction while importing
BATCH_NUMBERS = 100_000  # ... or fewer, once they hold this many numbers (points x 3, pixels): a Cancel waits
# for a transaction, and 500 of the largest drawings allowed would take minutes to save
STEPS_PER_FILE = 100  # progress counts hundredths of a file, so one big file still moves the bar (and can stop)
CHECK_EVERY = 25  # drawings between progress calls inside a file
CHECK_BYTES = 2**17  # ... or fewer, once this much of the file was read: a Cancel stops after one big drawing
LISTED_PROBLEMS = 30  # the summary names this many bad drawings; a broken file of thousands of lines would bury it


@dataclass
class ImportReport:
    imported: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    by_rune: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0  # already in the store (or twice in the import): skipped, not an error
    # (file, why) for a drawing already there (or earlier in the import) under another rune: not added
    conflicts: list[tuple[Path, str]] = field(default_factory=list)
    files_read: int = 0
    bad: list[tuple[Path, str]] = field(default_factory=list)  # (file, why), one entry per bad drawing or file
    ids: list[int] = field(default_factory=list)  # the new drawings' ids in the store (to undo the import)

    def summary(self) -> str:
        kinds = ", ".join(f"{count:,} {kind}" for kind, count in self.by_kind.items() if count)
        lines = [f"Imported {counted(self.imported, 'drawing')} ({kinds or 'none'}) from "
                 f"{counted(self.files_read, 'file')}."]
        if self.duplicates:
            was = "was" if self.duplicates == 1 else "were"
            lines.append(f"{counted(self.duplicates, 'drawing')} {was} already there and skipped.")
        if self.conflicts:
            was = "was" if len(self.conflicts) == 1 else "were"
            lines.append(f"{counted(len(self.conflicts), 'drawing')} {was} already there under another rune and "
                         f"{'was' if len(self.conflicts) == 1 else 'were'} not added:")
            lines += [f"  {path}: {reason}" for path, reason in self.conflicts[:LISTED_PROBLEMS]]
            if len(self.conflicts) > LISTED_PROBLEMS:
                lines.append(f"  … and {len(self.conflicts) - LISTED_PROBLEMS:,} more.")
        if self.bad:
            lines.append(f"{len(self.bad):,} could not be imported:")
            lines += [f"  {path}: {reason}" for path, reason in self.bad[:LISTED_PROBLEMS]]
            if len(self.bad) > LISTED_PROBLEMS:
                lines.append(f"  … and {len(self.bad) - LISTED_PROBLEMS:,} more.")
        return "\n".join(lines)


def _named(sample: Sample, alphabet: Alphabet) -> Sample:
    """The sample under the alphabet's own spelling of its rune ('Fe' or a folder 'FE' is fe)."""
    name = alphabet.name_for(sample.label) if sample.label is not None else None
    return sample.with_label(name) if name is not None and name != sample.label else sample


def _kind(sample: Sample, path: Path) -> str:
    if isinstance(sample, RasterDrawing):
        return "png" if path.suffix.lower() == ".png" else "raster"
    return "strokes"


def _numbers(sample: Sample) -> int:
    """How many numbers the drawing holds: what saving it costs."""
    if isinstance(sample, RasterDrawing):
        return int(sample.ink.size)
    return 3 * sample.point_count


def _unexpected(error: Exception) -> str:
    """A failure nothing foresaw, in as few words as there are: it costs one drawing or file, not the import."""
    return f"an unexpected error ({quoted(error) if str(error) else type(error).__name__})"


def _entries(path: Path) -> Iterator[FileEntry]:
    """The file's entries as `read_file_entries` gives them; a failure to read on becomes a last entry with
    the reason (the drawings read before it still count)."""
    try:
        yield from read_file_entries(path)
    except DrawingFileError as error:
        yield FileEntry(None, problem=str(error).removeprefix(f"{path}: "))
    except Exception as error:  # the rest of this file is lost, not the other files
        yield FileEntry(None, problem=f"could not be read: {_unexpected(error)}")


def _created(fields: dict) -> str | None:
    text = fields.get("created")
    try:
        return datetime.fromisoformat(text).isoformat(timespec="milliseconds") if text else None
    except ValueError:
        return None  # a file's odd time is no reason to refuse its drawing


def import_drawings(
    store: DrawingStore, paths: Iterable[Path], progress: Callable[[int, int], None] | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import every drawing under the paths (files or folders) into the store.

    Drawings from our own export keep their source and creation time; others are 'imported', now.
    `progress(done, total)` counts hundredths of files, and is called every few drawings; it may raise
    to stop the import. Pass a `report` to read what was imported so far after such a stop (it is
    filled as drawings are saved; the drawings read until the stop are saved too). `files_read` counts
    the files that gave at least one drawing. A drawing or file that fails in a way nothing foresaw is
    reported like any bad one.
    """
    files = list(iter_drawing_files(paths))
    report = report if report is not None else ImportReport()
    report.by_rune = {name: report.by_rune.get(name, 0) for name in store.alphabet.names}
    seen: dict[str, str] = {}  # digest -> rune, of the drawings of this import
    pending: list[tuple[Sample, str, str | None, str]] = []
    pending_numbers = 0

    def flush() -> None:
        nonlocal pending_numbers
        pending_numbers = 0
        if not pending:  # no transaction to wait for when there is nothing to save
            return
        report.ids += store.add_many((sample, source, created) for sample, source, created, _ in pending)
        for sample, _, _, kind in pending:
            report.imported += 1
            report.by_kind[kind] += 1
            report.by_rune[sample.label] += 1
        pending.clear()

    total = len(files) * STEPS_PER_FILE
    try:
        for done, path in enumerate(files):
            used, checked_at = False, 0
            for number, entry in enumerate(_entries(path), start=1):
                if progress is not None and (number % CHECK_EVERY == 0 or entry.bytes_read - checked_at >= CHECK_BYTES):
                    checked_at = entry.bytes_read
                    progress(done * STEPS_PER_FILE + min(STEPS_PER_FILE - 1, int(STEPS_PER_FILE * entry.share_read)),
                             total)
                if entry.problem is not None:
                    report.bad.append((path, entry.where + entry.problem))
                    continue
                try:
                    sample = _named(entry.sample, store.alphabet)
                    if sample.label is None:
                        report.bad.append((path, f"{entry.where}no rune name (a PNG's folder or a file's 'word' or "
                                                 "'rune')"))
                        continue
                    source = entry.fields.get("source") if entry.fields.get("source") in SOURCES else "imported"
                    try:
                        store.check(sample, source)
                    except StoreError as error:
                        reason = str(error)
                        if path.suffix.lower() == ".png" and sample.label not in store.alphabet.names:
                            reason += (" (a picture takes the rune's name from its folder: put it in a folder named "
                                       f"after its rune, one of {', '.join(store.alphabet.names)})")
                        report.bad.append((path, entry.where + reason))
                        continue
                    digest = drawing_digest(sample)
                    there = seen.get(digest) or getattr(store.find(sample), "label", None)
                    item = (sample, source, _created(entry.fields), _kind(sample, path))
                except Exception as error:  # one drawing that breaks something unforeseen costs only itself
                    report.bad.append((path, entry.where + _unexpected(error)))
                    continue
                used = True
                if there is not None and there != sample.label:  # which rune it is: the person must decide
                    report.conflicts.append((path, f"{entry.where}labelled {sample.label} here, but the same drawing "
                                                   f"is already there as {there} (kept as {there})"))
                    continue
                if there is not None:
                    report.duplicates += 1
                    continue
                seen[digest] = sample.label
                pending.append(item)
                pending_numbers += _numbers(sample)
                if len(pending) >= BATCH or pending_numbers >= BATCH_NUMBERS:
                    flush()
            report.files_read += used
            if progress is not None:
                progress((done + 1) * STEPS_PER_FILE, total)
    finally:  # a stop (Cancel) or a failure keeps the drawings read so far, as the report says
        flush()
    return report


EXPORT_KINDS = ("lossless", "quickdraw")  # our own lines (imports back whole); Quick, Draw!'s simplified data


class Exported(NamedTuple):
    written: int
    damaged: int  # drawings stored damaged, which could not be read: left out of the file
    without_strokes: int = 0  # pictures, which the Quick, Draw! format has no place for: left out of it


def export_drawings(store: DrawingStore, path: Path, label: str | None = None,
                    progress: Callable[[int, int], None] | None = None, kind: str = "lossless") -> Exported:
    """Write the store's drawings (or one rune's) to a JSON Lines file; returns how many, and how many
    were left out because they are stored damaged (or, in Quick, Draw!'s format, have no strokes).

    `kind` is "lossless" (our own lines: every point, time and pressure, pictures too) or "quickdraw"
    (the Quick, Draw! data set's simplified format, see `model.quickdraw_format`).
    `progress(done, total)` is called every few drawings and may raise to stop; the file is written
    whole or not at all, so a stopped export leaves what was there before.
    """
    if kind not in EXPORT_KINDS:
        raise ValueError(f"unknown kind of export {kind!r}; known: {', '.join(EXPORT_KINDS)}")
    total = len(store.list(label))
    damaged: list[int] = []
    without_strokes = 0

    def line(stored) -> dict | None:
        if kind == "lossless":
            return sample_to_json(stored.sample, source=stored.entry.source, created=stored.entry.created)
        return quickdraw_object(stored.sample, drawing_digest(stored.sample), stored.entry.created,
                                stored.entry.source)

    def objects() -> Iterator[dict]:
        nonlocal without_strokes
        for done, stored in enumerate(store.iter_drawings(label, damaged)):
            if progress is not None and done % CHECK_EVERY == 0:
                progress(min(done, total), total)
            if (obj := line(stored)) is None:
                without_strokes += 1
            else:
                yield obj
        if progress is not None:  # the last chance to stop: after this the file is renamed into place
            progress(total, total)

    written = write_ndjson(Path(path), objects())
    return Exported(written, len(damaged), without_strokes)
