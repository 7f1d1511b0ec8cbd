"""Word mode: the canvas read as a word, glyph by glyph."""
