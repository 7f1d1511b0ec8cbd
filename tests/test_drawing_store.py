import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from model import drawing_store
from model.drawing import Drawing, RasterDrawing, Stroke
from model.drawing_exchange import export_drawings
from model.drawing_store import SCHEMA_VERSION, DrawingStore, NewerStore, StoreError, create_schema
from model.generator import generate_drawing, workshop_raster

ROOT = Path(__file__).resolve().parent.parent


def stroke_drawing(label="kaun"):
    return Drawing(
        (Stroke.from_xy([[10.5, 20.25], [10.5, 200.0]], [0.0, 120.0], [0.4, 0.9]),
         Stroke.from_xy([[10.5, 60.0], [90.0, 10.0], [95.0, 8.0]], [300.0, 350.0, 360.0], [0.5, 0.5, 0.25])),
        (240, 240), label,
    )


def assert_same_drawing(a, b):
    assert type(a) is type(b) and a.label == b.label
    if isinstance(a, RasterDrawing):
        np.testing.assert_array_equal(np.asarray(a.ink), np.asarray(b.ink))
        return
    assert a.canvas_size == b.canvas_size and len(a.strokes) == len(b.strokes)
    for s, t in zip(a.strokes, b.strokes):
        np.testing.assert_allclose(s.points, t.points)
        np.testing.assert_allclose(s.times, t.times)
        np.testing.assert_allclose(s.pressures, t.pressures)


def test_round_trip_keeps_strokes_times_pressure_rasters_and_survives_reopening(runesight_home, alphabet):
    raster = workshop_raster(generate_drawing(alphabet, 4, np.random.default_rng(1), (240, 240)))
    with DrawingStore() as store:
        assert store.path == runesight_home / "drawings.sqlite3" and store.recovery_message is None
        first = store.add(stroke_drawing(), "collected")
        second = store.add(raster, "imported")
        third = store.add(stroke_drawing("tyr"), "corrected")
    with DrawingStore() as store:
        assert store.schema_version == SCHEMA_VERSION
        assert_same_drawing(store.get(first).sample, stroke_drawing())
        assert_same_drawing(store.get(second).sample, raster)
        entries = store.list()
        assert [(e.id, e.label, e.source, e.kind) for e in entries] == [
            (first, "kaun", "collected", "strokes"), (second, "reith", "imported", "raster"),
            (third, "tyr", "corrected", "strokes")]
        assert entries[0].created.endswith("+00:00")
        assert [e.id for e in store.list("tyr")] == [third]
        counts = store.counts_by_label()
        assert list(counts) == list(alphabet.names) and counts["kaun"] == 1 and counts["fe"] == 0
        assert [s.label for s in store.samples()] == ["kaun", "reith", "tyr"]


def test_delete_is_undoable_relabel_changes_the_rune_and_collect_asks_for_the_least_drawn(alphabet):
    store = DrawingStore()
    ids = [store.add(stroke_drawing(name)) for name in alphabet.names[:3]]
    assert store.least_collected() == alphabet.names[3]
    store.delete(ids[0])
    assert len(store) == 2 and store.least_collected() == alphabet.names[0]
    assert store.get(ids[0]).sample.label == alphabet.names[0], "a deleted drawing can still be shown"
    store.restore(ids[0])
    assert len(store) == 3
    store.relabel("tyr", ids[1])
    assert store.get(ids[1]).sample.label == "tyr" and store.counts_by_label()["tyr"] == 1
    store.delete(ids[2])
    assert store.purge_deleted() == 1
    with pytest.raises(StoreError, match="no drawing"):
        store.restore(ids[2])
    with pytest.raises(StoreError, match="no drawing"):
        store.delete(12345)
    with pytest.raises(StoreError, match="no drawing 12345"):
        store.delete(ids[0], 12345)  # several drawings: all of them or none
    assert len(store) == 2 and store.get(ids[0]).entry.label == alphabet.names[0]
    store.relabel("isa", ids[0], ids[1])
    assert store.counts_by_label()["isa"] == 2


def test_find_gives_the_stored_drawing_whatever_its_label_and_not_a_deleted_one(alphabet):
    store = DrawingStore()
    assert store.find(stroke_drawing()) is None
    kept = store.add(stroke_drawing("kaun"))
    found = store.find(stroke_drawing("tyr"))  # the same strokes under another name
    assert (found.id, found.label) == (kept, "kaun") and store.contains(stroke_drawing(None))
    store.delete(kept)
    assert store.find(stroke_drawing()) is None and not store.contains(stroke_drawing())


