"""Accessibility (WCAG 2.1 AA) and HTML validity of 21 representative pages, as their roles see them
(issue 17, Accessibility).

Each page is opened in headless Chromium on the seeded demo and checked with axe-core (WCAG 2.1 A and
AA rules): any serious or critical violation fails. The same pages, as served, go through the W3C Nu
HTML checker: any error fails. The staff lists must not scroll sideways on a 390 px phone.

axe-core and the checker (vnu-jar) are installed from npm by ``make test``
(``npm ci --prefix tests/e2e --ignore-scripts``); the checker runs on Debian's Java
(``scripts/system-deps.sh test``). Why the Nu checker and not a parser: it is the reference validator
(content models, attributes, ARIA), one JVM validates all 21 pages in a few seconds, and Java is in
the machine image already (the apt step installs it where it is missing).

The journey only reads: it opens pages, it never submits a form.
"""

from __future__ import annotations

import json

import pytest

from tests.e2e.journeys.conftest import JOURNEY_MARKS, axe_violations, blocking, html_errors

pytestmark = JOURNEY_MARKS

FACTS = """
import json
from accounts import access
from accounts.models import User
from certificates.models import Certificate
from dossiers.models import Dossier
from evaluation.models import RoundProduct
from plans.models import AnnualPlan
user = User.objects.get
cert = Certificate.objects.valid().select_related("product").order_by("pk").first()
dossier = access.visible(user(username="demo_district"), Dossier).order_by("pk").first()
entry = RoundProduct.objects.filter(
    round__status="scoring", round__members__user__username="demo_council"
).order_by("pk").first()
plan = access.visible(user(username="demo_province"), AnnualPlan).order_by("-year", "pk").first()
print(json.dumps({
    "product": cert.product.get_public_url(), "verify": cert.get_verify_url(),
    "dossier": dossier.pk, "entry": entry.pk, "plan": plan.pk,
}))
"""

# (role or None for a visitor, path); paths with {…} are filled from FACTS.
PAGES = [
    (None, "/"),
    (None, "/catalog/"),
    (None, "{product}"),
    (None, "{verify}"),
    (None, "/accounts/login/"),
    ("demo_province", "/dashboard/"),
    ("demo_province", "/products/"),
    ("demo_province", "/producers/"),
    ("demo_province", "/dossiers/"),
    ("demo_province", "/plans/"),
    ("demo_province", "/plans/{plan}/"),
    ("demo_district", "/dashboard/"),
    ("demo_district", "/products/"),
    ("demo_district", "/dossiers/{dossier}/"),
    ("demo_commune", "/dashboard/"),
    ("demo_commune", "/dossiers/commune-reports/"),
    ("demo_council", "/dashboard/"),
    ("demo_council", "/evaluation/my-sheets/"),
    ("demo_council", "/evaluation/entries/{entry}/score/"),
    ("demo_department", "/dashboard/"),
    ("demo_department", "/plans/tasks/"),
]
STAFF_LISTS = ["/products/", "/producers/", "/dossiers/", "/plans/"]


@pytest.fixture(scope="module")
def facts(demo_site):
    return json.loads(demo_site.shell(FACTS).splitlines()[-1])


@pytest.fixture(scope="module")
def served():
    """Markup of every page checked, as the server sent it: validated once at the end."""
    return {}


def _pages_of(role):
    return [path for who, path in PAGES if who == role]


@pytest.mark.parametrize(
    "role", [None, "demo_province", "demo_district", "demo_commune", "demo_council", "demo_department"]
)
def test_pages_have_no_serious_accessibility_violation(role, visitor, login, demo_site, facts, served):
    page = visitor if role is None else login(role)
    problems = {}
    for template in _pages_of(role):
        path = template.format(**facts)
        response = page.goto(f"{demo_site.url}{path}")
        assert response.status == 200, f"{role} {path}: {response.status}"
        page.wait_for_load_state("networkidle")
        served[f"{role or 'visitor'} {path}"] = response.text()
        found = blocking(axe_violations(page))
        if found:
            problems[path] = found
    assert not problems, f"axe-core, {role or 'visitor'}:\n" + "\n".join(
        f"{path}\n  " + "\n  ".join(lines) for path, lines in problems.items()
    )


def test_every_page_is_valid_html(served):
    assert len(served) == len(PAGES), "run with the accessibility test above (it collects the pages)"
    errors = html_errors(served)
    assert not errors, "Nu HTML checker:\n" + "\n".join(
        f"{name}\n  " + "\n  ".join(lines[:10]) for name, lines in errors.items()
    )


def test_staff_lists_do_not_scroll_sideways_on_a_phone(chromium, demo_site):
    context = chromium.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(f"{demo_site.url}/accounts/login/")
        page.fill("input[name=username]", "demo_province")
        page.fill("input[name=password]", "demo12345")
        page.press("input[name=password]", "Enter")
        page.wait_for_load_state()
        wide = {}
        for path in STAFF_LISTS:
            page.goto(f"{demo_site.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[path] = width
        assert not wide, f"pages wider than a 390 px phone: {wide}"
    finally:
        context.close()


def test_keyboard_focus_shows_on_the_green_bar(visitor, demo_site):
    """Tabbing onto the navbar shows a ring that stands out from the green bar (≥ 3:1, WCAG 1.4.11)."""
    visitor.goto(f"{demo_site.url}/")
    for _ in range(6):
        visitor.keyboard.press("Tab")
        ring = visitor.evaluate(
            """() => { const el = document.activeElement;
                 if (!el.closest('.navbar')) return null;
                 const s = getComputedStyle(el);
                 return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor}; }"""
        )
        if ring:
            break
    assert ring, "no navbar element took the keyboard focus"
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert ring["color"] == "rgb(255, 224, 130)", ring  # #ffe082: 4.76:1 on #1f6f43
