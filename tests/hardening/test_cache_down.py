"""Issue 16.5: Redis hung or down. The cache fails fast and stops trying for a while after an error, pages
keep answering, and the verify rate limit still limits (a local fallback counter)."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from django.core.cache import caches

from ocop_portal import rediscache

pytestmark = pytest.mark.django_db


class HungRedis:
    """A socket that accepts connections and never answers; counts the connections."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.accepted:
            conn.close()


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there any more: connection refused
    return port


@pytest.fixture(params=["closed", "hung"])
def redis_gone(request, settings):
    """The default cache pointed at a closed port, or at a server that never answers."""
    server = HungRedis() if request.param == "hung" else None
    port = server.port if server else _closed_port()
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "ocop_portal.rediscache.FailFastRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    rediscache._down_until.clear()
    rediscache._local.clear()
    yield server
    del caches["default"]
    rediscache._down_until.clear()
    if server:
        server.close()


def test_pages_keep_answering_and_redis_is_not_retried_at_every_access(redis_gone, client, client_for):
    started = time.monotonic()
    assert client.get("/catalog/").status_code == 200  # pays one timeout at most, then stops trying
    first = time.monotonic() - started
    assert first < 2  # was 2 s per cache access (8 s for /notifications/)
    if redis_gone is not None:
        assert len(redis_gone.accepted) == 1
    staff = client_for("province")
    started = time.monotonic()
    for path in ("/catalog/", "/", "/notifications/", "/api/products.json", "/dashboard/"):
        assert (staff if path in ("/notifications/", "/dashboard/") else client).get(path).status_code == 200
    assert time.monotonic() - started < 5
    if redis_gone is not None:
        assert len(redis_gone.accepted) == 1  # within RETRY_AFTER no new connection was even tried


def test_the_cache_tries_again_after_the_pause(redis_gone, monkeypatch):
    cache = caches["default"]
    assert cache.get("anything") is None
    assert cache.is_down()
    monkeypatch.setattr(rediscache, "RETRY_AFTER", 0)
    rediscache._down_until.clear()
    assert cache.get("anything") is None
    if redis_gone is not None:
        assert len(redis_gone.accepted) == 2


def test_verify_rate_limit_still_limits_with_redis_gone(redis_gone, client, settings):
    settings.OCOP_VERIFY_RATE_LIMIT = 3
    ip = "2001:db8::77"
    codes = [client.get("/verify/khong-ton-tai/", REMOTE_ADDR=ip).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    assert client.get("/verify/khong-ton-tai/", REMOTE_ADDR="2001:db8::78").status_code == 404
