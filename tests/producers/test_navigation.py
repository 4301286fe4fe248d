"""Menu entries and dashboard cards of the registry."""

from __future__ import annotations

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.access import role_of
from ocop_portal.navigation import flat_names, items_for
from producers import menu as producer_menu
from products import menu as product_menu
from tests.factories import CertifiedProductFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role,visible",
    [
        ("province", True),
        ("district", True),
        ("commune", True),
        ("department", True),
        ("admin", True),
        ("council", False),
        ("producer", False),
    ],
)
def test_menu(users, role, visible):
    names = flat_names(items_for(role_of(users[role])))
    assert ("products:list" in names) is visible
    assert ("producers:list" in names) is visible


def test_dashboard_cards_count_in_scope(users):
    today = timezone.localdate()
    CertifiedProductFactory(certified_on=today - relativedelta(months=33))  # expires in 3 months
    CertifiedProductFactory()
    dai_loc = users["district2"].unit.children.first()
    ProductFactory(commune=dai_loc, producer=ProducerFactory(commune=dai_loc))
    cards = {c["title"]: c for c in product_menu.cards(users["district"])}
    assert cards["All products (every state)"]["value"] == 2
    assert cards["Certificates expiring within 6 months"]["value"] == 1
    assert cards["Certificates expiring within 6 months"]["url"] == "/products/?expiring=6"
    assert product_menu.cards(users["province"])[0]["value"] == 3
    assert producer_menu.cards(users["province"])[0]["value"] == 3
    assert producer_menu.cards(users["district"])[0]["value"] == 2
    assert product_menu.cards(users["producer"]) == [] and producer_menu.cards(users["council"]) == []


def test_expiring_filter(client_for):
    today = timezone.localdate()
    soon = CertifiedProductFactory(name="Sắp hết hạn", certified_on=today - relativedelta(months=33))
    CertifiedProductFactory(name="Còn lâu")
    html = client_for("province").get("/products/", {"expiring": 6}).content.decode()
    assert soon.name in html and "Còn lâu" not in html
