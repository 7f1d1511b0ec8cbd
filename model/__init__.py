"""Runesight's recognizer core: everything that is not GUI.

Nothing here imports Qt. Importing this package is cheap: Keras is imported only by the modules
that need it (`network`, `recognizer`, `training`, `evaluation`), so the app can show its window
before the framework has loaded.
"""
