"""The app's widgets, one per module; each receives plain data (arrays, dataclasses) through methods."""
