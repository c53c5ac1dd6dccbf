"""Output is written all or nothing, with the permissions a plain write would give."""
from __future__ import annotations

import os
import stat

import pytest

from mentorkit.output import OutputError, replacing_dir, write_bytes_atomic


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_written_file_is_readable_by_others_like_a_plain_write(tmp_path, umask_022):
    target = tmp_path / "out.pdf"
    write_bytes_atomic(target, b"%PDF")
    assert target.read_bytes() == b"%PDF"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]  # no temporary file left


def test_replaced_folder_is_readable_by_others(tmp_path, umask_022):
    with replacing_dir(tmp_path / "site") as staging:
        (staging / "index.html").write_text("new")
    assert stat.S_IMODE((tmp_path / "site").stat().st_mode) == 0o755


def test_failure_inside_replacing_dir_keeps_the_old_folder(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    with pytest.raises(RuntimeError):
        with replacing_dir(site) as staging:
            (staging / "index.html").write_text("half")
            raise RuntimeError("build failed")
    assert (site / "index.html").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_unwritable_place_is_an_output_error(tmp_path):
    with pytest.raises(OutputError) as caught:
        write_bytes_atomic("/proc/nope/x.pdf", b"x")
    assert "cannot write" in caught.value.message
