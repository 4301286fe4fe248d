"""The current year in the merged Thành phố Đà Nẵng (two-tier, 148 as amended by 1489).

Since 1 July 2025 Quảng Nam is part of the new Thành phố Đà Nẵng (``2025-48``), with communes and wards
directly under the city. The records of 2022–2023 stay under Quảng Nam (its three-tier tree); this
year's city pipeline lives in the new communes that succeeded the demo's Duy Xuyên and Đại Lộc communes
(``accounts/successions_data/da_nang_2025_demo.json``):

* the one call of the year, issued by Thành phố Đà Nẵng (its Sở Nông nghiệp và Môi trường receives
  the dossiers; :func:`dossiers.demo.current_call`), with the batch calendar of
  :func:`dossiers.demo.current_batches` — no call of the year is issued by Quảng Nam;
* new producers and products of the year in Xã Nam Phước, Xã Duy Xuyên, Xã Thu Bồn and Xã Đại Lộc,
  taken through idea, business plan and implementation; complete dossiers assembled by the commune's
  economic office (``demo_commune_economic`` in Xã Duy Xuyên, ``demo_district`` in Xã Nam Phước,
  ``demo_district2`` in Xã Đại Lộc) or the Sở's staff (``demo_city``) for the others;
* the communes' reports on the local criteria (``demo_ward``, UBND xã Duy Xuyên, and ``demo_commune``,
  UBND xã Nam Phước, for their own), then
  the dossiers submitted — those of :data:`CLOSED_ROUND` accepted — for the city's council rounds
  (``evaluation.demo``);
* :data:`WARD_DAY_PRODUCT`: a Xã Duy Xuyên product whose complete dossier waits for the commune's
  report, reserved for the two-tier browser journey (``tests/e2e/journeys/test_two_tier_round.py``).
"""

from __future__ import annotations

import datetime

from accounts.models import AdministrativeUnit, User
from producers.models import Producer, ProducerKind
from products import services as product_services
from products.models import Level, Product, ProductGroup, RegulationVersion

from . import services
from .models import DocumentKind, DossierCall, SubmissionBatch

CITY_CODE = "2025-48"


def local_officer(commune, fallback=None):
    """The demo login of ``commune``'s economic office (a local officer bound to it), else ``fallback``."""
    from accounts.models import Role

    found = User.objects.filter(role=Role.DISTRICT, unit=commune).order_by("pk").first()
    return found or fallback


def commune_official(commune, fallback=None):
    """The demo login of ``commune``'s UBND (it files the commune's report), else ``fallback``."""
    from accounts.models import Role

    found = User.objects.filter(role=Role.COMMUNE, unit=commune).order_by("pk").first()
    return found or fallback


CITY_CALL_TITLE = "Hồ sơ đánh giá, phân hạng sản phẩm OCOP cấp thành phố năm {year}"
CITY_CALL_NOTES = (
    "Thành phố Đà Nẵng (sau sắp xếp, chính quyền hai cấp): Sở Nông nghiệp và Môi trường tiếp nhận "
    "hồ sơ; UBND xã, phường đánh giá tiêu chí địa phương (Quyết định 148/QĐ-TTg được sửa đổi bởi "
    "Quyết định 1489/QĐ-TTg). Hồ sơ của sản phẩm đăng ký tại các xã, huyện cũ của tỉnh Quảng Nam "
    "cũng nộp theo kỳ này. Dữ liệu mẫu: hạn nộp tính theo ngày hiện tại."
)
WARD_DAY_PRODUCT = "Tinh dầu sả Duy Xuyên"
# (product, producer, producer kind, 2025 commune code, product group of 148, round)
PIPELINE = [
    (
        "Bánh tráng nướng Nam Phước",
        "HTX Dịch vụ Nam Phước",
        ProducerKind.COOPERATIVE,
        "20599",
        "1.3",
        "closed",
    ),
    ("Rượu nếp Duy Xuyên", "Cơ sở sản xuất Duy Xuyên", ProducerKind.HOUSEHOLD, "20623", "2.1", "closed"),
    ("Mật ong Thu Bồn", "HTX Nông nghiệp Thu Bồn", ProducerKind.COOPERATIVE, "20611", "1.3", "closed"),
    ("Trà xanh Đại Lộc", "Công ty TNHH Chè Đại Lộc", ProducerKind.ENTERPRISE, "20500", "2.2", "closed"),
    ("Chuối sấy Đại Lộc", "Tổ hợp tác Chuối Đại Lộc", ProducerKind.COOP_GROUP, "20500", "1.3", "closed"),
    (
        "Bánh ít lá gai Duy Xuyên",
        "Hộ kinh doanh Bánh ít Duy Xuyên",
        ProducerKind.HOUSEHOLD,
        "20623",
        "1.3",
        "open",
    ),
    (
        "Tương ớt Nam Phước",
        "Cơ sở sản xuất Tương ớt Nam Phước",
        ProducerKind.HOUSEHOLD,
        "20599",
        "1.3",
        "open",
    ),
    ("Nước mắm Thu Bồn", "Công ty CP Thu Bồn", ProducerKind.ENTERPRISE, "20611", "1.3", "open"),
    ("Trà gừng Đại Lộc", "HTX Sản xuất Đại Lộc", ProducerKind.COOPERATIVE, "20500", "2.2", "open"),
    (WARD_DAY_PRODUCT, "HTX Nông nghiệp Duy Xuyên", ProducerKind.COOPERATIVE, "20623", "1.3", "ward_day"),
]
CLOSED_ROUND = [row[0] for row in PIPELINE if row[5] == "closed"]
OPEN_ROUND = [row[0] for row in PIPELINE if row[5] == "open"]


