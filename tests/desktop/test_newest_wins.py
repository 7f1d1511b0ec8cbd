"""Newest request wins, as plain data: one runs, the newest waits, older waiting ones are dropped."""

from desktop.common.newest_wins import NewestWins


def test_one_request_runs_and_only_the_newest_waits():
    requests = NewestWins()
    requests.ask(1)
    assert requests.next() == 1 and requests.next() is None  # one at a time
    requests.ask(2)
    requests.ask(3)  # 2 is dropped: 3 is newer
    assert requests.next() is None, "nothing starts while 1 runs"
    assert requests.done() == 1
    assert requests.next() == 3 and requests.waiting is None


def test_a_dropped_request_never_runs():
    requests = NewestWins()
    requests.ask("a")
    requests.drop_waiting()
    assert requests.next() is None and requests.done() is None
