"""Upload temporary files live under the data directory (``FILE_UPLOAD_TEMP_DIR``); a worker killed
mid-upload leaves its ``tmp*.upload*`` file behind, so stale ones are swept daily."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

STALE_AFTER = datetime.timedelta(hours=6)


@dataclass(frozen=True)
class SweepResult:
    removed: int
    freed_bytes: int
    kept: int


def temp_dir() -> Path | None:
    path = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    return Path(path) if path else None


_ensured: set[str] = set()


def ensure_temp_dir() -> None:
    path = temp_dir()
    if path is not None and str(path) not in _ensured:
        path.mkdir(parents=True, exist_ok=True)
        _ensured.add(str(path))


def sweep_stale(*, older_than: datetime.timedelta = STALE_AFTER, now: float | None = None) -> SweepResult:
    """Delete upload temporary files not modified for ``older_than`` (an upload in progress writes
    to its file, so its modification time stays fresh). Only files named like Django's are touched."""
    path = temp_dir()
    removed = freed = kept = 0
    if path is None or not path.is_dir():
        return SweepResult(0, 0, 0)
    cutoff = (time.time() if now is None else now) - older_than.total_seconds()
    for entry in path.iterdir():
        if not entry.is_file() or not (entry.name.startswith("tmp") and ".upload" in entry.name):
            continue
        try:
            stat = entry.stat()
            if stat.st_mtime >= cutoff:
                kept += 1
                continue
            entry.unlink()
        except FileNotFoundError:  # finished (moved) or swept by another run meanwhile
            continue
        removed += 1
        freed += stat.st_size
    return SweepResult(removed, freed, kept)