def city():
    return AdministrativeUnit.objects.filter(code=CITY_CODE).first()


def city_call(year: int):
    unit = city()
    return (
        DossierCall.objects.filter(year=year, level=Level.PROVINCE, issuing_unit=unit).first()
        if unit
        else None
    )


def _product(name, producer_name, kind, commune, group_code, *, officer, year, seq):
    existing = Product.objects.filter(name=name, commune=commune).first()
    if existing is not None:
        return existing
    producer, _ = Producer.objects.get_or_create(
        name=producer_name,
        commune=commune,
        defaults=dict(
            kind=kind,
            tax_code=f"04020{seq:05d}" if kind != ProducerKind.HOUSEHOLD else "",
            legal_representative="Nguyễn Thị Hoa",
            phone=f"0236 38{seq:05d}",
            address=f"Thôn {seq % 7 + 1}, {commune.name}, {commune.parent.name}",
            founded_year=2015 + seq % 8,
        ),
    )
    product = product_services.create_product(
        by=officer,
        name=name,
        producer=producer,
        commune=commune,
        group=ProductGroup.objects.get(regulation__code="148-2023", code=group_code),
        origin=Product.Origin.NEW,
        registered_year=year,
        description=f"{name} của {producer.name}.",
        story=f"{name}, sản phẩm đăng ký năm {year} tại {commune.name}, thành phố Đà Nẵng (dữ liệu mẫu).",
        duplicate_reason="Sản phẩm mới của chủ thể ở xã mới sau sắp xếp (dữ liệu mẫu).",
    )
    for move in ("accept_idea", "submit_plan", "approve_plan", "start_development"):
        product_services.transition(product, move, by=officer, reason="Dữ liệu mẫu")
    return product


def seed_city(today: datetime.date, *, batches, complete, complete_and_submit) -> str:
    """The city's call, pipeline, dossiers and commune reports of the year (idempotent)."""
    unit = city()
    if unit is None:
        return "no 2025 tree"
    if Product.objects.filter(name=WARD_DAY_PRODUCT, commune__parent=unit).exists():
        return "city: already present"
    admin = User.objects.filter(username="admin").first()
    staff = User.objects.filter(username="demo_city").first() or admin
    call, _created = DossierCall.objects.get_or_create(
        year=today.year,
        level=Level.PROVINCE,
        issuing_unit=unit,
        defaults=dict(
            regulation=RegulationVersion.objects.get(code="148-2023"),
            title=CITY_CALL_TITLE.format(year=today.year),
            late_policy=DossierCall.LatePolicy.FLAG,
            notes=CITY_CALL_NOTES,
        ),
    )
    for number, deadline, quota, note in batches:
        SubmissionBatch.objects.get_or_create(
            call=call, number=number, defaults=dict(deadline=deadline, quota_percent=quota, note=note)
        )
    kinds_by_pk = {k.pk: k for k in DocumentKind.objects.all()}
    communes = {c.official_code: c for c in AdministrativeUnit.objects.filter(parent=unit)}

    items, journey = [], None
    for seq, (name, producer, kind, code, group, route) in enumerate(PIPELINE, start=1):
        commune = communes[code]
        officer = local_officer(commune, staff)
        product = _product(name, producer, kind, commune, group, officer=officer, year=today.year, seq=seq)
        if route == "ward_day":
            journey = (product, officer)
            continue
        items.append((product, officer, route == "closed"))
    made = complete_and_submit(
        call,
        today,
        items,
        reviewer=staff,
        admin=admin,
        kinds_by_pk=kinds_by_pk,
        report_author=commune_official,
        chair="Lê Văn Phúc",
        conclusion="Các sản phẩm đáp ứng tiêu chí địa phương, đề nghị thành phố đánh giá (dữ liệu mẫu).",
        meeting_days=9,
        accept_reason="Hồ sơ đầy đủ, đủ điều kiện đánh giá cấp thành phố.",
    )
    reports = len({product.commune_id for product, _o, _a in items})
    if journey is not None:
        product, officer = journey
        dossier = services.create_dossier(product=product, call=call, by=officer)
        complete(dossier, product, officer, kinds_by_pk, today)
    return f"city of {unit.name}: 1 call, {made + (journey is not None)} dossiers, {reports} commune reports"