def test_bad_drawings_are_refused_with_a_reason():
    store = DrawingStore()
    with pytest.raises(StoreError, match="'kitten' is not a rune"):
        store.add(stroke_drawing("kitten"))
    with pytest.raises(StoreError, match="source must be"):
        store.add(stroke_drawing(), "found")
    with pytest.raises(StoreError, match="cannot be used: the drawing is empty"):
        store.add(Drawing((), (240, 240), "fe"))
    with pytest.raises(StoreError, match="not a rune"):
        store.relabel("kitten", 1)
    assert len(store) == 0


def test_a_version_1_database_is_migrated_on_open(runesight_home):
    path = runesight_home / "drawings.sqlite3"
    connection = sqlite3.connect(path)
    create_schema(connection, 1)
    connection.execute(
        "INSERT INTO drawings (label, source, created, canvas_width, canvas_height, strokes) VALUES (?, ?, ?, ?, ?, ?)",
        ("ur", "collected", 1_764_000_000, 400, 300, json.dumps([[[0, 5, 9], [9, 0, 9], [0, 10, 20]]])))
    connection.execute(
        "INSERT INTO drawings (label, source, created, canvas_width, canvas_height, strokes) VALUES (?, ?, ?, ?, ?, ?)",
        ("isa", "corrected", 1_764_000_100, None, None, json.dumps([[[5, 5], [0, 50]]])))
    connection.commit()
    connection.close()
    store = DrawingStore()
    assert store.schema_version == 2 and store.recovery_message is None
    ur, isa = store.drawings()
    assert (ur.entry.label, ur.entry.source, ur.entry.created) == ("ur", "collected", "2025-11-24T16:00:00.000+00:00")
    assert ur.sample.canvas_size == (400, 300) and isa.sample.canvas_size is None
    np.testing.assert_allclose(ur.sample.strokes[0].points, [[0, 9], [5, 0], [9, 9]])
    np.testing.assert_allclose(ur.sample.strokes[0].times, [0, 10, 20])
    assert isa.entry.source == "corrected"
    new = store.add(stroke_drawing())
    assert new == 3 and len(store) == 3
    store.delete(isa.entry.id)  # the migrated table has the new columns
    assert store.counts_by_label()["isa"] == 0


def write_version_1_store(path: Path, rows: list[tuple]) -> None:
    """A store as the first release wrote it: rows of (label, created, strokes as stored)."""
    connection = sqlite3.connect(path)
    create_schema(connection, 1)
    connection.executemany("INSERT INTO drawings (label, source, created, strokes) VALUES (?, 'collected', ?, ?)", rows)
    connection.commit()
    connection.close()


GOOD_V1_STROKES = json.dumps([[[0, 5, 9], [9, 0, 9]]])
BAD_V1_ROWS = [("ur", 0, "{"), ("ur", "yesterday", GOOD_V1_STROKES), ("ur", 10**15, GOOD_V1_STROKES),
               ("ur", 0, '[[[0, 1' + "0" * 400 + '], [0, 1]]]')]  # not JSON, not a time, year 31 million, 1e400


def test_a_version_1_drawing_that_cannot_be_read_costs_only_itself_and_is_kept_apart(runesight_home):
    path = runesight_home / "drawings.sqlite3"
    write_version_1_store(path, [("isa", 1_764_000_000, GOOD_V1_STROKES), *BAD_V1_ROWS,
                                 ("tyr", 1_764_000_100, GOOD_V1_STROKES)])
    store = DrawingStore()
    assert [(e.id, e.label) for e in store.list()] == [(1, "isa"), (6, "tyr")] and store.schema_version == 2
    assert store.recovery_message == (f"4 drawings in {path}, saved by an older Runesight, could not be read and were "
                                      "left out; the file keeps them.")
    assert store.set_aside_path is None and store.add(stroke_drawing()) == 7
    store.close()
    kept = sqlite3.connect(path)
    assert kept.execute("SELECT id, strokes FROM unreadable_v1_drawings").fetchall()[0] == (2, "{")
    again = DrawingStore()
    assert again.recovery_message is None and len(again) == 3


def write_foreign_sqlite(path: Path, version: int | None = None) -> None:
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE recipes (name TEXT)")
    if version is not None:
        other.execute(f"PRAGMA user_version = {version}")
    other.commit()
    other.close()


@pytest.mark.parametrize("content, reason", [
    (b"this is not a database, just some bytes that happen to be here" * 100, "file is not a database"),
    (None, "not a Runesight drawing store"),
    (1, "not a Runesight drawing store"),  # another program's file that happens to say version 1 or 2
    (2, "not a Runesight drawing store"),
    (-1, "not a Runesight drawing store"),
])
def test_a_file_that_cannot_be_opened_is_set_aside_and_a_fresh_store_starts(runesight_home, content, reason):
    path = runesight_home / "drawings.sqlite3"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        write_foreign_sqlite(path, content)
    before = path.read_bytes()
    store = DrawingStore()
    assert reason in store.recovery_message
    assert str(store.set_aside_path) in store.recovery_message and "new, empty database" in store.recovery_message
    assert store.set_aside_path.read_bytes() == before, "the old file is kept as it was"
    assert store.set_aside_path.parent == path.parent and store.set_aside_path.name.startswith("drawings.sqlite3.")
    store.add(stroke_drawing())
    store.close()
    again = DrawingStore()
    assert again.recovery_message is None and len(again) == 1


