"""Train and evaluate the model that ships with Runesight.

    python train.py                       train the shipped model from generated drawings
    python train.py evaluate PATH...      score a model on drawing files or folders
    python train.py fine-tune --drawings PATH... --out FILE   teach a model a person's hand
    python train.py --help                all options
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

COMMANDS = ("train", "evaluate", "fine-tune", "read")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="train.py", description="Train and evaluate Runesight's rune recognizer.",
        epilog="With no command, 'train' is run.",
    )
    parser.add_argument("--backend", choices=("tensorflow", "jax", "torch"),
                        help="Keras backend (default: $KERAS_BACKEND or tensorflow)")
    commands = parser.add_subparsers(dest="command")

    train = commands.add_parser(
        "train", help="train the shipped model from generated drawings (default)",
        description="Options left out take the shipped model's recipe (model.training.TrainingConfig).")
    train.add_argument("--seed", type=int, help="random seed: the same seed gives the same model")
    train.add_argument("--out", type=Path, default=None,
                       help="model file to write (default: resources/model/runesight.keras)")
    train.add_argument("--epochs", type=int, help="most epochs; early stopping usually ends sooner")
    train.add_argument("--samples", type=int, help="generated drawings per epoch")
    train.add_argument("--validation", type=int, help="generated drawings to validate on")
    train.add_argument("--patience", type=int, help="epochs without improvement before stopping")
    train.add_argument("--learning-rate", type=float, help="starting learning rate")
    train.add_argument("--start-from", type=Path,
                       help="start from this model's weights (a model without the non-rune output gains it)")
    train.add_argument("--stop-after-minutes", type=float,
                       help="end at the last epoch that finishes within this many minutes (a deadline)")
    train.add_argument("--cosine", action="store_true",
                       help="learning rate falling along a cosine over --epochs (for a short run from --start-from)")
    train.add_argument("--non-rune-share", type=float,
                       help="share of generated drawings that are no rune (0: a model without that output)")

    evaluate = commands.add_parser("evaluate", help="score a model on drawing files or folders")
    evaluate.add_argument("paths", nargs="+", type=Path, help="drawing files (.json, .ndjson, .png) or folders")
    evaluate.add_argument("--model", type=Path, default=None, help="model file (default: the shipped model)")
    evaluate.add_argument("--json", action="store_true", help="print the scores as one JSON object, last line")

    fine = commands.add_parser("fine-tune", help="fine-tune a model on a person's drawings (as the app's dialog does)")
    fine.add_argument("--drawings", nargs="+", type=Path, required=True,
                      help="drawing files, folders (any importable format) or a .sqlite3 drawing store")
    fine.add_argument("--model", type=Path, default=None, help="model to start from (default: the shipped model)")
    fine.add_argument("--out", type=Path, required=True, help="model file to write (.keras; metadata beside it)")
    fine.add_argument("--epochs", type=int, default=None, help="epochs (default: the dialog's default)")
    fine.add_argument("--learning-rate", type=float, default=None, help="learning rate (default: the dialog's)")
    fine.add_argument("--generated-share", type=float, default=None,
                      help="share of generated drawings among the training images, 0..0.95")
    fine.add_argument("--scratch", action="store_true", help="train a new network instead of fine-tuning")
    fine.add_argument("--json", action="store_true", help="print the result as one JSON object, last line")

    read = commands.add_parser("read", help="read each drawing file as a word: its runes, left to right, in Latin "
                               "letters")
    read.add_argument("paths", nargs="+", type=Path, help="drawing files (.json, .ndjson, .png) or folders")
    read.add_argument("--model", type=Path, default=None, help="model file (default: the shipped model)")
    read.add_argument("--json", action="store_true", help="print the words as one JSON list, last line")

    options_first = argv and (argv[0] in ("-h", "--help") or argv[0].startswith("--backend"))
    if not argv or (argv[0] not in COMMANDS and not options_first):
        argv = ["train", *argv]
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "train"])
    return args


def given(**options) -> dict:
    """The options the person gave on the command line (argparse leaves the others None): the rest keep
    the configuration's own defaults."""
    return {name: value for name, value in options.items() if value is not None}


