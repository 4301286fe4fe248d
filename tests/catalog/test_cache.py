"""Cached public pages are invalidated at once when what they show changes (real Redis)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates import services as evaluation_services
from products import cache as public_cache
from tradefairs import services as trade_services

from . import helpers as h

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("redis_cache")]


def queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code in (200, 404, 410)
    return response, len(ctx.captured_queries)


def test_second_anonymous_request_is_served_from_the_cache(client):
    product = h.certified("Cà phê rang mộc")
    for url in (
        "/catalog/",
        product.get_public_url(),
        "/",
        "/api/products.json",
        "/sitemap.xml",
        "/fairs/",
        "/sales-points/",
    ):
        _, first = queries(client, url)
        _, second = queries(client, url)
        assert first > 0
        assert second == 0, url


def test_bump_changes_every_key_and_survives_a_missing_version(client):
    key = public_cache.key("x")
    public_cache.bump()
    assert public_cache.key("x") != key
    before = public_cache.version()
    cache.delete(public_cache._version_key())  # evicted or flushed
    after = public_cache.version()
    assert after > before  # never back to a number whose pages may still be cached
    public_cache.bump()
    assert public_cache.version() == after + 1


def test_revoked_product_disappears_from_cached_pages_at_once(client):
    product = h.certified("Nước mắm Cửa Khe", stars=4)
    url = product.get_public_url()
    assert "Nước mắm Cửa Khe" in client.get("/catalog/").content.decode()
    assert client.get(url).status_code == 200
    assert "Nước mắm Cửa Khe" in client.get("/api/products.json").content.decode()
    assert url in client.get("/sitemap.xml").content.decode()
    assert "Nước mắm Cửa Khe" in client.get("/").content.decode()

    evaluation_services.revoke_certificate(
        h.certificate_of(product), decision=h.revocation_decision(), reason="Vi phạm an toàn thực phẩm"
    )

    assert "Nước mắm Cửa Khe" not in client.get("/catalog/").content.decode()
    assert client.get(url).status_code == 410
    assert client.get("/api/products.json").json() == []
    assert url not in client.get("/sitemap.xml").content.decode()
    assert "Nước mắm Cửa Khe" not in client.get("/").content.decode()


def test_product_whose_certificate_lapses_overnight_disappears_without_any_change(client):
    product = h.certified("Mật ong rừng")
    url = product.get_public_url()
    assert client.get(url).status_code == 200
    assert "Mật ong rừng" in client.get("/catalog/").content.decode()
    day_after = datetime.datetime.combine(
        product.valid_until + datetime.timedelta(days=1),
        datetime.time(8),
        tzinfo=timezone.get_current_timezone(),
    )
    with time_machine.travel(day_after, tick=False):
        assert client.get(url).status_code == 410
        assert "Mật ong rừng" not in client.get("/catalog/").content.decode()
        assert client.get("/api/products.json").json() == []


def test_expiry_job_invalidates_the_cache(client):
    product = h.lapsed("Bánh tráng Đại Lộc")
    # Cached while already past validity (not shown), then the job runs: still not shown, and 410.
    assert client.get(product.get_public_url()).status_code == 410
    evaluation_services.expire_due()
    assert client.get(product.get_public_url()).status_code == 410


def test_edits_to_product_photo_listing_and_producer_show_at_once(client):
    product = h.certified("Trà sâm Ngọc Linh")
    url = product.get_public_url()
    assert "tiki.vn" not in client.get(url).content.decode()
    product.listings.create(platform="tiki", url="https://tiki.vn/tra-sam")
    assert "https://tiki.vn/tra-sam" in client.get(url).content.decode()
    image = h.photo(product)
    assert f"/catalog/images/{image.pk}/" in client.get(url).content.decode()
    image.delete()
    assert f"/catalog/images/{image.pk}/" not in client.get(url).content.decode()
    product.producer.name = "HTX Sâm Ngọc Linh Trà Linh"
    product.producer.save()
    assert "HTX Sâm Ngọc Linh Trà Linh" in client.get("/catalog/").content.decode()
    product.story = "Câu chuyện mới về sản phẩm."
    product.save()
    assert "Câu chuyện mới về sản phẩm." in client.get(url).content.decode()


def test_sales_point_and_fair_changes_show_on_cached_pages(client):
    product = h.certified("Quế Trà My")
    url = product.get_public_url()
    assert "Điểm bán OCOP Bắc Trà My" not in client.get(url).content.decode()
    point = trade_services.create_sales_point(
        by=None, name="Điểm bán OCOP Bắc Trà My", address="Thị trấn Trà My", district=h.unit("515")
    )
    assert "Điểm bán OCOP Bắc Trà My" in client.get("/sales-points/").content.decode()
    assert "Điểm bán OCOP Bắc Trà My" not in client.get(url).content.decode()
    point.products.add(product)  # an m2m change alone
    assert "Điểm bán OCOP Bắc Trà My" in client.get(url).content.decode()
    trade_services.close_sales_point(point, by=None)
    assert "Điểm bán OCOP Bắc Trà My" not in client.get(url).content.decode()
    assert "Điểm bán OCOP Bắc Trà My" not in client.get("/sales-points/").content.decode()
    assert client.get(f"/sales-points/{point.pk}/").status_code == 404

    from tradefairs.models import Fair

    today = timezone.localdate()
    fair = Fair.objects.create(
        name="Hội chợ OCOP Đà Nẵng",
        city="Đà Nẵng",
        start_date=today + datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=5),
    )
    assert "Hội chợ OCOP Đà Nẵng" in client.get("/fairs/").content.decode()
    assert "Hội chợ OCOP Đà Nẵng" in client.get("/").content.decode()
    trade_services.register_participation(fair, product.producer, products=[product], by=None)
    assert "Hội chợ OCOP Đà Nẵng" in client.get(url).content.decode()
    assert "Quế Trà My" in client.get(f"/fairs/{fair.pk}/").content.decode()


def test_cache_outage_serves_pages_uncached(client, settings):
    h.certified("Gốm Thanh Hà")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    response = client.get("/catalog/")
    assert response.status_code == 200
    assert "Gốm Thanh Hà" in response.content.decode()
