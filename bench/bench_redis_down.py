"""Benchmark: what a page costs more when Redis (the cache) is down or hung (issue 16.5).

Median and max latency over N requests of the catalogue, the home page and /notifications/ (as
demo_province when the demo is seeded, else the first provincial user), through django.test.Client,
with the cache (ocop_portal.rediscache.FailFastRedisCache) pointed at: the real Redis (anchor), a closed
port, and a local socket that accepts and never answers ("hung"). Uses the database of DATABASE_URL as
is (run it against a seeded demo database). Prints figures; asserts nothing.

    DATABASE_URL=... REDIS_URL=... python bench/bench_redis_down.py [--n 30]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time

import _common as c  # noqa: F401 - sets Django up
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings, setup_test_environment

from ocop_portal import rediscache


def hung_server() -> tuple[socket.socket, int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    held = []

    def serve():
        while True:
            try:
                held.append(sock.accept()[0])
            except OSError:
                return

    threading.Thread(target=serve, daemon=True).start()
    return sock, sock.getsockname()[1]


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def measure(location: str, n: int) -> dict[str, tuple[float, float]]:
    from accounts.models import User

    cache_conf = {**settings.CACHES["default"], "LOCATION": location}
    with override_settings(CACHES={"default": cache_conf}, ALLOWED_HOSTS=["*"]):
        rediscache._down_until.clear()  # override_settings(CACHES=...) gives a fresh cache handler
        staff = Client()
        user = (
            User.objects.filter(username="demo_province").first()
            or User.objects.filter(role="province").first()
        )
        if user:
            staff.force_login(user)
        public = Client()
        out = {}
        for label, client, path in (
            ("catalogue", public, "/catalog/"),
            ("home", public, "/"),
            ("notifications", staff, "/notifications/"),
        ):
            times = []
            for _ in range(n):
                t0 = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - t0) * 1000)
            out[label] = (statistics.median(times), max(times))
        return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    n = parser.parse_args().n
    setup_test_environment()
    hung, port = hung_server()
    runs = {
        "redis up": settings.CACHES["default"]["LOCATION"],
        "closed port": f"redis://127.0.0.1:{closed_port()}/0",
        "hung server": f"redis://127.0.0.1:{port}/0",
    }
    results = {name: measure(loc, n) for name, loc in runs.items()}
    print(f"{'page':<14}" + "".join(f"{name:>26}" for name in runs))
    for page in results["redis up"]:
        cells = "".join(f"{results[r][page][0]:>12.1f} ms (max {results[r][page][1]:>6.0f})" for r in runs)
        print(f"{page:<14}{cells}")
    print("(median and max over", n, "requests; the first request after an error pays one timeout)")
    hung.close()


if __name__ == "__main__":
    main()
