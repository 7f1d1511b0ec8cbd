"""`python -m desktop`: start Runesight (see `desktop.app`)."""

import multiprocessing
import sys

from desktop.common import startup_clock  # noqa: F401  (first: starts the clock for the start-up figures)

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen app's recognition process starts through this executable
    # Imported here, not above: the recognition process runs this file again (as "__mp_main__"), and the
    # window's modules and Qt would only slow its start.
    from desktop.app import main

    sys.exit(main())
