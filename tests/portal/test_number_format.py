"""One number format: decimal comma, thousands dot, in Python helpers, template filters and pages."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from ocop_portal import numbers
from ocop_portal.uploads.policy import human_size

# a decimal written the English way: "33.34", "66.7 %", "1.57×" (not "12.000", a thousands dot)
ENGLISH_DECIMAL = re.compile(r"\d\.\d{1,2}(?!\d)")


@pytest.fixture(autouse=True, params=["vi", "en"])
def language(request):
    with translation.override(request.param):
        yield request.param


@pytest.mark.parametrize(
    "value,places,expected",
    [
        (33.335, 2, "33,34"),
        (Decimal("100"), 2, "100,00"),
        (1234.5, 1, "1.234,5"),
        (1234567, 0, "1.234.567"),
        (5.0, -2, "5"),
        (2.5, -2, "2,50"),
        (None, 2, ""),
        ("", 2, ""),
        ("n/a", 2, "n/a"),
    ],
)
def test_format_number(value, places, expected):
    assert numbers.format_number(value, places) == expected


def test_percent_ratio_vnd_and_sizes():
    assert numbers.percent(66.66) == "66,7 %"
    assert numbers.percent(95) == "95,0 %"
    assert numbers.ratio(1.5749) == "1,57×"
    assert numbers.vnd(12345678) == "12.345.678"
    assert numbers.vnd(None) == "—"
    assert human_size(int(1.5 * 1024 * 1024)) == "1,5 MB"


def test_template_filters():
    t = Template(
        "{% load numbers %}{{ a|number:2 }} | {{ b|number }} | {{ c|percent }} | {{ d|ratio }} | {{ e|vnd }}"
    )
    out = t.render(Context({"a": Decimal("33.335"), "b": 1234.5, "c": 66.66, "d": 1.57, "e": 450_000_000}))
    assert out == "33,34 | 1.234,50 | 66,7 % | 1,57× | 450.000.000"
    assert not ENGLISH_DECIMAL.search(out.replace("450.000.000", ""))


def test_no_floatformat_or_english_decimals_left_in_templates_and_code():
    """The one helper is used: no ``floatformat``, no ``:.1f``-style formatting of displayed numbers."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in [*root.glob("templates/**/*.html"), *root.glob("templates/**/*.txt")]:
        if "floatformat" in path.read_text(encoding="utf-8"):
            offenders.append(str(path.relative_to(root)))
    fstring = re.compile(r"\{[^{}]*:,?\.\d+f\}|\"%\.\d+f|\.toFixed\(")
    apps = ("accounts", "producers", "products", "dossiers", "evaluation", "certificates", "plans")
    apps += ("tradefairs", "notifications", "ocop_portal", "static/js")
    for app in apps:
        for path in [*root.glob(f"{app}/**/*.py"), *root.glob(f"{app}/**/*.js")]:
            if "migrations" in path.parts or "management" in path.parts or path.name == "xlsx.py":
                continue  # command-line timings and spreadsheet cell values are not displayed text
            if fstring.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []


@pytest.mark.django_db
def test_plan_dashboard_targets_in_the_portal_format(client_for, language):
    """Goals, values and percentages of the plan dashboard's targets table: "50,0 %", "1,5 ×"."""
    import datetime

    from dateutil.relativedelta import relativedelta

    from products import workflows as pw
    from tests.plans import helpers as h

    day = datetime.date(2023, 6, 1)
    plan = h.make_plan(2023, published=True)
    done = h.product(
        state=pw.RECOGNISED,
        stars=3,
        certified_on=day,
        certificate_number="T-3-1",
        valid_until=day + relativedelta(months=36),
    )
    h.attach(plan, [done, h.product()])
    h.target(plan, "share_3star", "66.5", label="Sản phẩm đạt 3 sao trở lên", unit="%")
    h.target(plan, "revenue_growth", "1.25", label="Doanh thu tăng", unit="lần")
    body = client_for("district").get(f"/plans/{plan.pk}/dashboard/").content.decode()
    table = body[body.index("<tbody") : body.index("</tbody>")]
    assert "66,5 %" in table and "50,0 %" in table and "1,25 lần" in table
    assert not ENGLISH_DECIMAL.search(re.sub(r"<[^>]+>", " ", table))
