"""Issue 17: the portal's own 404/500 pages with DEBUG off (the demo's default), robots.txt, the
.gov.vn footer from settings and the open-data page."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_404_is_the_portals_vietnamese_page_without_the_urlconf(settings):
    settings.DEBUG = False
    response = Client().get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "không tồn tại" in html and "URLconf" not in html and "Page not found" not in html
    assert "Cơ quan chủ quản" in html  # the portal's footer


def test_500_is_the_portals_vietnamese_page(settings):
    from ocop_portal.views import error_500

    settings.DEBUG = False
    settings.OCOP_PORTAL_HOTLINE = "0236 1234 567"
    response = error_500(None)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi hệ thống" in html and "Traceback" not in html
    assert settings.OCOP_PORTAL_HOTLINE in html


def test_debug_is_off_unless_a_developer_asks(monkeypatch):
    import environ

    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    assert environ.Env().bool("DJANGO_DEBUG", default=False) is False
    text = open("ocop_portal/settings.py", encoding="utf-8").read()
    assert 'DEBUG = env.bool("DJANGO_DEBUG", default=False)' in text
    assert "WHITENOISE_USE_FINDERS = EMBEDDED or DEBUG" in text


def test_robots_txt_points_at_the_sitemap_and_keeps_staff_areas_out(settings):
    response = Client().get("/robots.txt")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in body
    for area in ("/admin/", "/dashboard/", "/dossiers/", "/evaluation/", "/plans/"):
        assert f"Disallow: {area}" in body
    assert "Disallow: /catalog/" not in body and "Disallow: /api/" not in body


def test_footer_comes_from_settings(settings):
    settings.OCOP_PORTAL_OWNER = "Ủy ban nhân dân thành phố Thử Nghiệm"
    settings.OCOP_PORTAL_HOTLINE = "0236 1234 567"
    settings.OCOP_PORTAL_EMAIL = "ocop@thu.gov.vn"
    html = Client().get("/catalog/").content.decode()
    assert "Ủy ban nhân dân thành phố Thử Nghiệm" in html
    assert 'href="tel:02361234567"' in html and 'href="mailto:ocop@thu.gov.vn"' in html
    assert 'href="/open-data/"' in html and 'href="/sitemap.xml"' in html


def test_open_data_page_describes_every_dataset():
    from products.views.opendata import DATASETS

    html = Client().get("/open-data/").content.decode()
    assert "Dữ liệu mở" in html and "CC BY 4.0" in html
    for ds in DATASETS.values():
        assert ds.title and ds.description and ds.frequency
        assert set(ds.fields) == set(ds.columns), ds.name
        assert f"/api/{ds.name}.json" in html and f"/api/{ds.name}.csv" in html
    assert "Tần suất cập nhật" in html and "số giấy chứng nhận OCOP" in html
