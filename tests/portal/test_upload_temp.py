"""Upload temporary files live under the data directory and stale ones are swept (issue 16 item 6)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings as django_settings
from django.core.management import call_command

from ocop_portal.tasks import sweep_upload_temp
from ocop_portal.uploads import tempfiles


def test_upload_temp_dir_is_under_the_data_directory():
    temp = Path(django_settings.FILE_UPLOAD_TEMP_DIR)
    assert Path(django_settings.DATA_DIR) in temp.parents
    assert temp.is_dir()


def _age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def _files(tmp_path):
    old = tmp_path / "tmpab12cd.upload.pdf"
    old_bare = tmp_path / "tmpzz99.upload"
    fresh = tmp_path / "tmpef34gh.upload.xlsx"
    other = tmp_path / "keep-me.txt"
    for path in (old, old_bare, fresh, other):
        path.write_bytes(b"x" * 1000)
    for path in (old, old_bare, other):
        _age(path, 30)
    _age(fresh, 0.5)
    return old, old_bare, fresh, other


def test_sweep_removes_stale_upload_files_and_keeps_fresh_ones(tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    old, old_bare, fresh, other = _files(tmp_path)
    result = tempfiles.sweep_stale()
    assert (result.removed, result.freed_bytes, result.kept) == (2, 2000, 1)
    assert not old.exists() and not old_bare.exists()
    assert fresh.exists() and other.exists()  # an upload in progress; not an upload file


def test_command_and_beat_task_sweep(tmp_path, settings, capsys):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    old, _old_bare, fresh, _other = _files(tmp_path)
    call_command("sweep_upload_temp", hours=1)
    assert "2 stale upload file(s) removed" in capsys.readouterr().out
    assert not old.exists() and fresh.exists()
    _age(fresh, 7)
    assert sweep_upload_temp() == {"removed": 1, "freed_bytes": 1000, "kept": 0}
    entry = django_settings.CELERY_BEAT_SCHEDULE["sweep-upload-temp"]
    assert entry["task"] == sweep_upload_temp.name
