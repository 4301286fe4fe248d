"""Issue 16.8: a strict Content-Security-Policy (django-csp). Scripts come from the portal only: no inline
<script> and no on*= handler in any template (they would be blocked), no 'unsafe-inline'/'unsafe-eval'."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in header.split(";")) if d}


@pytest.mark.parametrize("path", ["/", "/catalog/", "/accounts/login/", "/verify/"])
def test_every_page_carries_a_strict_policy(client, db, path):
    policy = _policy(client.get(path))
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-eval'" not in " ".join(sum(policy.values(), []))


def test_staff_pages_carry_it_too(client_for):
    assert _policy(client_for("province").get("/dashboard/"))["script-src"] == ["'self'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def test_no_template_has_inline_script_or_handler():
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, re.compile(r"javascript:", re.I)):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line} {match.group(0).strip()}")
    assert offenders == [], "move inline JavaScript to static/js/: " + ", ".join(offenders)
