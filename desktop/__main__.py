"""`python -m desktop`: start Runesight (see `desktop.app`)."""

import multiprocessing
import sys

from desktop import startup_clock  # noqa: F401  (first: starts the clock for the start-up figures)
from desktop.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen app's recognition process starts through this executable
    sys.exit(main())
