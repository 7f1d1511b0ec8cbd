"""The network behind the window: live recognition, the thread and process workers, the models, how results read."""
