"""The person's own drawings: the store, collect mode, corrections, the dataset browser's commands."""
