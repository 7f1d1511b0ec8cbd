"""Runesight's recognizer core: everything that is not GUI.

Nothing here imports Qt. Importing this package is cheap: Keras is imported only by the modules
that need it (`network`, `training`, `fine_tuning`; `recognizer` only for a model the NumPy forward
pass in `numpy_network` does not run), so the app and its recognition process never load the
framework for the shipped model.
"""
