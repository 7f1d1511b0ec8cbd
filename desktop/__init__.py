"""Runesight's desktop app (PySide6): draw a rune, watch the network read it.

`desktop/` holds the window, its wiring and the workers; `desktop/widgets/` one widget per file.
Only plain data from `model/` reaches the widgets; Keras runs in a separate process.
"""
