"""Fixed-window counters in the shared cache: the throttles of log-in addresses and certificate lookups.

``hit(scope, key, limit=..., window=...)`` counts one event and answers how many seconds to wait when the
count is over the limit (0 otherwise). The counters live in the cache (Redis), shared by every process;
when Redis is down the cache backend (``ocop_portal/rediscache.py``) keeps ``add``/``incr`` in a local,
per-process counter, so a throttle still limits during an outage instead of letting everything through.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import connection


def _key(scope: str, key: str, bucket: int) -> str:
    return f"rate:{scope}:{connection.settings_dict.get('NAME')}:{key}:{bucket}"


def hit(scope: str, key: str, *, limit: int, window: int) -> int:
    """Count one event of ``key``; seconds to wait when over ``limit`` per ``window`` seconds, else 0."""
    now = int(time.time())
    bucket = now // window
    name = _key(scope, key, bucket)
    try:
        count = 1 if cache.add(name, 1, window + 5) else cache.incr(name)
    except ValueError:  # expired between add and incr
        count = 1 if cache.add(name, 1, window + 5) else limit + 1
    if count > limit:
        return max(1, (bucket + 1) * window - now)
    return 0


def over(scope: str, key: str, *, limit: int, window: int) -> int:
    """Seconds to wait when ``key`` is already over ``limit`` in this window (counts nothing), else 0."""
    now = int(time.time())
    bucket = now // window
    count = cache.get(_key(scope, key, bucket)) or 0
    if count >= limit:
        return max(1, (bucket + 1) * window - now)
    return 0
