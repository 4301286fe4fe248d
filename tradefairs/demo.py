"""Demo sales points, OCOP centres, fairs of 2022, 2023 and this year.

The points opened in 2021 in Quảng Nam's districts (17 of the 18 covered). Those still open are
recorded in the commune or ward that holds them since the 2025 reform (Phường Hội An, Xã Duy Xuyên …,
of Thành phố Đà Nẵng), as the trade promotion office updates its register; the point closed before
the reform's records caught up keeps its old district. Without the 2025 tree the points stay in the
old districts.

Deterministic and idempotent. Dates of this year's fairs are relative to today: one ended (with
results, when the year is old enough), one in progress, one upcoming; this year's are the city's.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from accounts import branding, territory
from accounts.models import AdministrativeUnit, Department
from products import cache
from products.models import Product

from .models import Fair, Participation, SalesPoint

UNCOVERED_DISTRICT = "504"  # Tây Giang: the target reads 17/18 on the demo data
# (name, street address, commune): the commune is the point's unit, never repeated in the address
# (one ward per address: the page prints "address, commune, district").
DISTRICT_CENTRES = {
    "503": ("Trung tâm giới thiệu sản phẩm OCOP Hội An", "Số 37 Trần Phú", "Phường Minh An"),
    "507": ("Trung tâm OCOP thị xã Điện Bàn", "Đường ĐT 609", "Phường Vĩnh Điện"),
    "508": ("Trung tâm OCOP huyện Duy Xuyên", "Quốc lộ 1A", "Thị trấn Nam Phước"),
    "506": ("Trung tâm OCOP huyện Đại Lộc", "Đường Hùng Vương", "Thị trấn Ái Nghĩa"),
    "516": ("Trung tâm sâm Ngọc Linh và sản phẩm OCOP Nam Trà My", "Thôn 2", "Xã Trà Mai"),
}
HOURS = [
    "7:30–21:00 hằng ngày",
    "7:00–17:00, thứ Hai–thứ Bảy",
    "8:00–20:00 hằng ngày",
    "6:30–18:30 hằng ngày",
]
# The 2025 commune or ward that holds each former district's centre (a demo choice by place, for the
# districts whose communes the demo's succession subset does not map; a mapped commune wins).
TODAY_UNIT = {
    "502": "Phường Tam Kỳ",
    "503": "Phường Hội An",
    "504": "Xã Tây Giang",
    "505": "Xã Đông Giang",
    "506": "Xã Đại Lộc",
    "507": "Phường Điện Bàn",
    "508": "Xã Duy Xuyên",
    "509": "Xã Quế Sơn",
    "510": "Xã Nam Giang",
    "511": "Xã Khâm Đức",
    "512": "Xã Hiệp Đức",
    "513": "Xã Thăng Bình",
    "514": "Xã Tiên Phước",
    "515": "Xã Trà My",
    "516": "Xã Nam Trà My",
    "517": "Xã Núi Thành",
    "518": "Xã Phú Ninh",
    "519": "Xã Nông Sơn",
}
POINT_NAMES = ["Điểm bán sản phẩm OCOP {d}", "Cửa hàng đặc sản OCOP {d}", "Gian hàng OCOP chợ {d}"]


def _short(unit: AdministrativeUnit) -> str:
    for prefix in ("Thành phố ", "Thị xã ", "Huyện ", "Phường ", "Xã ", "Thị trấn "):
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


class _Today:
    """Where a point opened in an old district and commune is recorded today: the 2025 unit holding the
    commune (from the loaded successions), else the one named in TODAY_UNIT; the old units when the
    2025 tree is not loaded (or before the reform)."""

    def __init__(self):
        self.province = territory.served_province()
        self.tree = territory.territory()
        self.by_name = (
            {u.name: u for u in AdministrativeUnit.objects.filter(parent=self.province).valid_on()}
            if self.province is not None and self.province.code != "49"
            else {}
        )
        self.by_pk = {u.pk: u for u in self.by_name.values()}

    def place(self, district, commune):
        """(local unit, commune) to record: both the same 2025 commune/ward, or the old pair."""
        if not self.by_name:
            return district, commune
        now = self.by_pk.get(self.tree.today.get(commune.pk)) if commune is not None else None
        now = now or self.by_name.get(TODAY_UNIT.get(district.code, ""))
        return (now, now) if now is not None else (district, commune)


def _sales_points(rng: random.Random):
    province = AdministrativeUnit.objects.get(code="49")
    districts = list(AdministrativeUnit.objects.districts().filter(parent=province).order_by("code"))
    certified = list(
        Product.objects.certified().select_related("commune").order_by("-stars", "pk").only("pk", "commune")
    )
    by_district: dict[str, list[int]] = {}
    for p in certified:
        by_district.setdefault(p.commune.path.split("/")[2], []).append(p.pk)
    opened = datetime.date(2021, 3, 1)
    points: list[tuple[SalesPoint, list[int]]] = []
    today = _Today()
    city = branding.portal_province_name()
    tam_ky = next(d for d in districts if d.code == "502")
    held_by, commune = today.place(tam_ky, tam_ky.children.get(name="Phường An Mỹ"))
    points.append(
        (
            SalesPoint(
                name=f"Trung tâm giới thiệu và bán sản phẩm OCOP {'tỉnh ' if city == 'Quảng Nam' else ''}{city}"
                + (" (cơ sở Tam Kỳ)" if city != "Quảng Nam" else ""),
                kind=SalesPoint.Kind.PROVINCIAL_CENTRE,
                address="Số 2 đường Trần Phú",
                district=held_by,
                commune=commune,
                opening_hours="7:30–21:00 hằng ngày",
                contact_name="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp",
                phone="0235 3812 345",
                email="ocop.trungtam@example.vn",
                operator=f"Sở Công Thương {city} (dữ liệu mẫu)",
                opened_on=opened,
            ),
            [p.pk for p in certified if p.stars and p.stars >= 4][:60] + [p.pk for p in certified][::9],
        )
    )
    for n, district in enumerate(districts):
        if district.code == UNCOVERED_DISTRICT:
            continue
        communes = list(district.children.order_by("code"))
        local = by_district.get(district.code, [])
        if district.code in DISTRICT_CENTRES:
            name, address, commune_name = DISTRICT_CENTRES[district.code]
            held_by, commune = today.place(
                district, next((c for c in communes if c.name == commune_name), None)
            )
            points.append(
                (
                    SalesPoint(
                        name=name,
                        kind=SalesPoint.Kind.DISTRICT_CENTRE,
                        address=address,
                        district=held_by,
                        commune=commune,
                        opening_hours=HOURS[n % len(HOURS)],
                        phone=f"0235 38{rng.randint(10000, 99999)}",
                        operator=f"UBND {held_by.name} (dữ liệu mẫu)",
                        opened_on=opened.replace(year=2021, month=1 + n % 12),
                    ),
                    local[:40],
                )
            )
        count = 2 if n % 3 == 0 else 1
        for i in range(count):
            commune = communes[(n + i * 3) % len(communes)] if communes else None
            held_by, commune = today.place(district, commune)
            points.append(
                (
                    SalesPoint(
                        name=POINT_NAMES[(n + i) % len(POINT_NAMES)].format(d=_short(held_by))
                        + (f" {i + 1}" if count > 1 else ""),
                        kind=SalesPoint.Kind.POINT,
                        address=f"Thôn {rng.randint(1, 9)}",
                        district=held_by,
                        commune=commune,
                        opening_hours=HOURS[(n + i + 1) % len(HOURS)],
                        contact_name=rng.choice(
                            ["Nguyễn Thị Hoa", "Trần Văn Minh", "Lê Thị Sen", "Phạm Văn Lộc"]
                        ),
                        phone=f"09{rng.randint(10000000, 99999999)}",
                        opened_on=datetime.date(2021 + (n + i) % 2, 1 + (n * 5 + i) % 12, 1),
                    ),
                    local[i::2][:25] or [p.pk for p in certified][n::40][:8],
                )
            )
    # One point closed last year: it no longer counts, and is hidden from the public.
    closed_district = next(d for d in districts if d.code == "509")
    points.append(
        (
            SalesPoint(
                name="Điểm bán OCOP chợ Đông Phú (đã đóng cửa)",
                kind=SalesPoint.Kind.POINT,
                address="Chợ Đông Phú",
                district=closed_district,
                commune=closed_district.children.get(name="Thị trấn Đông Phú"),
                opening_hours="6:00–11:00",
                active=False,
                opened_on=datetime.date(2021, 5, 1),
                closed_on=datetime.date(timezone.localdate().year - 1, 12, 31),
            ),
            [],
        )
    )
    for point, _ in points:
        point.save()  # fills name_ascii
    through = SalesPoint.products.through
    through.objects.bulk_create(
        [
            through(salespoint_id=point.pk, product_id=pk)
            for point, pks in points
            for pk in dict.fromkeys(pks)
        ],
        ignore_conflicts=True,
    )
    return len(points)


def _fairs(rng: random.Random):
    today = timezone.localdate()
    year = today.year
    trade = Department.objects.filter(code="so-cong-thuong").first()
    culture = Department.objects.filter(code="so-vhttdl").first() or trade
    IN, OUT, ABROAD = Fair.Scope.IN_PROVINCE, Fair.Scope.OUT_OF_PROVINCE, Fair.Scope.ABROAD  # noqa: N806
    d = datetime.date
    specs = [
        # name, city, venue, start, days, scope, organiser, with results
        ("Hội chợ OCOP Quảng Nam 2022", "Tam Kỳ", "Quảng trường 24/3", d(2022, 7, 14), 5, IN, trade),
        ("Phiên chợ OCOP phố cổ Hội An 2022", "Hội An", "Công viên Kazik", d(2022, 9, 22), 4, IN, culture),
        (
            "Hội chợ sản phẩm OCOP Quảng Nam tại Đà Nẵng 2022",
            "Đà Nẵng",
            "Cung Thể thao Tiên Sơn",
            d(2022, 11, 10),
            4,
            OUT,
            trade,
        ),
        (
            "Hội chợ OCOP Quảng Nam tại Hà Nội 2023",
            "Hà Nội",
            "Trung tâm Triển lãm Giảng Võ",
            d(2023, 6, 8),
            5,
            OUT,
            trade,
        ),
        (
            "Tuần hàng OCOP Quảng Nam tại TP Hồ Chí Minh 2023",
            "TP Hồ Chí Minh",
            "Nhà văn hóa Thanh niên",
            d(2023, 8, 17),
            5,
            OUT,
            trade,
        ),
        (
            "Hội chợ OCOP miền Trung tại Đà Nẵng 2023",
            "Đà Nẵng",
            "Công viên Biển Đông",
            d(2023, 9, 14),
            4,
            OUT,
            trade,
        ),
        ("Festival OCOP Hội An 2023", "Hội An", "Phố đi bộ Bạch Đằng", d(2023, 10, 5), 4, IN, culture),
        ("Hội chợ Xuân OCOP Tam Kỳ 2023", "Tam Kỳ", "Công viên 29/3", d(2023, 12, 20), 5, IN, trade),
        (
            "Xúc tiến thương mại sản phẩm OCOP Quảng Nam tại Hàn Quốc 2023",
            "Seoul",
            "aT Center",
            d(2023, 11, 2),
            3,
            ABROAD,
            trade,
        ),
    ]
    # This year's fairs are the city's after the 2025 merger: named after it, held in today's wards.
    city = branding.portal_province_name(today)
    merged = city != "Quảng Nam"
    wards = {
        "Tam Kỳ": f"Phường Tam Kỳ, thành phố {city}" if merged else "Tam Kỳ",
        "Hội An": f"Phường Hội An, thành phố {city}" if merged else "Hội An",
    }
    ended_start = today - datetime.timedelta(days=45)
    if ended_start.year == year and ended_start + datetime.timedelta(days=3) < today:
        specs.append(
            (f"Hội chợ OCOP {city} {year}", wards["Tam Kỳ"], "Quảng trường 24/3", ended_start, 4, IN, trade)
        )
    specs += [
        (
            f"Phiên chợ OCOP và đặc sản vùng miền Hội An {year}",
            wards["Hội An"],
            "Công viên Kazik",
            today - datetime.timedelta(days=1),
            4,
            IN,
            culture,
        ),
        (
            f"Hội chợ sản phẩm OCOP {city} tại Hà Nội {year}",
            "Hà Nội",
            "Trung tâm Triển lãm Giảng Võ",
            today + datetime.timedelta(days=30),
            5,
            OUT,
            trade,
        ),
    ]
    certified = list(Product.objects.certified().order_by("pk").values_list("pk", "producer_id"))
    by_producer: dict[int, list[int]] = {}
    for pk, producer_id in certified:
        by_producer.setdefault(producer_id, []).append(pk)
    producer_ids = sorted(by_producer)
    fairs = []
    for name, city, venue, start, days, scope, organiser in specs:
        end = start + datetime.timedelta(days=days - 1)
        fairs.append(
            Fair(
                name=name,
                city=city,
                venue=venue,
                start_date=start,
                end_date=end,
                scope=scope,
                organiser=organiser,
                description=(
                    f"{name}: trưng bày, giới thiệu và bán các sản phẩm OCOP của "
                    f"{branding.portal_authority(start)[0]}; kết nối giao thương giữa chủ thể OCOP với "
                    "doanh nghiệp phân phối (dữ liệu mẫu)."
                ),
            )
        )
    for fair in fairs:
        fair.save()
    participations, links = [], []
    for fair in fairs:
        count = 6 if fair.scope == ABROAD else 12
        chosen = rng.sample(producer_ids, min(count, len(producer_ids)))
        for n, producer_id in enumerate(chosen):
            part = Participation(
                fair=fair,
                producer_id=producer_id,
                booth=f"{chr(65 + n // 10)}{n % 10 + 1:02d}",
            )
            if fair.end_date < today:
                part.sales_vnd = rng.randint(8, 120) * 1_000_000
                part.contracts_signed = rng.randint(0, 3)
            participations.append(part)
            links.append(by_producer[producer_id][:3])
    Participation.objects.bulk_create(participations)
    through = Participation.products.through
    through.objects.bulk_create(
        [
            through(participation_id=part.pk, product_id=pk)
            for part, pks in zip(participations, links, strict=True)
            for pk in pks
        ]
    )
    now = timezone.now()
    for fair in fairs:
        if fair.end_date >= today:
            continue
        parts = [p for p in participations if p.fair_id == fair.pk]
        fair.sales_vnd = sum(p.sales_vnd or 0 for p in parts)
        fair.contracts_signed = sum(p.contracts_signed or 0 for p in parts)
        fair.visitors = rng.randint(8, 60) * 1000
        fair.results_notes = "Số liệu tổng hợp từ báo cáo của các chủ thể tham gia (dữ liệu mẫu)."
        fair.results_recorded_at = now
    Fair.objects.bulk_update(
        fairs, ["sales_vnd", "contracts_signed", "visitors", "results_notes", "results_recorded_at"]
    )
    return len(fairs), len(participations)


def seed(out):
    if SalesPoint.objects.exists() or Fair.objects.exists():
        return "already present"
    rng = random.Random(2023)
    points = _sales_points(rng)
    fairs, participations = _fairs(rng)
    cache.bump()
    return f"{points} sales points; {fairs} fairs, {participations} participations"
