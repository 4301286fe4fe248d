"""``python bench/run_all.py ratios``: build or reuse the bench databases, then run every ratio topic.

    python bench/run_all.py ratios                     # 100 000 products (anchor database: 1 000)
    python bench/run_all.py ratios --quick             # 10 000 products, fewer repeats (a smoke test)
    python bench/run_all.py ratios --only search,scale # some topics (bench/ratios/<topic>.py)
    python bench/run_all.py ratios --repeats 7 --rebuild

The parent process builds the databases (:mod:`_bigdata`), then re-runs this file as a child with
the production-like environment of the big database (DEBUG off, its own Redis db and key prefix),
where Django is set up once and each topic's ``measure(ctx)`` is called. A failing topic is reported
and the others still run. Output: one ``ratio NAME VALUE`` line per ratio, then the figures.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SMALL = 1_000


def _parse(argv):
    parser = argparse.ArgumentParser(prog="run_all.py ratios")
    parser.add_argument("--quick", action="store_true", help="10 000 products, 3 repeats")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--only", default="", help="comma-separated topic names")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the databases")
    parser.add_argument("--size", type=int, default=None, help="products in the big database")
    return parser.parse_args(argv)


def topics(only: str = "") -> list[str]:
    wanted = {t.strip() for t in only.split(",") if t.strip()}
    names = sorted(p.stem for p in (HERE / "ratios").glob("*.py") if not p.stem.startswith("_"))
    return [n for n in names if not wanted or n in wanted]


def main(argv) -> int:
    """Parent: databases, then the child run."""
    import subprocess

    sys.path.insert(0, str(HERE))
    import _bigdata

    args = _parse(argv)
    size = args.size or (10_000 if args.quick else 100_000)
    t0 = time.monotonic()
    small_url = _bigdata.ensure(SMALL, rebuild=args.rebuild)
    big_url = _bigdata.ensure(size, rebuild=args.rebuild)
    print(f"# databases ready in {time.monotonic() - t0:.0f} s", flush=True)
    env = _bigdata.child_env(_bigdata.name_for(size))
    env["OCOP_RATIO_SIZES"] = json.dumps({str(SMALL): small_url, str(size): big_url})
    child = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *argv], env=env, cwd=ROOT, check=False
    )
    print(f"# ratios run in {time.monotonic() - t0:.0f} s", flush=True)
    return child.returncode


def child(argv) -> int:
    """Child: Django on the big database, every topic in turn."""
    args = _parse(argv)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    import ratios
    from django.conf import settings
    from django.db import connection

    # No setup_test_environment(): its instrumented template rendering makes the test client copy the
    # context of every template rendered (a cost production does not have, larger for bigger pages).
    sizes = {int(k): v for k, v in json.loads(os.environ["OCOP_RATIO_SIZES"]).items()}
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M')} · {connection.settings_dict['NAME']} · {os.cpu_count()} CPUs"
        f" · load {' '.join(f'{x:.1f}' for x in os.getloadavg())} · DEBUG={settings.DEBUG}",
        flush=True,
    )
    results, figures, failed, durations = {}, {}, [], {}
    with tempfile.TemporaryDirectory(prefix="ocop-ratios-") as work:
        ctx = ratios.Context(
            database_url=os.environ["DATABASE_URL"],
            env=dict(os.environ),
            work_dir=Path(work),
            repeats=args.repeats or (3 if args.quick else 5),
            quick=args.quick,
            sizes=sizes,
        )
        for topic in topics(args.only):
            t0 = time.monotonic()
            print(f"== {topic}", flush=True)
            try:
                module = importlib.import_module(f"ratios.{topic}")
                out = module.measure(ctx)
                results.update(out.get("ratios", {}))
                figures.update(out.get("figures", {}))
                missing = [n for n in getattr(module, "RATIOS", ()) if n not in out.get("ratios", {})]
                if missing:
                    failed.append(f"{topic} (no {', '.join(missing)})")
            except Exception:  # noqa: BLE001 - one topic failing must not hide the others
                traceback.print_exc()
                failed.append(topic)
            finally:
                connection.close()
            durations[topic] = time.monotonic() - t0
            print(f"== {topic}: {durations[topic]:.0f} s", flush=True)
    for name, value in results.items():
        print(f"ratio {name} {value:.2f}")
    for label, text in figures.items():
        print(f"  {label}: {text}")
    print(
        "# topics: "
        + " · ".join(f"{topic} {seconds:.0f} s" for topic, seconds in durations.items())
        + f" · load {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    if failed:
        print(f"# failed: {'; '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        sys.exit(child(sys.argv[2:]))
    sys.exit(main(sys.argv[1:]))
