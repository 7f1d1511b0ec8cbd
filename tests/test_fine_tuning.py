import json

import numpy as np

import train
from model.drawing import Drawing
from model.drawing_augmentation import varied_image, vary
from model.drawing_store import DrawingStore
from model.fine_tuning import RetrainConfig, TrainingProgress, retrain
from model.generator import generate_drawing, workshop_raster
from model.model_files import read_metadata
from model.model_versions import ModelVersions
from model.network import build_network
from model.preprocessing import preprocess
from model.recognizer import Recognizer
from model.retrain_plan import PlannedDrawings, plan_retrain, plan_stored

TINY = RetrainConfig(epochs=1, images_per_rune=2, batch_size=16, evaluation_per_rune=1, generated_pool=64)


def hand(alphabet, per_rune: dict[str, int], seed=0):
    """Drawings of a hand: strokes and workshop rasters, the given number per rune."""
    rng = np.random.default_rng(seed)
    out = []
    for name, count in per_rune.items():
        for k in range(count):
            drawing = generate_drawing(alphabet, alphabet.index(name), rng, (240, 240))
            out.append(workshop_raster(drawing) if k % 2 else drawing)
    return out


def test_the_plan_holds_drawings_back_and_names_runes_with_too_few(alphabet):
    counts = {name: 6 for name in alphabet.names}
    counts.update(fe=2, ur=0, thurs=4)
    samples = hand(alphabet, counts) + [Drawing((), None, "fe"), Drawing((), None, "kitten")]
    samples += [sample.with_label("KAUN") for sample in hand(alphabet, {"kaun": 1})]  # a folder named in capitals
    plan = plan_retrain(samples, alphabet)
    assert plan.counts["kaun"] == 7 and len(plan.held_back["kaun"]) == 1 and len(plan.training["kaun"]) == 6
    assert {sample.label for sample in plan.training["kaun"]} == {"kaun"}
    assert len(plan.held_back["fe"]) == 0, "with fewer than 3, all are trained on"
    assert {s.rune: (s.have, s.training) for s in plan.shortfalls} == {"fe": (2, 2), "ur": (0, 0), "thurs": (4, 3)}
    message = plan.messages()[0]
    assert "need more drawings" in message and "ur: 0 of 5 drawings; generated drawings stand in" in message
    assert "fe: 2 of 5 drawings; generated drawings fill in the rest" in message
    assert len(plan.unusable) == 2 and "empty" in plan.unusable[0] and "'kitten' is not a rune" in plan.unusable[1]


def test_the_plan_made_from_the_store_s_ids_is_the_split_the_run_makes_of_the_drawings_it_reads(
        alphabet, runesight_home):
    counts = {name: 7 for name in alphabet.names}
    counts.update(fe=2, ur=0)
    store = DrawingStore()
    ids = store.add_many((sample.with_label(name), "collected", None) for name, sample in
                         zip([name for name, count in counts.items() for _ in range(count)], hand(alphabet, counts)))
    planned = PlannedDrawings(store.path, tuple(store.labelled_ids()))
    shown = plan_stored(planned.labelled_ids, alphabet)  # what the dialog shows: no drawing read
    store.relabel("sol", ids[0])  # after the plan was shown: the run learns what the plan showed
    samples = planned.read()
    run = plan_retrain(samples, alphabet)  # what the run does with what it reads
    assert shown.counts == run.counts and shown.shortfalls == run.shortfalls and not shown.unusable
    by_id = dict(zip((drawing_id for drawing_id, _ in planned.labelled_ids), samples, strict=True))
    for name in alphabet.names:
        assert [by_id[drawing_id] for drawing_id in shown.held_back[name]] == run.held_back[name]
        assert [by_id[drawing_id] for drawing_id in shown.training[name]] == run.training[name]
    assert samples[0].label == "fe"
    # A drawing gone from the store by the time the run reads it is left out, and said so.
    store.delete(ids[1])
    store.purge_deleted()
    damaged = []
    assert len(planned.read(damaged)) == len(ids) - 1 and damaged == [ids[1]]


def test_variations_differ_a_little_and_are_the_same_for_the_same_seed(alphabet):
    drawing, = hand(alphabet, {"fe": 1})
    raster = workshop_raster(drawing)
    for sample in (drawing, raster):
        original = preprocess(sample)
        a, b = varied_image(sample, np.random.default_rng(1)), varied_image(sample, np.random.default_rng(1))
        other = varied_image(sample, np.random.default_rng(2))
        np.testing.assert_array_equal(a, b)
        assert not np.array_equal(a, other) and not np.array_equal(a, original)
        assert np.corrcoef(a.ravel(), original.ravel())[0, 1] > 0.3, "a variation is still that drawing"
        assert vary(sample, np.random.default_rng(3)).label == "fe"


