"""The two classroom lessons on convolution, as plain NumPy: filtering a 6x6 image by hand, and the toy
"X or O" network (features, ReLU, max pooling, votes). `python -m model.lessons --json` prints their numbers."""
