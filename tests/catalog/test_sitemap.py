"""sitemap.xml lists the public pages only."""

import pytest

from tradefairs import services as trade_services
from tradefairs.models import Fair

from . import helpers as h

pytestmark = pytest.mark.django_db


def test_sitemap_lists_public_products_fairs_and_open_sales_points(client):
    public = h.certified("Sâm Ngọc Linh")
    hidden = [h.draft("Bản nháp"), h.lapsed("Quá hạn"), h.expired("Hết hạn"), h.revoked("Thu hồi")]
    fair = Fair.objects.create(name="Hội chợ", city="Tam Kỳ", start_date="2023-05-01", end_date="2023-05-03")
    point = trade_services.create_sales_point(by=None, name="Điểm bán", address="Chợ", district=h.unit("508"))
    closed = trade_services.create_sales_point(
        by=None, name="Điểm đóng", address="Chợ", district=h.unit("506")
    )
    trade_services.close_sales_point(closed, by=None)

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    body = response.content.decode()
    assert body.startswith("<?xml")
    assert f"<loc>{h.SITE}{public.get_public_url()}</loc>" in body
    for product in hidden:
        assert f"/catalog/{product.slug}/" not in body
    assert f"<loc>{h.SITE}/fairs/{fair.pk}/</loc>" in body
    assert f"<loc>{h.SITE}/sales-points/{point.pk}/</loc>" in body
    assert f"/sales-points/{closed.pk}/" not in body
    for page in ("/catalog/", "/fairs/", "/sales-points/"):
        assert f"<loc>{h.SITE}{page}</loc>" in body
    assert "<lastmod>" in body