def command_train(args: argparse.Namespace) -> int:
    import keras

    from model.alphabet import load_alphabet
    from model.model_files import save_model
    from model.preprocessing import CONTENT_SIZE, INPUT_SIZE, PEN_WIDTH
    from model.resource_files import SHIPPED_MODEL_PATH
    from model.training import TrainingConfig, train_from_scratch
    from model.verdict import NON_RUNE_OUTPUT

    alphabet = load_alphabet()
    config = TrainingConfig(**given(seed=args.seed, samples_per_epoch=args.samples, validation_samples=args.validation,
                                    max_epochs=args.epochs, patience=args.patience, learning_rate=args.learning_rate,
                                    start_from=args.start_from, non_rune_share=args.non_rune_share,
                                    time_limit=args.stop_after_minutes and args.stop_after_minutes * 60,
                                    cosine_decay=args.cosine or None))
    out = args.out or SHIPPED_MODEL_PATH
    print(f"Training on generated drawings: seed {config.seed}, {config.samples_per_epoch} per epoch, "
          f"backend {keras.backend.backend()}", flush=True)
    network, summary = train_from_scratch(alphabet, config, verbose="auto" if sys.stdout.isatty() else 2)
    metadata = {
        "alphabet": alphabet.name,
        "runes": list(alphabet.names),
        # The network's outputs in order: the runes, then the non-rune class (model.verdict).
        "outputs": list(alphabet.names) + ([NON_RUNE_OUTPUT] if config.outputs else []),
        "input_size": INPUT_SIZE,
        "content_size": CONTENT_SIZE,
        "pen_width": PEN_WIDTH,
        "seed": config.seed,
        "trained_on": "generated drawings only",
        **summary,
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    save_model(network, out, metadata)
    print(f"Wrote {out} (validation top-1 {summary['validation_accuracy']:.2%}, "
          f"{summary['epochs_run']} epochs, {summary['training_seconds']} s)")
    return 0


def model_and_drawings(args: argparse.Namespace):
    """`--model` loaded and every drawing under `paths` read, bad files named on stderr; or the exit code 2,
    with the reason, where there is no model or no drawing."""
    from model.drawing_files import read_drawings
    from model.model_files import ModelLoadError
    from model.recognizer import Recognizer

    try:
        recognizer = Recognizer.load(args.model)
    except ModelLoadError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    read = read_drawings(args.paths)
    for path, reason in read.errors:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    if not read.samples:
        print("error: no drawings found in " + ", ".join(map(str, args.paths)), file=sys.stderr)
        return 2
    return recognizer, read


def command_evaluate(args: argparse.Namespace) -> int:
    from model.evaluation import evaluate_samples

    loaded = model_and_drawings(args)
    if isinstance(loaded, int):
        return loaded
    recognizer, read = loaded
    report = evaluate_samples(recognizer, read.samples, read.sources)
    print(f"model: {recognizer.path}")
    print(report.format())
    if args.json:
        unreadable = {path for path, _ in read.errors}  # a file with only some bad lines is not skipped
        print(json.dumps({**report.to_json(), "files_skipped": len(unreadable - set(read.sources)),
                          "files_with_problems": len(unreadable), "problems": len(read.errors)}))
    return 0


def command_read(args: argparse.Namespace) -> int:
    from model.preprocessing import DrawingError
    from model.word_reading import read_word

    loaded = model_and_drawings(args)
    if isinstance(loaded, int):
        return loaded
    recognizer, read = loaded
    words = []
    for source, sample in zip(read.sources, read.samples):
        try:
            word = read_word(sample, recognizer.recognize_sample, recognizer.alphabet)
        except DrawingError as error:
            print(f"{source}: nothing to read ({error})")
            words.append({"file": str(source), "runes": [], "separators": [], "text": "", "problem": str(error)})
            continue
        runes = " ".join(f"{g.name} {recognizer.alphabet.rune(g.name).glyph}" for g in word.glyphs)
        dividers = ", ".join(f"{d.kind} after rune {d.position}" for d in word.dividers) or "none"
        print(f"{source}: {word.text}  ({runes}; dividers: {dividers})")
        words.append({"file": str(source), "runes": list(word.runes),
                      "probabilities": [round(g.probability, 4) for g in word.glyphs],
                      "separators": [{"kind": d.kind, "position": d.position} for d in word.dividers],
                      "strays": len(word.strays), "text": word.text})
    if args.json:
        print(json.dumps(words, ensure_ascii=False))
    return 0


def read_training_drawings(paths: list[Path]):
    """Drawings from files, folders and drawing stores; returns (samples, problems). A store is only read:
    its file is never changed, whatever state it is in."""
    from model.drawing_files import read_drawings
    from model.drawing_store import DrawingStore, StoreError
    from model.wording import counted

    samples, problems = [], []
    files = []
    for path in paths:
        if path.suffix == ".sqlite3" and path.is_file():
            try:
                with DrawingStore(path, read_only=True) as store:
                    samples += store.samples()
            except StoreError as error:
                problems.append(f"skipped {path}: {error}")
                continue
            if store.recovery_message:
                problems.append(store.recovery_message)
            if store.unreadable_ids:
                problems.append(f"skipped {counted(len(store.unreadable_ids), 'drawing')} in {path}: stored damaged")
        else:
            files.append(path)
    read = read_drawings(files)
    samples += read.samples
    problems += [f"skipped {path}: {reason}" for path, reason in read.errors]
    return samples, problems


def command_fine_tune(args: argparse.Namespace) -> int:
    from model.fine_tuning import RetrainConfig, retrain
    from model.model_files import ModelLoadError, save_model
    from model.resource_files import SHIPPED_MODEL_PATH

    samples, problems = read_training_drawings(args.drawings)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not samples:
        print("error: no drawings found in " + ", ".join(map(str, args.drawings)), file=sys.stderr)
        return 2
    config = RetrainConfig.for_mode("scratch" if args.scratch else "fine-tune", **given(
        epochs=args.epochs, learning_rate=args.learning_rate, generated_share=args.generated_share))
    base = args.model or SHIPPED_MODEL_PATH

    def show(progress) -> None:
        if progress.epoch_end:
            print(f"epoch {progress.epoch}/{progress.epochs}: loss {progress.loss:.4f} accuracy {progress.accuracy:.4f}"
                  f" val_loss {progress.val_loss:.4f} val_accuracy {progress.val_accuracy:.4f}"
                  f"  ({progress.seconds:.0f} s, about {progress.seconds_left:.0f} s left)", flush=True)

    print(f"Fine-tuning {base} on {len(samples)} drawings ({config.mode}, {config.epochs} epochs, "
          f"learning rate {config.learning_rate}, generated share {config.generated_share})", flush=True)
    try:
        network, report = retrain(samples, base, config, progress=show)
    except (ModelLoadError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for line in [s.message for s in report.shortfalls] + report.unusable:
        print(f"note: {line}", file=sys.stderr)
    save_model(network, args.out, report.metadata)
    if report.metadata["learning_rate"] < config.learning_rate:
        print(f"The model already read {report.base_reads:.0%} of the drawings it learned from, so it learned "
              f"gently: learning rate {report.metadata['learning_rate']:g} instead of {config.learning_rate:g}")
    for comparison in (report.held_back, report.generated):
        if comparison is not None:
            print(f"{comparison.title}: top-1 {comparison.before.top1:.2%} before, {comparison.after.top1:.2%} after "
                  f"({comparison.after.count} drawings)")
    print(f"Wrote {args.out} ({report.seconds} s)")
    if args.json:
        print(json.dumps({"out": str(args.out), "seconds": report.seconds, "scores": report.metadata["scores"],
                          "runes_filled_in": report.metadata["runes_filled_in"]}))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.backend:
        os.environ["KERAS_BACKEND"] = args.backend  # must be set before Keras is imported
    from model.tensorflow_logs import import_keras_quietly

    import_keras_quietly()  # before any command imports Keras: no TensorFlow start-up lines in the terminal
    commands = {"train": command_train, "evaluate": command_evaluate, "fine-tune": command_fine_tune,
                "read": command_read}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