def test_a_tiny_retrain_reports_progress_compares_and_becomes_a_version(alphabet, base_model):
    samples = hand(alphabet, {name: 3 for name in alphabet.names})
    messages: list[TrainingProgress] = []
    network, report = retrain(samples, base_model, TINY, progress=messages.append)
    assert network is not None and not report.cancelled
    phases = [m.phase for m in messages]
    assert phases[0] == "preparing" and phases[-1] == "finished" and "training" in phases
    fractions = [m.fraction for m in messages]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    epoch_end = [m for m in messages if m.epoch_end]
    assert len(epoch_end) == 1 and epoch_end[0].val_accuracy is not None and epoch_end[0].seconds_left >= 0
    assert report.held_back.after.count == 16 and report.generated.after.count == 16
    assert np.array(report.held_back.confusion).sum() == 16 and len(report.held_back.confusion) == 16
    assert len(report.history) == 1 and "val_loss" in report.history[0]
    assert {s.rune for s in report.shortfalls} == set(alphabet.names), "3 drawings is fewer than 5"
    metadata = report.metadata
    assert metadata["personal_per_rune"]["fe"] == 2 and metadata["held_back_per_rune"]["fe"] == 1
    assert metadata["backend"] == "tensorflow" and metadata["device"] == "CPU" and metadata["epochs_run"] == 1
    assert set(metadata["scores"]["held_back"]) == {"before", "after", "count"}
    version = ModelVersions().add(network, metadata, activate=True)
    recognizer = Recognizer.load(ModelVersions().active().path)
    assert recognizer.metadata["version"] == version.id == "v0001"


def test_a_model_that_reads_the_drawings_already_learns_gently(alphabet, base_model):
    from model.resource_files import SHIPPED_MODEL_PATH

    samples = hand(alphabet, {name: 3 for name in alphabet.names}, seed=4)
    _, known = retrain(samples, SHIPPED_MODEL_PATH, TINY)  # the shipped model reads generated drawings
    assert known.base_reads >= TINY.gentle_above
    assert known.metadata["learning_rate"] == TINY.learning_rate * TINY.gentle_factor
    _, unknown = retrain(samples, base_model, TINY)  # an untrained network reads next to none
    assert unknown.base_reads < TINY.gentle_above and unknown.metadata["learning_rate"] == TINY.learning_rate
    assert known.metadata["learning_rate_chosen"] == unknown.metadata["learning_rate_chosen"] == TINY.learning_rate
    _, scratch = retrain(samples, base_model, RetrainConfig.for_mode("scratch", epochs=1, images_per_rune=2,
                                                                     batch_size=16, generated_pool=64))
    assert scratch.base_reads is None and scratch.metadata["learning_rate"] == scratch.metadata["learning_rate_chosen"]


def test_cancel_stops_the_run_and_leaves_the_active_model(alphabet, base_model):
    versions = ModelVersions()
    before = versions.add(build_network(len(alphabet)), {}, activate=True)
    samples = hand(alphabet, {name: 3 for name in alphabet.names})
    messages = []
    stop = {"now": False}

    def progress(message):
        messages.append(message)
        if message.phase == "training":
            stop["now"] = True

    config = RetrainConfig(epochs=3, images_per_rune=4, batch_size=16, evaluation_per_rune=1, generated_pool=64)
    network, report = retrain(samples, before.path, config, progress=progress, should_stop=lambda: stop["now"])
    assert network is None and report.cancelled and messages[-1].phase == "cancelled"
    assert not [m for m in messages if m.epoch_end], "stopped within the first epoch"
    assert versions.active() == before and [v.id for v in versions.versions()] == ["shipped", "v0001"]


def test_train_py_fine_tune_reads_folders_and_stores_and_writes_a_model_that_evaluate_measures(
        tmp_path, alphabet, base_model, capsys):
    folder = tmp_path / "workshop"
    folder.mkdir()
    for number, sample in enumerate(hand(alphabet, {name: 2 for name in alphabet.names}, seed=4)):
        raster = sample if not isinstance(sample, Drawing) else workshop_raster(sample)
        (folder / f"{number}.json").write_text(json.dumps({"rune": sample.label, "data": raster.ink.tolist()}))
    with DrawingStore(tmp_path / "mine.sqlite3") as store:
        for sample in hand(alphabet, {"fe": 4, "ur": 4}, seed=5):
            store.add(sample)
    out = tmp_path / "mine.keras"
    assert train.main(["fine-tune", "--drawings", str(folder), str(tmp_path / "mine.sqlite3"),
                       "--model", str(base_model), "--out", str(out), "--epochs", "1", "--json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert result["out"] == str(out) and "kaun" in result["runes_filled_in"] and "fe" not in result[
        "runes_filled_in"]
    assert "epoch 1/1" in captured.out and "generated drawings: top-1" in captured.out
    metadata = read_metadata(out)
    assert metadata["personal_per_rune"]["fe"] == 5 and metadata["held_back_per_rune"]["fe"] == 1
    assert metadata["personal_drawings"] == 14 * 2 + 5 + 5
    assert train.main(["evaluate", "--model", str(out), str(folder)]) == 0
    assert train.main(["fine-tune", "--drawings", str(tmp_path / "nothing"), "--out", str(out)]) == 2


def test_fine_tuning_a_model_with_the_non_rune_output_keeps_it(alphabet, tmp_path):
    import keras

    from model.model_files import save_model
    from model.verdict import NON_RUNE_OUTPUT

    keras.utils.set_random_seed(4)
    base = tmp_path / "seventeen.keras"
    outputs = list(alphabet.names) + [NON_RUNE_OUTPUT]
    save_model(build_network(len(alphabet) + 1), base, {"alphabet": alphabet.name, "outputs": outputs})
    for mode in ("fine-tune", "scratch"):
        config = RetrainConfig.for_mode(mode, epochs=1, images_per_rune=2, batch_size=16, evaluation_per_rune=1,
                                        generated_pool=64)
        network, report = retrain(hand(alphabet, {name: 3 for name in alphabet.names}), base, config)
        assert network.outputs[0].shape[-1] == 17 and report.metadata["outputs"] == outputs, mode
        assert report.generated.after.count == 16 and len(report.held_back.confusion) == 16
