"""Run every benchmark script in bench/ (each prints its own figures), one after the other.

    python bench/run_all.py                 # all bench_*.py
    python bench/run_all.py export pages    # only bench_export.py and bench_pages.py
    python bench/run_all.py ratios [--quick] # the ratio goals on 100 000 products (bench/_ratio_run.py)

Each script runs in its own process with its own throwaway test database; a failing script is
reported and the others still run. The exit status is 1 when any script failed.
"""

import subprocess
import sys
import time
from pathlib import Path

here = Path(__file__).resolve().parent
if sys.argv[1:2] == ["ratios"]:
    sys.exit(
        subprocess.run([sys.executable, str(here / "_ratio_run.py"), *sys.argv[2:]], check=False).returncode
    )
wanted = set(sys.argv[1:])
scripts = [
    s for s in sorted(here.glob("bench_*.py")) if not wanted or s.stem.removeprefix("bench_") in wanted
]
failed = []
started = time.monotonic()
for script in scripts:
    print(f"== {script.name}", flush=True)
    t0 = time.monotonic()
    result = subprocess.run([sys.executable, str(script)], check=False)
    status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
    print(f"== {script.name}: {status} in {time.monotonic() - t0:.0f} s", flush=True)
    if result.returncode != 0:
        failed.append(script.name)
print(
    f"== {len(scripts)} benchmarks in {time.monotonic() - started:.0f} s"
    + (f"; failed: {', '.join(failed)}" if failed else "")
)
sys.exit(1 if failed else 0)