WRITER = """
import sys
import numpy as np
from model.alphabet import load_alphabet
from model.drawing_store import DrawingStore
from model.generator import generate_drawing
alphabet = load_alphabet()
store = DrawingStore()
rng = np.random.default_rng(0)
drawings = [generate_drawing(alphabet, i % 16, rng) for i in range(16)]
number = 0
while True:
    number += 1
    new_id = store.add(drawings[number % 16], "collected")
    print(new_id, flush=True)
"""


def test_a_writer_killed_mid_save_leaves_every_committed_drawing(runesight_home):
    writer = subprocess.Popen([sys.executable, "-c", WRITER], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    committed = []
    deadline = time.monotonic() + 30
    while len(committed) < 40 and time.monotonic() < deadline:
        committed.append(int(writer.stdout.readline()))
    writer.send_signal(signal.SIGKILL)
    committed += [int(line) for line in writer.stdout.read().split()]
    writer.wait(10)
    assert writer.returncode == -signal.SIGKILL and len(committed) >= 40
    store = DrawingStore()
    assert store.recovery_message is None
    stored = {entry.id for entry in store.list()}
    assert set(committed) <= stored and len(stored) <= len(committed) + 1
    for drawing_id in committed:
        assert store.get(drawing_id).sample.point_count > 0


def write_newer_store(path: Path) -> None:
    newer = sqlite3.connect(path)
    create_schema(newer, SCHEMA_VERSION)
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.commit()
    newer.close()


def test_a_store_saved_by_a_newer_runesight_is_refused_and_left_as_it_is(runesight_home):
    path = runesight_home / "drawings.sqlite3"
    write_newer_store(path)
    before = path.read_bytes()
    with pytest.raises(NewerStore, match="saved by a newer version of Runesight, and this version cannot read it"):
        DrawingStore()
    assert path.read_bytes() == before and [p.name for p in runesight_home.iterdir()] == ["drawings.sqlite3"]


def test_a_store_opened_read_only_is_never_changed_and_an_old_one_is_upgraded_in_memory(tmp_path):
    old = tmp_path / "old.sqlite3"
    write_version_1_store(old, [("isa", 1_764_000_000, GOOD_V1_STROKES), BAD_V1_ROWS[0]])
    before = old.read_bytes()
    with DrawingStore(old, read_only=True) as store:
        assert [s.label for s in store.samples()] == ["isa"] and "1 drawing in" in store.recovery_message
        with pytest.raises(StoreError, match=f"the drawing database is read-only: {old}"):
            store.add(stroke_drawing())
    assert old.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite3"]
    write_newer_store(tmp_path / "newer.sqlite3")
    (tmp_path / "notes.sqlite3").write_bytes(b"some notes, not a database" * 100)
    write_foreign_sqlite(tmp_path / "recipes.sqlite3", 1)
    for name, reason in [("newer.sqlite3", "saved by a newer version"), ("notes.sqlite3", "not a database"),
                         ("recipes.sqlite3", "not a Runesight drawing store")]:
        before = (tmp_path / name).read_bytes()
        with pytest.raises(StoreError, match=reason):
            DrawingStore(tmp_path / name, read_only=True)
        assert (tmp_path / name).read_bytes() == before
    assert len(list(tmp_path.iterdir())) == 4, "nothing set aside, nothing new"


def test_the_apps_own_store_read_from_the_command_line_leaves_no_files_beside_it(runesight_home):
    with DrawingStore() as written:  # as the app writes it: in WAL mode
        written.add(stroke_drawing())
    before = sorted(p.name for p in runesight_home.iterdir())
    with DrawingStore(written.path, read_only=True) as store:
        assert [s.label for s in store.samples()] == ["kaun"]
    assert sorted(p.name for p in runesight_home.iterdir()) == before


def test_a_save_while_another_program_holds_the_database_says_so(runesight_home, monkeypatch):
    monkeypatch.setattr(drawing_store, "BUSY_WAIT_S", 0.2)  # the real lock, a shorter wait
    store = DrawingStore()
    store.add(stroke_drawing())
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another Runesight in the middle of its own save
    with pytest.raises(StoreError, match="the drawing database is busy in another program"):
        store.add(stroke_drawing("tyr"))
    with pytest.raises(StoreError, match="busy"):
        store.delete(1)
    other.execute("ROLLBACK")
    assert store.add(stroke_drawing("tyr")) == 2 and len(store) == 2


def test_a_stored_drawing_that_cannot_be_read_is_left_out_and_counted(runesight_home, tmp_path):
    store = DrawingStore()
    ids = [store.add(stroke_drawing(name)) for name in ("fe", "ur", "tyr")]
    damage = sqlite3.connect(store.path)
    damage.execute("UPDATE drawings SET drawing = '{bad' WHERE id = ?", (ids[1],))
    damage.commit()
    damage.close()
    assert [s.label for s in store.samples()] == ["fe", "tyr"] and store.unreadable_ids == {ids[1]}
    assert export_drawings(store, tmp_path / "all.ndjson") == (2, 1)
    with pytest.raises(StoreError, match=f"drawing {ids[1]} is stored damaged"):
        store.get(ids[1])
    assert store.entry(ids[1]).label == "ur"
    assert export_drawings(store, tmp_path / "fe.ndjson", label="fe") == (1, 0), "only this export's are counted"
    store.delete(ids[1])  # what the person can do about it
    assert len(store) == 2 and export_drawings(store, tmp_path / "all.ndjson") == (2, 0)


def test_closing_one_window_never_purges_what_another_can_still_undo(alphabet):
    first = DrawingStore()  # window A
    ids = [first.add(stroke_drawing(alphabet.names[i % 16])) for i in range(12)]
    first.delete(*ids[:10])
    second = DrawingStore()  # window B opens, deletes one of its own, and closes
    second.delete(ids[11])
    second.purge_deleted()
    second.close()
    first.restore(*ids[:10])  # A's undo still works
    assert len(first) == 11
    with pytest.raises(StoreError, match=f"no drawing {ids[11]}"):
        first.restore(ids[11])  # B's own deletion went when B closed
    first.delete(ids[0])
    crashed = DrawingStore()  # a window that is killed: its deletion stays hidden, not purged
    crashed.delete(ids[1])
    crashed._users.close()  # what the kernel does for a killed program
    assert first.purge_deleted() == 2, "alone now, A purges what the crashed window left too"
    assert len(first) == 9 and len(DrawingStore()) == 9


SAVER = """
import sys
import numpy as np
from model.alphabet import load_alphabet
from model.drawing_store import DrawingStore
from model.generator import generate_drawing
alphabet = load_alphabet()
store = DrawingStore()
rng = np.random.default_rng(int(sys.argv[1]))
for number in range(400):
    store.add(generate_drawing(alphabet, number % 16, rng), "collected")
    if number % 50 == 0:
        store.delete(store.add(generate_drawing(alphabet, 0, rng), "collected"))
store.purge_deleted()
store.close()
print("done", flush=True)
"""


@pytest.mark.slow
def test_800_saves_from_two_windows_at_once_all_arrive(runesight_home):
    DrawingStore().close()
    savers = [subprocess.Popen([sys.executable, "-c", SAVER, str(seed)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
              for seed in (1, 2)]
    outputs = [saver.communicate(timeout=300)[0] for saver in savers]
    assert outputs == ["done\n", "done\n"] and [saver.returncode for saver in savers] == [0, 0]
    store = DrawingStore()
    assert len(store) == 800 and store.purge_deleted() == 0


def zero_a_table_page(path: Path) -> None:
    """Zero one leaf page of the drawings table, from the middle of the file, as a bad sector would."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    leaves = [number for number in range(1, len(data) // page_size) if data[number * page_size] == 0x0D]
    start = leaves[len(leaves) // 2] * page_size
    data[start:start + page_size] = bytes(page_size)
    path.write_bytes(bytes(data))


def test_one_damaged_page_costs_only_the_drawings_on_it(runesight_home, alphabet):
    store = DrawingStore()
    rng = np.random.default_rng(0)
    store.add_many((generate_drawing(alphabet, i % 16, rng), "collected", None) for i in range(500))
    store.delete(7)
    store.close()
    path = runesight_home / "drawings.sqlite3"
    zero_a_table_page(path)
    damaged = path.read_bytes()
    store = DrawingStore()
    saved = len(store)
    assert 490 <= saved < 499, "one page holds a few drawings; the rest are saved"
    assert store.recovery_message == (
        f"The drawing database {path} was damaged. {saved + 1} drawings of 500 could still be read and were saved "
        f"into a new database; {499 - saved} could not be read. The damaged file was kept as {store.set_aside_path}.")
    assert store.set_aside_path.read_bytes() == damaged, "the damaged file is kept as it was"
    assert store.get(1).sample.point_count > 0 and store.get(500).entry.label == alphabet.names[499 % 16]
    store.restore(7)  # a drawing deleted before the damage is still deleted, and can still be brought back
    store.add(stroke_drawing())
    store.close()
    again = DrawingStore()
    assert again.recovery_message is None and len(again) == saved + 2
    assert not [p for p in runesight_home.iterdir() if p.name.endswith(".part")]
