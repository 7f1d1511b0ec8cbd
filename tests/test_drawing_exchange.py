import json

import numpy as np
import pytest
from PIL import Image
from test_drawing_store import assert_same_drawing, stroke_drawing

from model.drawing import RasterDrawing
from model.drawing_exchange import ImportReport, export_drawings, import_drawings
from model.drawing_files import read_file_entries, sample_to_json, write_ndjson
from model.drawing_store import DrawingStore
from model.generator import generate_drawing, workshop_raster


def write_png(path, vertical=True):
    image = np.full((50, 40), 255, np.uint8)
    if vertical:
        image[5:45, 18:22] = 0
    else:
        image[5:45, 5:35] = np.where(np.eye(40, 30, dtype=bool), 0, 255)[:40]
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(image).save(path)


def test_import_of_good_and_bad_files_reports_each_bad_one_and_imports_the_rest(tmp_path, alphabet):
    rng = np.random.default_rng(3)
    workshop = tmp_path / "workshop"
    workshop.mkdir()
    for k, name in enumerate(("fe", "ur", "tyr")):
        ink = workshop_raster(generate_drawing(alphabet, alphabet.index(name), rng, (240, 240))).ink
        (workshop / f"{name}_{k}.json").write_text(json.dumps({"rune": name, "data": ink.tolist()}))
    (workshop / "broken.json").write_text("{")
    (workshop / "kitten.json").write_text(json.dumps({"rune": "kitten", "data": [[0, 255], [255, 0]]}))
    (workshop / "blank.json").write_text(json.dumps({"rune": "fe", "data": [[0] * 24] * 24}))
    write_png(tmp_path / "pngs" / "isa" / "one.png")
    write_png(tmp_path / "pngs" / "isa" / "two.png", vertical=False)
    write_png(tmp_path / "pngs" / "cat" / "three.png")
    (tmp_path / "pngs" / "isa" / "fake.png").write_bytes(b"not a png")
    Image.fromarray(np.full((30, 30), 255, np.uint8)).save(tmp_path / "pngs" / "isa" / "smudge.png")  # no ink
    lines = [json.dumps({"word": "sol", "drawing": [[[0, 5, 9], [9, 0, 9]]]}),
             json.dumps({"word": "dog", "drawing": [[[0, 5, 9], [9, 0, 9]]]}),
             json.dumps({"drawing": [[[0, 5], [0, 9]]]})]
    (tmp_path / "quickdraw.ndjson").write_text("\n".join(lines) + "\n")
    progress = []

    store = DrawingStore()
    report = import_drawings(store, [workshop, tmp_path / "pngs", tmp_path / "quickdraw.ndjson"],
                             progress=lambda done, total: progress.append((done, total)))
    assert report.imported == 6 == len(store)
    assert report.by_kind == {"strokes": 1, "raster": 3, "png": 2}
    assert report.by_rune["isa"] == 2 and report.by_rune["sol"] == 1 and report.by_rune["kaun"] == 0
    bad = {(path.name, reason.split(":")[0]) for path, reason in report.bad}
    assert {name for name, _ in bad} == {"broken.json", "kitten.json", "blank.json", "three.png", "fake.png",
                                          "smudge.png", "quickdraw.ndjson"}
    reasons = dict(report.bad)
    assert "not valid JSON" in reasons[workshop / "broken.json"]
    assert "'kitten' is not a rune" in reasons[workshop / "kitten.json"]
    assert "no ink" in reasons[workshop / "blank.json"]
    assert "put it in a folder named after its rune, one of fe, ur" in reasons[tmp_path / "pngs" / "cat" / "three.png"]
    assert "no ink" in reasons[tmp_path / "pngs" / "isa" / "smudge.png"] and "folder" not in reasons[
        tmp_path / "pngs" / "isa" / "smudge.png"], "its folder is right: no advice about folders"
    quickdraw = [reason for path, reason in report.bad if path.name == "quickdraw.ndjson"]
    assert quickdraw[0].startswith("line 2: 'dog' is not a rune") and quickdraw[1].startswith("line 3: no rune")
    assert progress[-1] == (1200, 1200) and len(progress) == 12  # hundredths of the 12 files
    assert {e.source for e in store.list()} == {"imported"}
    assert "Imported 6 drawings (1 strokes, 3 raster, 2 png) from 6 files." in report.summary()

    again = import_drawings(store, [workshop])
    assert again.imported == 0 and again.duplicates == 3 and len(store) == 6


