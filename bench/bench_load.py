"""Load benchmark (issue 16, item 10): 50 concurrent users, public and staff pages mixed, against
gunicorn with 2 sync workers — behind Debian's nginx when it is installed (as in production) — on the
bench's own PostgreSQL database with the demo data. Locust runs headless, on loopback only, for a
bounded time, and the figures are printed: requests, errors and p50 / p95 / p99 per page group.

    python bench/bench_load.py                     # 50 users, 5 minutes (the issue's measure)
    python bench/bench_load.py --duration 60       # a short run
    python bench/bench_load.py --no-nginx          # gunicorn alone

The portal runs as in production: DEBUG off, the manifest static files (collectstatic into a temporary
folder, served by nginx), Redis cache, ``OCOP_FRONT_SERVER=nginx`` (downloads through X-Accel-Redirect)
and ``OCOP_PROXY_HOPS=1``; only TLS is left out (``OCOP_PLAIN_HTTP=true``, the trial mode). Users are
described in ``locust_portal.py``. Prints figures; asserts nothing. Goal: 0 errors, p99 ≤ 500 ms.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import _common as c

HERE = Path(__file__).resolve().parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def samples() -> dict:
    """Addresses the simulated users request, read from the seeded demo."""
    from django.db.models import Count

    from accounts import access
    from accounts.models import User
    from certificates.models import Certificate
    from dossiers.models import Dossier, DossierDocument
    from products.models import Product, ProductImage

    public = list(Product.objects.public().order_by("pk")[:40])
    images = ProductImage.objects.filter(product__in=public).order_by("pk")[:20]
    district = public[0].commune.parent if public and public[0].commune else None
    staff = {}
    for username in ("demo_province", "demo_district", "demo_district2", "demo_commune", "demo_department"):
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        products = access.visible(user, Product).order_by("pk")[:20]
        dossiers = access.visible(user, Dossier).annotate(n=Count("documents")).order_by("-n", "pk")[:10]
        documents = access.visible(user, DossierDocument).order_by("pk")[:10]
        staff[username] = {
            "products": [f"/products/{p.pk}/" for p in products],
            "dossiers": [f"/dossiers/{d.pk}/" for d in dossiers],
            "documents": [f"/dossiers/documents/{d.pk}/" for d in documents],
        }
    verify = [
        f"/verify/{code}/" for code in Certificate.objects.values_list("verification_code", flat=True)[:20]
    ]
    return {
        "public_products": [p.get_public_url() for p in public] or ["/catalog/"],
        "public_images": [f"/catalog/images/{i.pk}/" for i in images],
        "catalog_filter": f"/catalog/?district={district.code}" if district else "/catalog/",
        "queries": ["ca+phe", "mat+ong", "nuoc+mam", "tra", "ruou"],
        "verify": verify or ["/verify/"],
        "staff": staff,
    }


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(
                    f"{url} did not come up:\n{log.read_text(errors='replace')[-3000:]}"
                ) from None
            time.sleep(0.3)


def stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def percentile(ordered: list[float], q: float) -> float:
    """The q-quantile (0..1) of sorted values, nearest rank."""
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def report(timings_file: Path, prefix: Path) -> None:
    """Requests, errors and p50 / p95 / p99 / max per page group, from every recorded response time."""
    groups: dict[str, list] = {}
    for name, ms, failed in json.loads(timings_file.read_text()):
        groups.setdefault(name, []).append((ms, failed))
    pages = [t for name, rows in groups.items() if "sign in" not in name for t in rows]
    everything = [t for rows in groups.values() for t in rows]
    print(
        f"{'page group':36} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}  (ms)"
    )
    for name, rows in [*sorted(groups.items()), ("ALL PAGES (sign-in excluded)", pages), ("ALL", everything)]:
        ordered = sorted(ms for ms, _failed in rows)
        errors = sum(1 for _ms, failed in rows if failed)
        print(
            f"{name:36} {len(rows):>8} {errors:>6} {percentile(ordered, 0.5):6.0f} {percentile(ordered, 0.95):6.0f} "
            f"{percentile(ordered, 0.99):6.0f} {ordered[-1]:6.0f}",
            flush=True,
        )
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        for row in list(csv.DictReader(open(failures)))[:10]:  # noqa: SIM115
            print(f"  error: {row['Name']}: {row['Error']} ×{row['Occurrences']}")


def main(users: int, duration: int, use_nginx: bool, workers: int, spawn_rate: float = 2) -> None:
    use_nginx = use_nginx and Path(NGINX).exists()
    with c.throwaway_database() as db_name, tempfile.TemporaryDirectory(prefix="ocop-load-") as tmp:
        tmp = Path(tmp)
        seconds = c.seed_demo()
        from django.conf import settings

        from ocop_portal.frontserver import config_values, render_config, standalone_main_config

        sample_file = tmp / "samples.json"
        sample_file.write_text(json.dumps(samples()))
        db_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{db_name}"
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "DJANGO_DEBUG": "false",
            "SITE_URL": "https://ocop-bench.example.vn",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "OCOP_PLAIN_HTTP": "true",
            "OCOP_FRONT_SERVER": "nginx" if use_nginx else "",
            "OCOP_PROXY_HOPS": "1" if use_nginx else "0",
            "CACHE_KEY_PREFIX": f"bench-load-{os.getpid()}",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "STATIC_ROOT": str(tmp / "static"),
            "OCOP_DATA_DIR": str(tmp / "data"),
            "OCOP_LOAD_SAMPLES": str(sample_file),
            "OCOP_LOAD_TIMINGS": str(tmp / "timings.json"),
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=c.ROOT,
            env=env,
            check=True,
        )
        app_port = free_port()
        log = tmp / "gunicorn.log"
        gunicorn = nginx = None
        try:
            gunicorn = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "ocop_portal.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{app_port}",
                    "--workers",
                    str(workers),
                    "--timeout",
                    "120",
                ],
                cwd=c.ROOT,
                env=env,
                stdout=open(log, "w"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
            )
            url = f"http://127.0.0.1:{app_port}"
            wait_for(f"{url}/healthz", gunicorn, log)
            if use_nginx:
                port = free_port()
                prefix = tmp / "nginx"
                values = config_values(
                    OCOP_NGINX_MODE="http",
                    OCOP_NGINX_HTTP_PORT=str(port),
                    OCOP_NGINX_UPSTREAM=f"127.0.0.1:{app_port}",
                    OCOP_NGINX_CONF_DIR=str(prefix / "conf.d"),
                    OCOP_NGINX_STATIC_ROOT=str(tmp / "static"),
                    OCOP_NGINX_MEDIA_ROOT=str(settings.MEDIA_ROOT),
                )
                render_config(prefix / "conf.d", values)
                (prefix / "nginx.conf").write_text(standalone_main_config(prefix))
                nginx = subprocess.Popen(
                    [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"],
                    stdout=subprocess.DEVNULL,
                    stderr=open(prefix / "stderr.log", "w"),  # noqa: SIM115
                )
                url = f"http://127.0.0.1:{port}"
                wait_for(f"{url}/healthz", nginx, prefix / "stderr.log")
            print(
                f"demo seeded in {seconds:.0f} s; gunicorn {workers} sync workers"
                + (" behind nginx" if use_nginx else " (no nginx)")
                + f"; {users} users ({spawn_rate}/s ramp) for {duration} s, think time 1–3 s",
                flush=True,
            )
            stats = tmp / "locust"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(HERE / "locust_portal.py"),
                    "--headless",
                    "--users",
                    str(users),
                    # 2 new users a second: 50 staff and visitors do not all sign in within one
                    # second (each sign-in is ~0.4 s of PBKDF2 on a free core).
                    "--spawn-rate",
                    str(spawn_rate),
                    "--run-time",
                    f"{duration}s",
                    "--stop-timeout",
                    "10",
                    "--host",
                    url,
                    "--csv",
                    str(stats),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=HERE,
                env=env,
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=open(tmp / "locust.log", "w"),  # noqa: SIM115
                timeout=duration + 120,
            )
            print(c.environment_line().replace("# ", "# after: ", 1))
            report(tmp / "timings.json", stats)
        finally:
            stop(nginx)
            stop(gunicorn)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=300, help="seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--spawn-rate", type=float, default=2, help="new users per second")
    parser.add_argument("--no-nginx", action="store_true")
    args = parser.parse_args()
    main(args.users, args.duration, not args.no_nginx, args.workers, args.spawn_rate)
