"""The packaged app's entry point (PyInstaller builds `dist/Runesight/Runesight` from this file).

`multiprocessing.freeze_support()` comes first: the app starts its recognition and training
processes with the "spawn" method, which, in a frozen app, runs this same executable again with
multiprocessing's own arguments; `freeze_support()` turns such a start into the child's work and
exits, before anything of the window is imported.

Besides the app's own options (`--self-test`, `--model`, see `python -m desktop --help`) the
executable answers two that are not for people:
- `-c CODE` runs Python code, as `python -c` does: `model.compute_devices` asks for GPUs by running
  `sys.executable -c ...`, and in a frozen app `sys.executable` is this executable;
- `--check-processes` checks both kinds of child process from the bundle, for `make dist-check`
  (see `bundle_checks.py`).
"""

import multiprocessing
import sys


def run_code(code: str) -> int:
    sys.argv = ["-c", *sys.argv[3:]]
    exec(compile(code, "<string>", "exec"), {"__name__": "__main__"})
    return 0


def main() -> int:
    multiprocessing.freeze_support()
    if len(sys.argv) >= 3 and sys.argv[1] == "-c":
        return run_code(sys.argv[2])
    from desktop.common import startup_clock  # noqa: F401  (first of the app: starts the clock for the start-up figures)

    if sys.argv[1:] == ["--check-processes"]:
        from bundle_checks import check_processes

        return check_processes()
    from desktop.app import main as app_main

    return app_main()


if __name__ == "__main__":
    sys.exit(main())