def test_export_then_import_gives_back_every_drawing_whole(tmp_path, alphabet):
    rng = np.random.default_rng(5)
    source = DrawingStore(tmp_path / "a.sqlite3")
    source.add(stroke_drawing(), "collected")
    source.add(generate_drawing(alphabet, 7, rng), "corrected")
    source.add(workshop_raster(generate_drawing(alphabet, 2, rng, (240, 240))), "imported")
    source.add(RasterDrawing(np.pad(np.eye(30, dtype=np.float32), 3), "isa"), "imported")
    assert export_drawings(source, tmp_path / "all.ndjson").written == 4
    first = json.loads((tmp_path / "all.ndjson").read_text().splitlines()[0])
    assert first["word"] == "kaun" and first["drawing"][0] == [[10.5, 10.5], [20.25, 200.0], [0.0, 120.0]]
    assert first["pressure"][0] == [0.4, 0.9] and first["canvas"] == [240, 240] and first["source"] == "collected"

    target = DrawingStore(tmp_path / "b.sqlite3")
    report = import_drawings(target, [tmp_path / "all.ndjson"])
    assert report.imported == 4 and not report.bad
    for a, b in zip(source.drawings(), target.drawings()):
        assert (a.entry.label, a.entry.source, a.entry.created, a.entry.kind) == (
            b.entry.label, b.entry.source, b.entry.created, b.entry.kind)
        assert_same_drawing(a.sample, b.sample)
    assert export_drawings(target, tmp_path / "again.ndjson").written == 4
    assert (tmp_path / "again.ndjson").read_text() == (tmp_path / "all.ndjson").read_text()
    assert export_drawings(target, tmp_path / "isa.ndjson", label="isa").written == 1


def test_a_bad_line_costs_only_that_line_and_a_big_file_reports_progress_and_stops(tmp_path, alphabet):
    rng = np.random.default_rng(3)
    lines = [json.dumps(sample_to_json(generate_drawing(alphabet, i % 16, rng))) for i in range(60)]
    big = tmp_path / "big.ndjson"
    big.write_text("\n".join(lines) + '\n{"word": "fe", "drawing": [[[0, 5' + "\n")  # cut off mid-line
    with big.open("ab") as handle:
        handle.write(b'{"word": "fe\xff", "drawing": []}\n')  # a byte that is not UTF-8 costs its line only
    store = DrawingStore()
    progress = []
    report = import_drawings(store, [big], progress=lambda done, total: progress.append((done, total)))
    assert report.imported == 60 and report.files_read == 1
    assert report.bad == [(big, "line 61: not valid JSON (Expecting ',' delimiter)"),
                          (big, "line 62: not UTF-8 text (invalid start byte)")]
    # after 25 and 50 lines, by how much of the file was read, and at the end
    assert [done for done, _ in progress] == [41, 85, 100] and progress[-1] == (100, 100)
    assert "Imported 60 drawings (60 strokes) from 1 file." in report.summary()

    def stop(done, total):
        raise KeyboardInterrupt  # what a cancelled task's progress call does (TaskCancelled in the app)

    with pytest.raises(KeyboardInterrupt):
        import_drawings(DrawingStore(tmp_path / "other.sqlite3"), [big], progress=stop)


def test_a_big_file_is_read_as_it_goes_so_an_import_can_stop_before_the_end(tmp_path, alphabet):
    rng = np.random.default_rng(4)
    big = tmp_path / "big.ndjson"
    write_ndjson(big, (sample_to_json(generate_drawing(alphabet, i % 16, rng)) for i in range(400)))
    entries = read_file_entries(big)
    first = next(entries)
    assert first.line == 1 and first.sample.label == "fe" and first.share_read < 0.01  # not the whole file first
    entries.close()

    calls = []

    def stop(done, total):
        calls.append(done)
        raise KeyboardInterrupt  # the app's Cancel: TaskCancelled from the progress call

    with pytest.raises(KeyboardInterrupt):
        import_drawings(DrawingStore(tmp_path / "s.sqlite3"), [big], progress=stop)
    assert calls == [6]  # after 25 of 400 lines


