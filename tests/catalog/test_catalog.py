"""The public catalogue and product pages: visibility, search, filters, bad input, images, SEO."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from products import workflows

from . import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed():
    """One product in each visibility case."""
    return {
        "certified": h.certified("Cà phê rang mộc Tiên Phước", stars=4, commune="20599"),
        "draft": h.draft("Cà phê bột chưa công nhận"),
        "evaluated": h.draft("Cà phê đã chấm chưa cấp", state=workflows.EVALUATED),
        "lapsed": h.lapsed("Cà phê hết hạn chưa đánh dấu"),
        "expired": h.expired("Cà phê đã hết hạn"),
        "revoked": h.revoked("Cà phê bị thu hồi"),
    }


def names_in(response) -> set[str]:
    return set(
        re.findall(r'class="stretched-link text-decoration-none">([^<]+)</a>', response.content.decode())
    )


def test_list_shows_only_valid_certified_products(client, mixed):
    response = client.get("/catalog/")
    assert response.status_code == 200
    assert names_in(response) == {"Cà phê rang mộc Tiên Phước"}
    assert "1 certified product" in response.content.decode() or "1 sản phẩm" in response.content.decode()


@pytest.mark.parametrize("case", ["draft", "evaluated"])
def test_never_certified_product_page_is_404(client, mixed, case):
    assert client.get(f"/catalog/{mixed[case].slug}/").status_code == 404


@pytest.mark.parametrize("case", ["lapsed", "expired", "revoked"])
def test_no_longer_certified_page_is_410_without_rating(client, mixed, case):
    product = mixed[case]
    response = client.get(f"/catalog/{product.slug}/")
    assert response.status_code == 410
    body = response.content.decode()
    assert product.name in body
    assert "no longer OCOP-certified" in body
    assert product.certificate_number not in body
    assert "★" not in body.split('id="main"')[1].split("</main>")[0]


def test_unknown_slug_is_404(client):
    assert client.get("/catalog/khong-co-san-pham-nay/").status_code == 404


def test_product_page_shows_story_producer_certificate_and_where_to_buy(client):
    product = h.certified("Nước mắm Cửa Khe", stars=4, story="Ủ chượp 12 tháng trong thùng gỗ.")
    product.listings.create(platform="shopee", url="https://shopee.vn/nuoc-mam-cua-khe")
    from tradefairs.models import SalesPoint

    point = SalesPoint.objects.create(
        name="Trung tâm OCOP Duy Xuyên", address="Quốc lộ 1A", district=h.unit("508"), kind="district_centre"
    )
    point.products.add(product)
    cert = h.certificate_of(product)
    response = client.get(product.get_public_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nước mắm Cửa Khe" in body
    assert "Ủ chượp 12 tháng trong thùng gỗ." in body
    assert product.producer.name in body
    assert "★★★★" in body
    assert cert.number in body
    assert product.valid_until.strftime("%d/%m/%Y") in body
    assert cert.get_verify_url() in body
    assert "https://shopee.vn/nuoc-mam-cua-khe" in body
    assert "Trung tâm OCOP Duy Xuyên" in body
    assert "<title>Nước mắm Cửa Khe ★★★★" in body


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ca phe", {"Cà phê rang mộc Tiên Phước", "Cà phê hạt Đắk Pring"}),
        ("CA PHE", {"Cà phê rang mộc Tiên Phước", "Cà phê hạt Đắk Pring"}),
        ("nuoc mam", {"Nước mắm Cửa Khe"}),
        ("Nước mắm", {"Nước mắm Cửa Khe"}),
        ("dak pring", {"Cà phê hạt Đắk Pring"}),
        ("banh trang", set()),
    ],
)
def test_search_is_accent_insensitive(client, query, expected):
    h.certified("Cà phê rang mộc Tiên Phước")
    h.certified("Cà phê hạt Đắk Pring")
    h.certified("Nước mắm Cửa Khe")
    h.certified("Mật ong rừng")
    h.draft("Cà phê chưa công nhận")
    response = client.get("/catalog/", {"q": query})
    assert response.status_code == 200
    assert names_in(response) == expected


def test_filters_by_stars_group_and_district(client):
    h.certified("Sâm Ngọc Linh", stars=4, group_code="3.3", commune="20599")  # Duy Xuyên
    h.certified("Mì Quảng", stars=3, group_code="1.3", commune="20599")
    dai_loc_commune = h.unit("506").children.order_by("code").first()
    h.certified("Bánh tráng Đại Lộc", stars=3, group_code="1.3", commune=dai_loc_commune.code)
    assert names_in(client.get("/catalog/", {"stars": 4})) == {"Sâm Ngọc Linh"}
    assert names_in(client.get("/catalog/", {"stars": 3})) == {"Mì Quảng", "Bánh tráng Đại Lộc"}
    food = h.group("1.3").parent
    assert names_in(client.get("/catalog/", {"group": food.pk})) == {"Mì Quảng", "Bánh tráng Đại Lộc"}
    assert names_in(client.get("/catalog/", {"district": "506"})) == {"Bánh tráng Đại Lộc"}
    assert names_in(client.get("/catalog/", {"district": "508", "stars": 3})) == {"Mì Quảng"}


def test_sorting(client):
    h.certified("Bưởi Đại Bình", stars=3)
    h.certified("Arrow test product", stars=3)
    h.certified("Chè dây", stars=4)
    body = client.get("/catalog/", {"sort": "name"}).content.decode()
    assert body.index("Arrow test product") < body.index("Bưởi Đại Bình") < body.index("Chè dây")
    body = client.get("/catalog/").content.decode()  # default: most stars first
    assert body.index("Chè dây") < body.index("Arrow test product")


@pytest.mark.parametrize(
    "params",
    [
        {"stars": "abc"},
        {"stars": "9"},
        {"stars": "-1"},
        {"group": "x'; drop table"},
        {"group": "99999999999999999999"},
        {"district": "%%%"},
        {"district": "<script>"},
        {"page": "-3"},
        {"page": "abc"},
        {"page": "99999"},
        {"sort": "password"},
        {"q": "x" * 5000},
        {"q": "\x00"},
        {"stars": ["5", "3"]},  # repeated: the last value counts
    ],
)
def test_malformed_parameters_are_ignored(client, params):
    h.certified("Cà phê rang mộc Tiên Phước")
    response = client.get("/catalog/", params)
    assert response.status_code == 200
    if "q" not in params:
        assert "Cà phê rang mộc Tiên Phước" in response.content.decode()


def test_pagination(client):
    for i in range(30):
        h.certified(f"Sản phẩm phân trang {i:02d}")
    first = client.get("/catalog/", {"sort": "name"})
    second = client.get("/catalog/", {"sort": "name", "page": 2})
    assert len(names_in(first)) == 24
    assert len(names_in(second)) == 6
    assert names_in(first).isdisjoint(names_in(second))
    assert "page=2" in first.content.decode()


def test_cards_have_photo_or_placeholder_and_details(client):
    with_photo = h.certified("Lụa Mã Châu", stars=4)
    image = h.photo(with_photo, caption="Khăn lụa Mã Châu")
    h.certified("Gốm Thanh Hà", stars=3)
    body = client.get("/catalog/").content.decode()
    assert reverse("catalog:image", args=[image.pk]) in body
    assert 'alt="Khăn lụa Mã Châu"' in body
    assert "No photo yet" in body or "Chưa có ảnh" in body
    assert "Duy Xuyên" in body
    assert with_photo.producer.name in body


def test_public_image_is_served_to_anyone(client, media_root):
    product = h.certified("Lụa Mã Châu")
    image = h.photo(product)
    response = client.get(reverse("catalog:image", args=[image.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == h.png_bytes()
    assert "public" in response["Cache-Control"]


def test_private_image_only_for_users_who_may_see_the_product(client, client_for):
    product = h.draft("Sản phẩm ý tưởng", commune="20599")  # Duy Xuyên
    image = h.photo(product)
    url = reverse("catalog:image", args=[image.pk])
    assert client.get(url).status_code == 404
    assert client_for("district2").get(url).status_code == 404  # Đại Lộc officer
    assert client_for("district").get(url).status_code == 200  # Duy Xuyên officer
    assert client_for("province").get(url).status_code == 200
    response = client_for("province").get(url)
    assert "private" in response["Cache-Control"]


def test_image_of_revoked_product_is_no_longer_public(client):
    product = h.certified("Chiếu cói")
    image = h.photo(product)
    url = reverse("catalog:image", args=[image.pk])
    assert client.get(url).status_code == 200
    from certificates import services

    services.revoke_certificate(
        h.certificate_of(product), decision=h.revocation_decision(), reason="Vi phạm nhãn mác"
    )
    assert client.get(url).status_code == 404


def test_missing_image_file_is_404(client):
    product = h.certified("Đèn lồng Hội An")
    image = h.photo(product)
    image.image.storage.delete(image.image.name)
    assert client.get(reverse("catalog:image", args=[image.pk])).status_code == 404
    assert client.get(reverse("catalog:image", args=[999999])).status_code == 404


def test_opengraph_tags_use_the_product_photo(client):
    product = h.certified("Tinh dầu quế Trà My", story="Chưng cất từ vỏ quế.")
    image = h.photo(product)
    body = client.get(product.get_public_url()).content.decode()
    assert '<meta property="og:type" content="product">' in body
    assert f'<meta property="og:image" content="{h.SITE}{reverse("catalog:image", args=[image.pk])}">' in body
    assert f'<meta property="og:url" content="{h.SITE}{product.get_public_url()}">' in body
    assert '<meta property="og:description" content="Chưng cất từ vỏ quế.">' in body
    assert f'<link rel="canonical" href="{h.SITE}{product.get_public_url()}">' in body


def test_catalogue_form_controls_have_labels(client):
    body = client.get("/catalog/").content.decode()
    for control in ("catalog-q", "catalog-stars", "catalog-group", "catalog-district", "catalog-sort"):
        assert f'for="{control}"' in body and f'id="{control}"' in body


def test_home_shows_counts_by_star_featured_and_upcoming_fairs(client):
    import datetime

    from django.utils import timezone

    from tradefairs.models import Fair

    for i in range(3):
        h.certified(f"Sản phẩm ba sao {i}", stars=3)
    h.certified("Sâm Ngọc Linh thượng hạng", stars=4)
    h.expired("Sản phẩm hết hạn")
    today = timezone.localdate()
    Fair.objects.create(
        name="Hội chợ OCOP sắp tới",
        city="Hà Nội",
        start_date=today + datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=14),
    )
    Fair.objects.create(
        name="Hội chợ OCOP đã qua",
        city="Tam Kỳ",
        start_date=datetime.date(2023, 5, 1),
        end_date=datetime.date(2023, 5, 3),
    )
    body = client.get("/").content.decode()
    text = re.sub(r"<[^>]+>", "", body)
    text = re.sub(r"\s+", " ", text)
    # each rating also in words for screen readers ("3 sao", visually hidden) after its stars
    assert re.search(r"4 (products|sản phẩm): 3 ★★★[^,★]*, 1 ★★★★", text), text[:2000]
    assert "Sâm Ngọc Linh thượng hạng" in body
    assert "Hội chợ OCOP sắp tới" in body
    assert "Hội chợ OCOP đã qua" not in body
    assert "Sản phẩm hết hạn" not in body
