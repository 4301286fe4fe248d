"""Demo producers of every type across Quảng Nam's 18 districts (deterministic)."""

import random

from accounts.models import AdministrativeUnit

from .models import OrganisationEvent, Producer, ProducerKind

KIND_NAMES = {
    ProducerKind.ENTERPRISE: ["Công ty TNHH {n}", "Công ty CP {n}", "Doanh nghiệp tư nhân {n}"],
    ProducerKind.COOPERATIVE: ["HTX Nông nghiệp {n}", "HTX Dịch vụ {n}", "HTX Sản xuất {n}"],
    ProducerKind.COOP_GROUP: ["Tổ hợp tác {n}"],
    ProducerKind.HOUSEHOLD: ["Hộ kinh doanh {n}", "Cơ sở sản xuất {n}"],
}
# Business names that tie a producer to no product and no other place (a "HTX Lụa Mã Châu" in the
# mountains making ba kích read wrong): the place is the producer's commune and district.
STEMS = [
    "Ngọc Lan",
    "Tâm Phúc",
    "Hương Quê",
    "Thuận Thành",
    "Xanh Việt",
    "Đất Quảng",
    "Sơn Hà",
    "Phú Mỹ",
    "Mỹ Phát",
    "An Phú",
    "Hòa Bình",
    "Tam Hợp",
    "Cẩm Tú",
    "Bảo An",
    "Thành Đạt",
    "Tiến Phát",
    "Đồng Xanh",
    "Đồng Tâm",
    "Hạnh Phúc",
    "Thanh Bình",
    "Kim Ngân",
    "Phúc Lộc",
    "Phương Nam",
    "Hoàng Gia",
    "Nam Phát",
    "Biển Xanh",
    "Phước Thịnh",
    "Khánh Đức",
    "Tân Hiệp",
    "Việt Á",
    "Ánh Dương",
    "Minh Phát",
    "Hưng Thịnh",
]
PEOPLE = [
    "Nguyễn Văn Hùng",
    "Trần Thị Lan",
    "Lê Văn Tâm",
    "Phạm Thị Hoa",
    "Võ Minh Đức",
    "Huỳnh Thị Mai",
    "Đỗ Văn Sơn",
    "Bùi Thị Thu",
    "Hồ Văn Phước",
    "Ngô Thị Hạnh",
    "Alăng Thị Nhen",
    "Bhling Văn Mai",
]
PRODUCERS_PER_DISTRICT = 14


def seed(out):
    if Producer.objects.filter(tax_code__startswith="40009").exists():
        return "already present"
    rng = random.Random(2023)
    districts = list(AdministrativeUnit.objects.districts().filter(parent__code="49").order_by("code"))
    kinds = list(KIND_NAMES)
    producers = []
    seq = 0
    for district in districts:
        communes = list(district.children.order_by("code"))
        for i in range(PRODUCERS_PER_DISTRICT):
            seq += 1
            kind = kinds[(seq + i) % len(kinds)]
            stem = f"{STEMS[seq % len(STEMS)]} {district.name.split(' ', 1)[1] if i % 3 == 0 else ''}".strip()
            name = rng.choice(KIND_NAMES[kind]).format(n=stem)
            commune = communes[i % len(communes)]
            producers.append(
                Producer(
                    name=name if seq <= 1 else f"{name}",
                    kind=kind,
                    tax_code=f"40009{seq:05d}" if kind != ProducerKind.HOUSEHOLD or i % 2 else "",
                    legal_representative=rng.choice(PEOPLE),
                    phone=f"0235 3{rng.randint(100000, 999999)}",
                    email=f"lienhe{seq}@example.vn" if seq % 3 else "",
                    address=f"Thôn {rng.randint(1, 9)}, {commune.name}, {district.name}",
                    commune=commune,
                    founded_year=rng.randint(1995, 2023),
                )
            )
    for p in producers:
        p.save()
    events = []
    for p in Producer.objects.filter(kind__in=[ProducerKind.COOPERATIVE, ProducerKind.ENTERPRISE]).order_by(
        "pk"
    )[:40:3]:
        events.append(
            OrganisationEvent(
                producer=p, year=2026 if p.pk % 2 else 2025, kind="founded" if p.pk % 3 else "consolidated"
            )
        )
    OrganisationEvent.objects.bulk_create(events, ignore_conflicts=True)
    return f"{len(producers)} producers"
