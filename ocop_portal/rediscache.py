"""The portal's Redis cache backend: fails fast and stops trying for a while after an error (issue 16.5).

With Redis hung, every cache access used to wait the full socket timeout (the catalogue 2 s,
``/notifications/`` 8 s); with Redis down the verify rate limit let everything through. This backend:

* uses short socket timeouts (``OPTIONS``: connect 0.1 s, read 0.2 s by default) and no client-side
  retries, so one failed access costs at most a few tenths of a second;
* after a connection error or timeout, marks Redis *down for this process* for ``RETRY_AFTER`` seconds:
  meanwhile nothing is sent to Redis at all, so a page costs nothing more than its uncached rendering;
* answers as a cache miss meanwhile (``get`` → default, writes dropped), so nothing stale can be read
  later — except the throttle counters (keys starting with ``rate:``, ``ocop_portal/ratelimit.py``), which
  go to a local, per-process counter: the rate limits keep limiting while Redis is gone.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds without trying Redis after an error
LOCAL_PREFIXES = ("rate:",)  # keys kept in a local counter while Redis is down
_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)

# Shared by the per-thread backend instances of a process: location -> monotonic time to try again.
_down_until: dict[str, float] = {}
_lock = threading.Lock()
_local = LocMemCache("ocop-redis-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})

_MISSING = object()


class FailFastRedisCache(RedisCache):
    """Django's RedisCache with short timeouts, a pause after errors and a local fallback for counters."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", 0.1)
        options.setdefault("socket_timeout", 0.2)
        options.setdefault("retry_on_timeout", False)
        try:
            from redis.backoff import NoBackoff
            from redis.retry import Retry

            options.setdefault("retry", Retry(NoBackoff(), 0))  # one attempt: we fall back instead
        except ImportError:  # pragma: no cover - older redis-py
            pass
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = str(server)

    # --- the circuit -------------------------------------------------------------------------------

    def is_down(self) -> bool:
        until = _down_until.get(self._location)
        return until is not None and time.monotonic() < until

    def _mark_down(self, exc: Exception) -> None:
        with _lock:
            first = not self.is_down()
            _down_until[self._location] = time.monotonic() + RETRY_AFTER
        if first:
            log.warning("Redis cache unavailable (%s): running without it for %ss", exc, RETRY_AFTER)

    def _call(self, name: str, fallback, *args, **kwargs):
        if self.is_down():
            return fallback()
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except _ERRORS as exc:
            self._mark_down(exc)
            return fallback()
        _down_until.pop(self._location, None)
        return result

    @staticmethod
    def _is_local(key) -> bool:
        return isinstance(key, str) and key.startswith(LOCAL_PREFIXES)

    # --- the cache API -----------------------------------------------------------------------------

    def get(self, key, default=None, version=None):
        def fallback():
            return _local.get(key, default, version) if self._is_local(key) else default

        return self._call("get", fallback, key, default, version)

    def add(self, key, value, timeout=_MISSING, version=None):
        timeout = self.default_timeout if timeout is _MISSING else timeout

        def fallback():
            return _local.add(key, value, timeout, version) if self._is_local(key) else False

        return self._call("add", fallback, key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        def fallback():
            if self._is_local(key):
                return _local.incr(key, delta, version)
            raise ValueError(f"Key '{key}' not found (cache unavailable)")

        return self._call("incr", fallback, key, delta, version)

    def set(self, key, value, timeout=_MISSING, version=None):
        timeout = self.default_timeout if timeout is _MISSING else timeout
        return self._call("set", lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=_MISSING, version=None):
        timeout = self.default_timeout if timeout is _MISSING else timeout
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def set_many(self, data, timeout=_MISSING, version=None):
        timeout = self.default_timeout if timeout is _MISSING else timeout
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def clear(self):
        return self._call("clear", lambda: False)
