"""The whole round through the web UI (HTTP level): council set-up → scoring → decision → certificates."""

import datetime
import re

import pytest
from django.test import Client

from accounts.models import AdministrativeUnit, Role, User
from certificates.models import Certificate
from evaluation.models import Round
from products import workflows as pw
from products.models import Product, RegulationVersion

from .conftest import answers_for_total, make_product

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_district_round_148_in_the_browser_from_setup_to_certificates():
    dx = AdministrativeUnit.objects.get(code="508")
    officer = User.objects.create_user("officer", password="x-pass-12345", role=Role.DISTRICT, unit=dx)
    members = [
        User.objects.create_user(
            f"member{i}", password="x-pass-12345", role=Role.COUNCIL, first_name=f"Thành viên {i}"
        )
        for i in range(3)
    ]
    product = make_product("Bánh tráng Phú Chiêm", commune_code="20599")
    make_product("Rượu cần chưa có hồ sơ", commune_code="20599", dossier_year=None)
    other_district_product = make_product(
        "Sản phẩm Đại Lộc", commune_code=AdministrativeUnit.objects.filter(parent__code="506").first().code
    )
    org = login(officer)

    # 1. create the round (the district officer may only pick their district)
    page = org.get("/evaluation/rounds/new/").content.decode()
    assert "Huyện Đại Lộc" not in page
    reg = RegulationVersion.objects.get(code="148-2023")
    response = org.post(
        "/evaluation/rounds/new/",
        {
            "name": "Đợt 1 Duy Xuyên",
            "year": 2026,
            "level": "district",
            "regulation": reg.pk,
            "unit": dx.pk,
            "meeting_date": "2026-12-01",
            "scoring_closes_on": "2026-11-30",
            "quorum": 3,
        },
    )
    round_ = Round.objects.get(name="Đợt 1 Duy Xuyên")
    assert response.status_code == 302 and response.url == f"/evaluation/rounds/{round_.pk}/"

    # 2. council and products
    for i, m in enumerate(members):
        assert (
            org.post(
                f"/evaluation/rounds/{round_.pk}/members/add/",
                {"user": m.pk, "role": "chair" if i == 0 else "member"},
            ).status_code
            == 302
        )
    assert round_.members.count() == 3
    assign_page = org.get(f"/evaluation/rounds/{round_.pk}/products/add/").content.decode()
    assert "Bánh tráng Phú Chiêm" in assign_page and "Sản phẩm Đại Lộc" not in assign_page
    assert "Rượu cần chưa có hồ sơ" not in assign_page  # no submitted dossier of 2026: not offered
    refused = org.post(
        f"/evaluation/rounds/{round_.pk}/products/add/", {"products": [product.pk, other_district_product.pk]}
    )
    assert (
        refused.status_code == 200 and not round_.entries.exists()
    )  # another district's product: form error, nothing saved
    org.post(f"/evaluation/rounds/{round_.pk}/products/add/", {"products": [product.pk]})
    assert list(round_.entries.values_list("product_id", flat=True)) == [product.pk]
    entry = round_.entries.get()

    # 3. open scoring; each member scores on the sheet
    org.post(f"/evaluation/rounds/{round_.pk}/action/open_scoring/")
    round_.refresh_from_db()
    assert round_.status == "scoring"
    for m, total in zip(members, (64, 66, 68), strict=True):
        client = login(m)
        assert "Bánh tráng Phú Chiêm" in client.get("/evaluation/my-sheets/").content.decode()
        sheet_page = client.get(f"/evaluation/entries/{entry.pk}/score/").content.decode()
        assert 'type="radio"' in sheet_page
        data = {f"c{c}": o for c, o in answers_for_total(entry, total).items()}
        bad = dict(data)
        first_key = next(iter(bad))
        bad[first_key] = "999999"
        refused = client.post(f"/evaluation/entries/{entry.pk}/score/", {**bad, "submit": "1"})
        assert refused.status_code == 400 and not entry.sheets.filter(member__user=m).exists()
        ok = client.post(f"/evaluation/entries/{entry.pk}/score/", {**data, "submit": "1"})
        assert ok.status_code == 302, re.findall(
            r"(?:invalid-feedback[^>]*>|alert-danger[^>]*>)([^<]*)", ok.content.decode()
        )
    # 4. close → results → decision → approve → certificates
    org.post(f"/evaluation/rounds/{round_.pk}/action/close_scoring/")
    entry.refresh_from_db()
    assert entry.average == 66 and entry.stars == 3 and entry.outcome == "recognise"
    xlsx = org.get(f"/evaluation/rounds/{round_.pk}/results.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    response = org.post(
        f"/evaluation/rounds/{round_.pk}/decision/new/",
        {
            "number": "150/QĐ-UBND",
            "date": "2026-12-05",
            "signer_name": "Nguyễn Văn Chủ tịch",
            "signer_title": "Chủ tịch",
        },
    )
    decision_url = response.url
    assert re.match(r"/evaluation/decisions/\d+/", decision_url)
    assert "Bánh tráng Phú Chiêm" in org.get(decision_url).content.decode()
    asked = org.post(decision_url + "approve/")  # no confirmation field: asked first, nothing issued
    assert asked.status_code == 200 and 'name="confirmed" value="1"' in asked.content.decode()
    assert not Certificate.objects.filter(product=product).exists()
    org.post(decision_url + "approve/", {"confirmed": "1"})
    cert = Certificate.objects.get(product=product)
    assert cert.stars == 3 and cert.level == "district" and cert.valid_until == datetime.date(2029, 12, 5)
    product.refresh_from_db()
    assert product.state == pw.RECOGNISED and Product.objects.public().filter(pk=product.pk).exists()
    assert org.get(f"/evaluation/certificates/{cert.pk}/pdf/")["Content-Type"] == "application/pdf"


def test_council_member_opens_the_dossier_from_the_score_sheet():
    from django.utils import timezone

    from dossiers.models import Dossier, DossierCall
    from evaluation import services as rs

    from .conftest import make_round

    officer = User.objects.create_user(
        "officer2",
        password="x-pass-12345",
        role=Role.DISTRICT,
        unit=AdministrativeUnit.objects.get(code="508"),
    )
    round_, members = make_round(by=officer)
    product = make_product("Chả cá Duy Hải", commune_code="20638", dossier_year=None)
    call = DossierCall.objects.create(
        year=round_.year, level="district", regulation=round_.regulation, issuing_unit=round_.unit
    )
    dossier = Dossier.objects.create(
        product=product, year=round_.year, call=call, status="submitted", submitted_at=timezone.now()
    )
    entry = rs.assign_product(round_, product, by=officer)
    rs.open_scoring(round_, by=officer)
    page = login(members[0]).get(f"/evaluation/entries/{entry.pk}/score/").content.decode()
    assert f"/dossiers/{dossier.pk}/review/" in page


def test_new_round_form_takes_the_scoring_deadline_from_the_published_plan():
    from plans.models import AnnualPlan, Milestone

    province = AdministrativeUnit.objects.get(code="49")
    from django.utils import timezone

    year = timezone.localdate().year
    plan = AnnualPlan.objects.create(province=province, year=year, title="Kế hoạch", status="published")
    Milestone.objects.create(
        plan=plan, kind="district_evaluation", label="Đánh giá cấp huyện", due_date=datetime.date(year, 8, 31)
    )
    officer = User.objects.create_user(
        "officer3",
        password="x-pass-12345",
        role=Role.DISTRICT,
        unit=AdministrativeUnit.objects.get(code="508"),
    )
    page = login(officer).get("/evaluation/rounds/new/").content.decode()
    assert f'value="{year}-08-31"' in page