def test_rune_names_match_whatever_their_case_and_a_long_list_of_problems_is_cut_short(tmp_path, alphabet):
    write_png(tmp_path / "pngs" / "ISA" / "one.png")  # a folder named in capitals
    lines = [json.dumps({"word": " Sol ", "drawing": [[[0, 5, 9], [9, 0, 9]]]})]
    lines += [json.dumps({"word": "dog", "drawing": [[[0, 5, 9], [9, 0, k]]]}) for k in range(40)]
    (tmp_path / "mixed.ndjson").write_text("\n".join(lines) + "\n")
    store = DrawingStore()
    report = import_drawings(store, [tmp_path / "pngs", tmp_path / "mixed.ndjson"])
    assert report.imported == 2 and {e.label for e in store.list()} == {"isa", "sol"}
    summary = report.summary()
    assert "40 could not be imported:" in summary and summary.count("is not a rune") == 30
    assert summary.endswith("… and 10 more.")


@pytest.mark.parametrize("stop_at", ["first", "last"])
def test_a_stopped_export_leaves_the_file_that_was_there(tmp_path, alphabet, stop_at):
    rng = np.random.default_rng(6)
    store = DrawingStore(tmp_path / "s.sqlite3")
    for index in range(10):
        store.add(generate_drawing(alphabet, index % 16, rng))
    target = tmp_path / "out.ndjson"
    target.write_text("an earlier export\n")
    calls = []

    def stop(done, total):
        calls.append(done)
        if (stop_at == "first") or done == total:  # Cancel at once, or in the last stretch (as at shutdown)
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_drawings(store, target, progress=stop)
    assert target.read_text() == "an earlier export\n" and not list(tmp_path.glob("*.part")), "no temporary file left"
    assert calls == ([0] if stop_at == "first" else [0, 10])
    assert export_drawings(store, target).written == 10 and len(target.read_text().splitlines()) == 10


def test_a_stopped_import_keeps_every_drawing_read_before_the_stop(tmp_path, alphabet):
    rng = np.random.default_rng(8)
    big = tmp_path / "big.ndjson"
    write_ndjson(big, (sample_to_json(generate_drawing(alphabet, i % 16, rng)) for i in range(100)))
    calls = []

    def stop(done, total):
        calls.append(done)
        if len(calls) == 2:  # Cancel after 49 drawings were read, far fewer than a batch
            raise KeyboardInterrupt

    store, report = DrawingStore(tmp_path / "s.sqlite3"), ImportReport()
    with pytest.raises(KeyboardInterrupt):
        import_drawings(store, [big], progress=stop, report=report)
    assert len(store) == 49 == report.imported == len(report.ids), "what was read is saved, and the report says so"


def test_odd_values_in_a_file_cost_at_most_their_line_and_a_summary_quotes_them_short(tmp_path, alphabet):
    good = {"word": "isa", "drawing": [[[5, 5], [0, 20]]]}
    lines = [json.dumps({**good, "drawing": [[[5, 5 + k], [0, 20]]]}) for k in range(3)]
    lines.append(json.dumps({**good, "drawing": [[[7, 7], [0, 20]]], "canvas": [1e20, 1e20]}))  # no screen's size
    lines.append('{"word": "isa", "drawing": [[[5, 1' + "0" * 400 + '], [0, 20]]]}')  # too large for a float
    lines.append(json.dumps({**good, "word": "x" * 5_000_000, "drawing": [[[9, 9], [0, 20]]]}))  # a 5 MB 'word'
    lines += [json.dumps({**good, "drawing": [[[5, 9 + k], [0, 20]]]}) for k in range(3)]
    (tmp_path / "odd.ndjson").write_text("\n".join(lines) + "\n")
    store = DrawingStore()
    report = import_drawings(store, [tmp_path / "odd.ndjson"])
    assert report.imported == 7 == len(store) and store.get(report.ids[3]).sample.canvas_size is None
    assert [reason for _, reason in report.bad] == [
        "line 5: stroke 1 x holds a value that is not a finite number",
        f"line 6: '{'x' * 40}…' is not a rune of Younger Futhark"]
    assert len(report.summary()) < 500
