import json
import os
import subprocess
import sys
import time
from pathlib import Path

import keras
import pytest

from model.model_files import read_metadata, save_model
from model.model_versions import SHIPPED, ModelVersion, ModelVersions, VersionError
from model.network import build_network
from model.recognizer import Recognizer
from model.resource_files import SHIPPED_MODEL_PATH

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def network():
    keras.utils.set_random_seed(0)
    return build_network()


def test_versions_are_added_listed_switched_and_reset_to_the_shipped_model(runesight_home, network):
    versions = ModelVersions()
    assert versions.folder == runesight_home / "models"
    assert [v.id for v in versions.versions()] == [SHIPPED] and versions.active().path == SHIPPED_MODEL_PATH
    first = versions.add(network, {"mode": "fine-tune", "personal_drawings": 80, "created": "2026-11-24T05:00:00"})
    assert first.id == "v0001" and versions.active().id == SHIPPED, "a new version is not active by itself"
    assert read_metadata(first.path)["version"] == "v0001" and not list(versions.folder.glob("*.part"))
    second = versions.add(network, {"mode": "scratch"}, activate=True)
    assert [v.id for v in versions.versions()] == [SHIPPED, "v0001", "v0002"]
    assert versions.active() == second and ModelVersions().active() == second, "the choice is kept on disk"
    assert first.title == "Version 1 (fine-tune, 80 of your drawings), 2026-11-24 05:00"
    assert (first.short_name, versions.versions()[0].short_name) == ("version 1", "shipped model")
    Recognizer.load(versions.active().path)
    versions.activate("v0001")
    assert versions.active().id == "v0001"
    assert versions.reset_to_shipped().is_shipped and versions.active().is_shipped
    with pytest.raises(VersionError, match="no model version 'v0009'"):
        versions.activate("v0009")


def test_rollback_goes_back_through_the_earlier_choices(network):
    versions = ModelVersions()
    for _ in range(3):
        versions.add(network, {}, activate=True)
    assert versions.active().id == "v0003" and versions.previous().id == "v0002"
    assert versions.active().id == "v0003", "asking where a rollback would go changes nothing"
    assert versions.rollback().id == "v0002" and versions.active().id == "v0002"
    versions.activate("v0003")
    versions.remove("v0002")  # no longer active: may go
    assert versions.previous().id == "v0001"
    assert versions.rollback().id == "v0001", "a removed version is skipped"
    assert versions.rollback().id == SHIPPED and versions.previous() is None
    with pytest.raises(VersionError, match="no earlier model"):
        versions.rollback()
    with pytest.raises(VersionError, match="cannot be removed"):
        versions.remove(SHIPPED)


def test_the_active_version_cannot_be_removed_and_a_missing_one_falls_back_to_shipped(network):
    versions = ModelVersions()
    version = versions.add(network, {}, activate=True)
    with pytest.raises(VersionError, match="is the active model"):
        versions.remove(version.id)
    version.path.unlink()
    assert versions.active().is_shipped and "v0001 is missing" in versions.problem
    (versions.folder / "active.json").write_text("{nonsense")
    fresh = ModelVersions()
    assert fresh.active().is_shipped and "unreadable" in fresh.problem


def test_a_candidate_is_accepted_as_a_new_version_or_discarded(network):
    versions = ModelVersions()
    candidate = versions.new_candidate_path("run-1")
    save_model(network, candidate, {"mode": "fine-tune"})
    accepted = versions.add_file(candidate, activate=True)
    assert accepted.id == "v0001" and versions.active() == accepted and not candidate.exists()
    assert read_metadata(accepted.path) == {"mode": "fine-tune", "version": "v0001"}
    rejected = versions.new_candidate_path("run-2")
    save_model(network, rejected, {})
    versions.discard_candidate(rejected)
    assert not rejected.exists() and not rejected.with_suffix(".json").exists()
    assert [v.id for v in versions.versions()] == [SHIPPED, "v0001"]
    assert json.loads((versions.folder / "active.json").read_text())["active"] == "v0001"


def test_a_removed_version_is_forgotten_in_the_rollback_history(network):
    versions = ModelVersions()
    first, second = versions.add(network, {}), versions.add(network, {})
    for version_id in (first.id, second.id, first.id):
        versions.activate(version_id)
    assert json.loads((versions.folder / "active.json").read_text())["history"] == [SHIPPED, "v0001", "v0002"]
    versions.remove(second.id)
    assert not second.path.exists() and not second.path.with_suffix(".json").exists()
    state = json.loads((versions.folder / "active.json").read_text())
    assert state == {"active": "v0001", "history": [SHIPPED]}, "v0002 is gone, and v0001 does not follow itself"
    again = versions.add(network, {"mode": "scratch"})
    assert again.id == second.id, "the id is free again…"
    assert versions.rollback().is_shipped, "…so rollback must not take the new model for the removed one"


