"""The ratio benchmarks (``python bench/run_all.py ratios``): each topic module measures a pair — the
portal and an anchor (Django's admin, openpyxl, ``cp``, LibreOffice, the same page on a small
database) — in the same run, interleaved, and reports ``ours ÷ anchor`` style ratios.

A topic is a module ``bench/ratios/<topic>.py`` (names starting with ``_`` are helpers, not topics)
that defines::

    RATIOS = ("name1", ...)          # the ratio names it produces
    def measure(ctx) -> dict:        # {"ratios": {name: float}, "figures": {label: str}}

``ctx`` is a :class:`Context`. Django is already set up in-process against ``ctx.database_url``
(DEBUG off) when ``measure`` is called. :func:`interleave` runs a pair alternately and returns the
medians; :func:`rate` turns seconds into requests per second.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Context:
    """What a topic module gets: the database, a subprocess environment, a scratch folder, repeats."""

    database_url: str
    env: dict
    work_dir: Path
    repeats: int = 5
    quick: bool = False
    # Extra databases built by the harness's generator, by size (e.g. {1000: "postgres://…/ocop_bench_1k"}).
    sizes: dict = field(default_factory=dict)

    @property
    def database_name(self) -> str:
        return self.database_url.rsplit("/", 1)[-1].split("?", 1)[0]


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of ``fn`` takes (wall clock)."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def interleave(
    anchor: Callable[[], object],
    ours: Callable[[], object],
    *,
    repeats: int = 5,
    warmup: int = 1,
    before: Callable[[], object] | None = None,
    before_anchor: Callable[[], object] | None = None,
    before_ours: Callable[[], object] | None = None,
) -> dict:
    """Run ``anchor`` and ``ours`` alternately (anchor, ours, anchor, ours …) ``repeats`` times each,
    after ``warmup`` untimed calls of each. Untimed before every call: ``before`` (e.g. emptying a
    cache) after ``before_anchor`` / ``before_ours`` for that side only (e.g. switching databases).
    Returns the medians and the raw samples, in seconds."""

    def run(fn, side):
        if side is not None:
            side()
        if before is not None:
            before()
        return timed(fn)

    for _ in range(warmup):
        run(anchor, before_anchor)
        run(ours, before_ours)
    a_times, o_times = [], []
    for _ in range(repeats):
        a_times.append(run(anchor, before_anchor))
        o_times.append(run(ours, before_ours))
    return {
        "anchor": statistics.median(a_times),
        "ours": statistics.median(o_times),
        "anchor_samples": a_times,
        "ours_samples": o_times,
    }


def rate(seconds: float) -> float:
    """Requests per second for one request taking ``seconds``."""
    return 1.0 / seconds if seconds > 0 else float("inf")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
