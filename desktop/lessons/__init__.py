"""The Lessons menu: classroom examples of convolution, each in a window of its own."""
