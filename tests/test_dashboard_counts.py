"""Dashboard counts say what they count, and each equals the list behind its link (issue 13, defect 7).

"Sản phẩm 34" next to "theo từng bước 16" looked like a contradiction: the first counted every
product of the district, the second only those in the year's plan. Each card's title now names its
set; these tests check each number against a queryset written out independently here, and against
the rows of the list page the card links to.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from accounts.models import AdministrativeUnit
from dossiers import services
from dossiers.demo import signed_minutes
from dossiers.models import Dossier, LocalCriterion
from evaluation.models import Round
from ocop_portal import dashboard
from products.models import Product
from tests.conftest import make_user
from tests.dossiers.helpers import file_commune_report, make_call, make_dossier, ready_dossier
from tests.factories import CertifiedProductFactory, ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def english(settings):
    """Card titles are asserted in English (the msgids)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world(users, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    call = make_call()
    last_year = make_call(year=YEAR - 1, batches=())
    district, province = users["district"], users["province"]
    nam_phuoc = users["commune"].unit
    duy_phu = AdministrativeUnit.objects.get(code="20605")
    # Duy Xuyên: products in several states, two certified; one product in Đại Lộc.
    CertifiedProductFactory(commune=nam_phuoc, producer=ProducerFactory(commune=nam_phuoc))
    CertifiedProductFactory(
        commune=duy_phu,
        producer=ProducerFactory(commune=duy_phu),
        certified_on=TODAY - datetime.timedelta(days=33 * 30),  # expires within 6 months
    )
    dai_loc = users["district2"].unit.children.first()
    ProductFactory(commune=dai_loc, producer=ProducerFactory(commune=dai_loc))
    # This year's dossiers: a draft, a returned one, a submitted one, a resubmitted one; last year's draft.
    make_dossier(call, district, commune="20605")
    submitted = ready_dossier(call, district, users["commune"])
    services.submit_dossier(submitted, by=district)
    returned = ready_dossier(call, district, commune="20605")
    file_commune_report_for(duy_phu, call)
    services.submit_dossier(returned, by=district)
    services.return_dossier(returned, by=province, general="Bổ sung")
    again = ready_dossier(call, district, commune="20605")
    file_commune_report_for(duy_phu, call)
    services.submit_dossier(again, by=district)
    services.return_dossier(again, by=province, general="Bổ sung")
    services.resubmit_dossier(again, by=district)
    make_dossier(last_year, district, commune="20605")
    # A waiting dossier in Nam Phước for the commune official, another district's dossier.
    make_dossier(call, district)
    make_dossier(call, users["district2"], commune=dai_loc.code)
    return {"call": call}


def file_commune_report_for(commune, call):
    """The commune report of a commune that has no test login (filed by an admin)."""
    admin = make_user("admin")
    report = services.start_commune_report(commune=commune, call=call, by=admin)
    criteria = list(LocalCriterion.objects.filter(regulation=call.regulation).prefetch_related("options"))
    answers = {(i.pk, c.pk): (c.options.all()[0].pk, "") for i in report.items.all() for c in criteria}
    services.save_commune_report(
        report,
        by=admin,
        meeting_date=TODAY,
        chair_name="Chủ tịch",
        participants="A",
        answers=answers,
        minutes=signed_minutes(commune),
    )
    return services.submit_commune_report(report, by=admin)


def cards(user) -> dict:
    return {c["title"]: c for c in dashboard.cards_for(user)}


def listed(client, url) -> int:
    """The number of rows of the list page at ``url`` (its table's paginator)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["table"].paginator.count


def in_district(unit):
    return Product.objects.filter(commune__parent=unit)


def test_district_cards_equal_their_querysets_and_lists(world, users, client_for):
    district = users["district"]
    unit = district.unit
    got = cards(district)
    client = client_for("district")

    products = got["All products (every state)"]
    assert products["value"] == in_district(unit).count() == 8  # 2 certified, 6 with dossiers
    assert products["text"] == "2 with a valid certificate"
    assert listed(client, products["url"]) == products["value"]

    expiring = got["Certificates expiring within 6 months"]
    assert expiring["value"] == 1 == listed(client, expiring["url"])

    to_complete = got[f"Dossiers {YEAR} to complete"]
    expected = Dossier.objects.filter(
        product__commune__parent=unit, year=YEAR, status__in=("draft", "returned")
    ).count()
    assert to_complete["value"] == expected == 3  # two drafts and the returned one; not last year's
    assert listed(client, to_complete["url"]) == expected
    assert "Dossiers to review" not in " ".join(got)  # the district does not review


def test_province_cards_equal_their_querysets_and_lists(world, users, client_for):
    got = cards(users["province"])
    client = client_for("province")
    products = got["All products (every state)"]
    assert products["value"] == Product.objects.count() == listed(client, products["url"])
    review = got[f"Dossiers {YEAR} to review"]
    assert (
        review["value"] == Dossier.objects.filter(year=YEAR, status__in=("submitted", "resubmitted")).count()
    )
    assert review["value"] == 2 == listed(client, review["url"])
    complete = got[f"Dossiers {YEAR} to complete"]
    assert complete["value"] == 4 == listed(client, complete["url"])  # incl. Đại Lộc's draft


def test_rounds_card_counts_the_rounds_its_list_shows(world, users, client_for):
    from tests.factories import unit

    regulation = world["call"].regulation
    for status in ("setup", "scoring", "closed"):
        Round.objects.create(
            name=status, year=YEAR, level="district", regulation=regulation, unit=unit("508"), status=status
        )
    card = cards(users["district"])["Evaluation rounds being set up or scored"]
    assert card["value"] == 2 and card["text"] == "1 open for scoring"
    assert listed(client_for("district"), card["url"]) == 2
    assert listed(client_for("district"), "/evaluation/rounds/") == 3


def test_commune_card_equals_the_waiting_list(world, users, client_for):
    commune = users["commune"]
    card = cards(commune)["Products awaiting the commune report"]
    expected = (
        Dossier.objects.filter(product__commune=commune.unit)
        .exclude(commune_items__report__status="submitted")
        .count()
    )
    assert card["value"] == expected == 1
    response = client_for("commune").get(card["url"])
    assert len(response.context["waiting"]) == expected
    file_commune_report(commune, world["call"])
    assert cards(commune)["Products awaiting the commune report"]["value"] == 0


def test_every_counted_card_that_links_to_a_list_agrees_with_it(world, users, client_for):
    """Any card whose value is a number and whose link is a table page shows that many rows there,
    unless listed here with the reason the link is broader on purpose."""
    broader = {
        # The management list of fairs shows every fair; the title names the year counted.
        "Fairs held in",
    }
    checked = set()
    for role in ("province", "district", "commune", "department"):
        client = client_for(role)
        for title, card in cards(users[role]).items():
            if not isinstance(card.get("value"), int) or not card.get("url"):
                continue
            if any(title.startswith(prefix) for prefix in broader):
                continue
            response = client.get(card["url"])
            assert response.status_code == 200, f"{role}: {title}"
            table = response.context.get("table")
            if table is None:  # not a list page (a board, a call)
                continue
            assert table.paginator.count == card["value"], f"{role}: {title}"
            checked.add(title)
    assert {
        "All products (every state)",
        "Producers",
        f"Dossiers {YEAR} to complete",
        f"Dossiers {YEAR} to review",
        "Certificates expiring within 6 months",
    } <= checked


def test_a_row_outside_the_users_area_is_the_portals_404_page_even_with_debug(
    world, users, client_for, settings
):
    """The embedded demo runs with DEBUG on: a district officer opening Đại Lộc's dossier reads the
    portal's own page (Vietnamese in the UI), not Django's technical page with the URL patterns."""
    settings.DEBUG = True
    other = Dossier.objects.filter(product__commune__parent__code="506").get()
    response = client_for("district").get(f"/dossiers/{other.pk}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Records outside your unit (another district or commune) cannot be opened" in html
    assert "URLconf" not in html and other.product.name not in html
    # Unmatched addresses keep Django's technical page for developers.
    assert "URLconf" in client_for("district").get("/no-such-page/").content.decode()
