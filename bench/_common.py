"""Shared helpers for the benchmark scripts (not a benchmark: run_all.py only runs bench_*.py).

Import it first: it puts the project on ``sys.path`` and sets Django up.

* :func:`throwaway_database` — create a test database the way the Django test runner does
  (``test_<NAME>``, migrated, the cache left alone) and drop it afterwards.
* :func:`attach_database` — for a child process: use an existing test database by name.
* :func:`rss_mb` / :func:`peak_rss_mb` / :func:`reset_peak_rss` — current and peak resident set
  size (VmRSS / VmHWM), the peak resettable so that a measurement starts from the current RSS.
* :func:`median_p95` — latency summaries; :func:`fmt_bytes` — sizes.
"""

from __future__ import annotations

import contextlib
import io
import os
import platform
import re
import resource
import statistics
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

# whitenoise warns when collectstatic has not been run; the benchmarks serve no static file
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    raise LookupError(field)


def rss_mb() -> float:
    """Current resident set size (VmRSS)."""
    return _status_mb("VmRSS")


def peak_rss_mb() -> float:
    """Peak resident set size since start or the last :func:`reset_peak_rss` (VmHWM).

    Not ``getrusage().ru_maxrss``: on Linux that high-water mark survives ``exec`` (a child process
    starts with its parent's peak) and cannot be reset, so it hides any growth below an earlier peak.
    :func:`ru_maxrss_mb` is printed alongside for reference.
    """
    return _status_mb("VmHWM")


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0: write 5 to /proc/self/clear_refs)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def ru_maxrss_mb() -> float:
    """``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (KiB on Linux) in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fmt_bytes(n: float) -> str:
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("kB", 2**10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:.0f} B"


def median_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return statistics.median(ordered), p95


def environment_line() -> str:
    db = connection.settings_dict
    return (
        f"# {time.strftime('%Y-%m-%d %H:%M')} · Python {platform.python_version()} · Django {django.get_version()}"
        f" · {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']} · {os.cpu_count()} CPUs"
        f" · load {' '.join(f'{x:.1f}' for x in os.getloadavg())} · DEBUG={settings.DEBUG}"
    )


@contextlib.contextmanager
def throwaway_database():
    """A freshly migrated ``test_<NAME>`` database for the duration of the block.

    DEBUG is switched off as in production (and as the test runner does): no query log is kept
    except inside ``CaptureQueriesContext``. Uploaded and generated files go to a temporary
    MEDIA_ROOT, removed at the end.
    """
    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        with tempfile.TemporaryDirectory(prefix="ocop-bench-media-") as media:
            with override_settings(MEDIA_ROOT=media):
                print(environment_line(), flush=True)
                yield connection.settings_dict["NAME"]
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


def attach_database(name: str) -> None:
    """Point the default connection at an existing (test) database; used by child processes."""
    setup_test_environment(debug=False)
    settings.DATABASES["default"]["NAME"] = name
    connection.close()
    connection.settings_dict["NAME"] = name


def seed_demo() -> float:
    """The full demo (``seed_demo``); returns the seconds it took."""
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    return time.perf_counter() - t0


def seed_units_and_users() -> None:
    """Only Quảng Nam's units, the departments and the demo logins (a second or two)."""
    from accounts import demo

    demo.seed(io.StringIO())


def user(username: str):
    from accounts.models import User

    return User.objects.get(username=username)


def logged_in_client(username: str | None):
    from django.test import Client

    client = Client()
    if username:
        client.force_login(user(username))
    return client


_TABLE_RE = re.compile(
    r'^\s*(?:SELECT .*? FROM|INSERT INTO|UPDATE|DELETE FROM|DECLARE .*? FROM)\s+"([^"]+)"', re.S | re.I
)


class QueryCounter:
    """Count (and time) every SQL statement sent on the default connection — no cap, unlike the
    9 000 kept by ``CaptureQueriesContext`` — by kind (SELECT, INSERT, ...) and by main table."""

    def __init__(self, using: str = "default"):
        from django.db import connections

        self.connection = connections[using]
        self.statements: list[str] = []
        self.seconds: list[float] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append(sql)
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds.append(time.perf_counter() - t0)

    def __enter__(self):
        self._wrapper = self.connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    @property
    def total(self) -> int:
        return len(self.statements)

    def by_kind(self) -> Counter:
        return Counter(sql.lstrip().split(None, 1)[0].upper() for sql in self.statements if sql.strip())

    @property
    def db_seconds(self) -> float:
        return sum(self.seconds)

    def by_table(self, *, seconds: bool = False) -> Counter:
        """Statements (or seconds spent in the database) per main table."""
        out = Counter()
        for sql, spent in zip(self.statements, self.seconds, strict=True):
            match = _TABLE_RE.match(sql)
            if match:
                out[match.group(1)] += spent if seconds else 1
        return out

    def slowest(self, n: int = 3) -> list[tuple[float, str]]:
        return sorted(zip(self.seconds, self.statements, strict=True), reverse=True)[:n]
