"""The plan PDF is laid out once per content: asked for again it comes from the cache (keyed by its
HTML), and any change to the plan's data gives a new PDF, never a stale one."""

import pytest

from ocop_portal import pdf as ocop_pdf
from plans.pdf import plan_pdf
from tests.pdf.test_plan_pdf import flat, plan  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_plan_pdf_is_laid_out_once_per_content(plan, monkeypatch):  # noqa: F811
    layouts = []
    original = ocop_pdf.html_to_pdf
    monkeypatch.setattr(ocop_pdf, "html_to_pdf", lambda html: layouts.append(1) or original(html))

    first = plan_pdf(plan)
    assert plan_pdf(plan) == first
    assert len(layouts) == 1

    plan.title = "Kế hoạch triển khai Chương trình OCOP năm 2023 (sửa đổi)"
    plan.save()
    changed = plan_pdf(plan)
    assert len(layouts) == 2
    assert "(sửa đổi)" in flat(changed)[0]


def test_font_configuration_is_built_once_per_process():
    assert ocop_pdf.font_config() is ocop_pdf.font_config()
