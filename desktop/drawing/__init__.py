"""A drawing as the window handles it: stroke geometry, undo history, painting, autosave, thumbnails,
the list the dataset browser shows."""
