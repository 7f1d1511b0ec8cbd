import os

import pytest

from model.atomic_files import atomic_write


def test_a_write_is_all_or_nothing_and_keeps_the_files_permissions(tmp_path):
    target = tmp_path / "drawings.ndjson"
    target.write_text("before\n")
    target.chmod(0o600)  # a person's private file stays private

    def fail(temporary):
        temporary.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_write(target, fail)
    assert target.read_text() == "before\n" and [p.name for p in tmp_path.iterdir()] == ["drawings.ndjson"]
    atomic_write(target, lambda temporary: temporary.write_text("after\n"))
    assert target.read_text() == "after\n" and target.stat().st_mode & 0o777 == 0o600

    mask = os.umask(0o022)
    os.umask(mask)
    atomic_write(tmp_path / "new.json", lambda temporary: temporary.write_text("{}"))
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o666 & ~mask  # as open() would make it