def test_a_version_whose_file_cannot_be_deleted_is_kept_with_its_history(network, undeletable):
    versions = ModelVersions()
    version = versions.add(network, {}, activate=True)
    versions.reset_to_shipped()
    before = (versions.folder / "active.json").read_text()
    undeletable(version.path)
    with pytest.raises(PermissionError):
        versions.remove(version.id)
    assert version.path.is_file() and version.path.with_suffix(".json").is_file()
    assert (versions.folder / "active.json").read_text() == before and versions.rollback().id == version.id


@pytest.mark.parametrize("recorded", ["2026-11-24T05:00:00+00:00", "2026-11-24T05:00:00Z"])
def test_a_version_says_when_it_was_made_by_the_persons_clock(monkeypatch, recorded):
    monkeypatch.setenv("TZ", "Europe/Oslo")  # UTC+1 in November
    time.tzset()
    try:
        version = ModelVersion("v0003", Path("v0003.keras"), {"mode": "scratch", "created": recorded})
        assert version.title == "Version 3 (scratch), 2026-11-24 06:00"
    finally:
        monkeypatch.undo()
        time.tzset()


def a_stopped_process_id() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_an_empty_or_damaged_version_is_set_aside_at_start_and_the_choice_falls_back_plainly(network):
    versions = ModelVersions()
    first = versions.add(network, {"mode": "fine-tune"})
    second = versions.add(network, {"mode": "fine-tune"}, activate=True)
    third = versions.add(network, {"mode": "fine-tune"})
    second.path.write_bytes(b"")  # as a power cut left it, before writes were synced
    third.path.write_bytes(third.path.read_bytes()[:1000])
    tidying = ModelVersions()
    notes = tidying.tidy()
    assert len(notes) == 1 and "Model version 3 was damaged" in notes[0], "the active one is told of by problem"
    assert "no longer in the Model menu" in notes[0]
    assert [v.id for v in versions.versions()] == [SHIPPED, first.id], "neither is offered any more"
    kept = sorted(versions.folder.glob("v000[23].keras.unreadable-*"))
    assert len(kept) == 2 and kept[0].stat().st_size == 0, "set aside, never deleted"
    assert tidying.active().is_shipped and str(kept[0]) in tidying.problem
    assert tidying.problem.startswith("The active model, version 2, could not be read (its file was empty, and is kept")
    again = ModelVersions()
    assert again.active().is_shipped and again.problem is None, "said once: the shipped model is the choice now"
    assert versions.add(network, {}).id == "v0004", "the ids of the ones set aside are not given out again"
    (versions.folder / "active.json").write_bytes(b"")
    assert again.active().is_shipped and "it is empty" in again.problem


def test_leftovers_of_a_stopped_program_are_cleaned_at_start_and_nothing_else(network):
    versions = ModelVersions()
    dead, alive = a_stopped_process_id(), os.getpid()
    folder, candidates = versions.folder, versions.candidates_dir
    left = [folder / f".v0001.keras.{dead}.abcd_123.part", folder / f".v0001.keras.{dead}.abcd_123.part.keras",
            folder / f".active.json.{dead}.zz99zz99.part", candidates / f".run-1.keras.{dead}.k2k2k2k2.part"]
    running = [folder / f".v0002.keras.{alive}.abcdefgh.part"]  # this program is still writing it
    theirs = [folder / "notes.part", folder / ".notes.part", folder / "v0001.keras.backup"]
    for path in left + running + theirs:
        path.write_bytes(b"half")
    save_model(network, candidates / f"run-20261201-101010.{dead}.keras", {})  # its run ended; no one accepted it
    offered = versions.new_candidate_path("run-20261201-121212")  # this program may still offer it
    save_model(network, offered, {})
    notes = versions.tidy()
    assert notes == ["A retrained model from a session that ended before it was accepted or rejected was removed; "
                     "retrain again to get it back."]
    assert not any(path.exists() for path in left)
    assert all(path.exists() for path in running + theirs)
    assert sorted(p.name for p in candidates.iterdir()) == sorted([offered.name, offered.with_suffix(".json").name])


KILLED_EXPORT = """
import sys, time
from pathlib import Path
from model.drawing_files import write_ndjson

def objects():
    yield {"word": "fe", "drawing": []}
    print("writing", flush=True)
    time.sleep(60)

write_ndjson(Path(sys.argv[1]), objects())
"""


def test_a_killed_export_leaves_no_partial_copy_in_the_persons_folder_after_the_next_start(tmp_path):
    from model.atomic_files import remove_leftovers_at_start

    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "mine.part").write_text("the person's own")
    lookalike = exports / ".notes.abcd1234.part"  # named as temporary files were before they carried a process id
    lookalike.write_text("the person's own too")
    os.utime(lookalike, (time.time() - 3 * 86400,) * 2)
    writer = subprocess.Popen([sys.executable, "-c", KILLED_EXPORT, str(exports / "all.ndjson")], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline() == "writing\n"
    writer.kill()
    writer.wait(10)
    assert len(list(exports.glob(".all.ndjson.*.part"))) == 1
    assert remove_leftovers_at_start() == 1
    assert sorted(p.name for p in exports.iterdir()) == [".notes.abcd1234.part", "mine.part"]
