"""django-tables2, cheaper per cell.

django-tables2 calls every cell's render method, and every link's ``linkify`` callable, through
``utils.call_with_appropriate``, which reads the callable's signature with ``inspect.signature`` on
every call: 9 columns × 25 rows, some with a link, is ≈ 400 signature reads a page, a third of the
staff product list's table rendering (process time at 100 000 products: table 57 → 37 ms a request).
:func:`install` makes ``utils.signature`` remember the answer per function (a method's by its
function, bound or not kept apart). Same arguments passed, same cells.
"""

from __future__ import annotations

import inspect

from django_tables2 import utils

_original = utils.signature
_cache: dict = {}


def signature(fn):
    """``utils.signature(fn)``, read once per function (and bound or not)."""
    function = getattr(fn, "__func__", fn)
    if not (inspect.isfunction(function) or inspect.isbuiltin(function)):
        return _original(fn)  # a callable object: its class may change what it accepts
    key = (function, hasattr(fn, "__self__"))
    found = _cache.get(key)
    if found is None:
        if len(_cache) > 4096:  # functions made per call (closures): never grow without bound
            _cache.clear()
        found = _cache[key] = _original(fn)
    return found


def install() -> None:
    """Called once from ``accounts.apps``: ``call_with_appropriate`` looks ``signature`` up at each call."""
    utils.signature = signature
