"""Demo products: realistic Quảng Nam OCOP products in every lifecycle state (deterministic).

Certificates for the recognised ones are issued by ``certificates.demo``. This year's products live
in today's units (issue 14): a product registered this year by a producer of an old Quảng Nam commune
is registered in the 2025 commune that succeeded it (``accounts/successions.py``); only the communes of
the demo's succession file (Duy Xuyên's and Đại Lộc's) have a known successor, so a pipeline product of
any other old commune was registered before the reform (:data:`BEFORE_REFORM_YEAR`) and keeps its old
commune, as history does. Pipeline products are created at the step a person reached by hand (idea, business plan, implementation); the states that
follow another record are reached only through that record, as in real use: "dossier submitted"
when ``dossiers.demo`` submits their dossier, "evaluated" and "rank not reached" when
``evaluation.demo`` closes a round's scoring (``LIFECYCLE`` transitions with ``taken_by``).
"""

import random

from django.utils import timezone

from producers.models import Producer

from . import workflows
from .models import EcommerceListing, Product, ProductGroup, ProductTransition, Standard

# (name, 148 group code, story)
CATALOGUE = [
    (
        "Sâm Ngọc Linh",
        "3.3",
        "Sâm Ngọc Linh trồng dưới tán rừng nguyên sinh độ cao trên 1.800 m ở núi Ngọc Linh.",
    ),
    ("Rượu Sâm Ngọc Linh", "2.1", "Rượu ngâm củ sâm Ngọc Linh theo công thức của đồng bào Xơ Đăng."),
    ("Trà Sâm Ngọc Linh", "3.1", "Trà túi lọc từ lá và thân sâm Ngọc Linh."),
    ("Quế Trà My", "1.4", "Vỏ quế Trà My bóc thủ công, phơi khô tự nhiên, hương thơm cay ấm."),
    ("Tinh dầu quế Trà My", "3.3", "Tinh dầu chưng cất từ lá và vỏ quế Trà My."),
    ("Nước mắm Cửa Khe", "1.4", "Nước mắm cá cơm truyền thống ủ chượp 12 tháng tại làng biển Cửa Khe."),
    ("Nước mắm Nam Ô", "1.4", "Nước mắm cá cơm than ủ trong thùng gỗ theo nghề truyền thống."),
    ("Mì Quảng", "1.3", "Sợi mì Quảng làm từ gạo địa phương, tráng và phơi thủ công."),
    ("Bánh tráng Đại Lộc", "1.3", "Bánh tráng gạo nướng than, giòn thơm, làm từ gạo Đại Lộc."),
    ("Bánh tổ Hội An", "1.3", "Bánh tổ nếp đường đen, món quà Tết của phố Hội."),
    ("Cao lầu Hội An", "1.3", "Sợi cao lầu ngâm nước tro, dai và vàng óng."),
    ("Trà Thanh nhiệt", "2.2", "Trà thảo mộc giải nhiệt từ các loại lá địa phương."),
    ("Mật ong rừng", "1.2", "Mật ong khai thác từ rừng tự nhiên miền núi Quảng Nam."),
    ("Gạo hữu cơ", "1.2", "Gạo canh tác theo hướng hữu cơ trên cánh đồng ven sông Thu Bồn."),
    ("Cà phê", "1.6", "Cà phê rang mộc từ hạt trồng trên vùng đồi."),
    ("Tiêu sọ", "1.4", "Hạt tiêu sọ chọn lọc, phơi khô tự nhiên."),
    ("Bột sắn dây", "1.2", "Bột sắn dây lọc thủ công nhiều lần, trắng mịn."),
    ("Mứt gừng", "1.3", "Mứt gừng sên đường thủ công, cay nhẹ."),
    ("Tương ớt", "1.4", "Tương ớt xay từ ớt chỉ thiên địa phương."),
    ("Dầu phụng", "1.3", "Dầu đậu phộng ép nguyên chất theo phương pháp truyền thống."),
    ("Chè dây", "3.3", "Chè dây rừng sấy khô, hỗ trợ tiêu hóa."),
    ("Nấm linh chi", "3.3", "Nấm linh chi nuôi trồng trên mùn cưa, sấy lạnh."),
    ("Ba kích tím", "3.3", "Củ ba kích tím thu hái từ vùng núi cao."),
    ("Rượu Hồng Đào", "2.1", "Rượu nếp Hồng Đào nổi tiếng xứ Quảng."),
    ("Lụa tơ tằm Mã Châu", "4.2", "Lụa dệt tay tại làng lụa Mã Châu hơn 400 năm tuổi."),
    ("Gốm Thanh Hà", "4.1", "Gốm đất nung làng Thanh Hà, nặn tay và nung củi."),
    ("Đèn lồng Hội An", "4.1", "Đèn lồng khung tre bọc vải lụa, làm thủ công tại Hội An."),
    ("Chiếu cói", "4.1", "Chiếu cói dệt tay từ cói trồng ven biển."),
    ("Thổ cẩm Cơ Tu", "4.2", "Thổ cẩm dệt hạt cườm của đồng bào Cơ Tu."),
    ("Thịt heo đen gác bếp", "1.3", "Thịt heo đen bản địa ướp mắc khén, hun khói gác bếp."),
    ("Măng khô", "1.2", "Măng rừng luộc, phơi khô tự nhiên."),
    ("Bưởi Đại Bình", "1.1", "Bưởi da xanh trồng trên bãi bồi làng Đại Bình."),
    ("Rau Trà Quế", "1.1", "Rau thơm làng Trà Quế bón rong biển, không thuốc trừ sâu."),
    ("Hồ tiêu Tiên Phước", "1.4", "Hạt tiêu đen trồng xen vườn rừng Tiên Phước."),
    ("Mật ong hoa cà phê", "1.2", "Mật ong thu từ hoa cà phê vùng đồi."),
    ("Du lịch cộng đồng làng rau Trà Quế", "6.1", "Trải nghiệm làm nông dân một ngày tại làng rau Trà Quế."),
    ("Homestay làng Cơ Tu", "6.1", "Du lịch cộng đồng trong làng truyền thống của đồng bào Cơ Tu."),
    ("Hoa giấy Hội An", "5.1", "Hoa giấy ghép nhiều màu trồng chậu."),
    ("Cá tràu đồng kho", "1.3", "Cá lóc đồng kho tộ đóng hộp."),
    ("Trà mãng cầu", "2.2", "Trà sấy từ trái mãng cầu ta."),
]
VARIANTS = ["", "loại đặc biệt", "túi 500g", "hộp quà", "chai 500ml", "hũ 300g", "thượng hạng", "sấy khô"]
# Where a product of the catalogue comes from (district codes): a producer elsewhere makes one of the
# place-neutral products instead, and every demo name fits its producer's place (issue 17).
HOMES = {
    "Sâm Ngọc Linh": {"516", "515", "504"},
    "Rượu Sâm Ngọc Linh": {"516", "515"},
    "Trà Sâm Ngọc Linh": {"516", "515"},
    "Quế Trà My": {"515", "516"},
    "Tinh dầu quế Trà My": {"515", "516"},
    "Nước mắm Cửa Khe": {"513"},
    "Nước mắm Nam Ô": {"507", "503"},
    "Bánh tráng Đại Lộc": {"506"},
    "Bánh tổ Hội An": {"503"},
    "Cao lầu Hội An": {"503"},
    "Ba kích tím": {"504", "505", "510", "511"},
    "Lụa tơ tằm Mã Châu": {"508"},
    "Gốm Thanh Hà": {"503"},
    "Đèn lồng Hội An": {"503"},
    "Chiếu cói": {"517", "513", "508"},
    "Thổ cẩm Cơ Tu": {"504", "505", "510"},
    "Thịt heo đen gác bếp": {"504", "505", "510", "511"},
    "Bưởi Đại Bình": {"519"},
    "Rau Trà Quế": {"503"},
    "Hồ tiêu Tiên Phước": {"514"},
    "Du lịch cộng đồng làng rau Trà Quế": {"503"},
    "Homestay làng Cơ Tu": {"504", "505", "510"},
    "Hoa giấy Hội An": {"503"},
    "Rượu Hồng Đào": {"502", "518", "509"},
}
# Packaging and grade variants that fit each kind of product (148 group code prefix): no "túi 500g" on a
# homestay, no "chai 500ml" on a lantern.
GROUP_VARIANTS = {
    "1": ["", "túi 500g", "hộp quà", "loại đặc biệt", "hũ 300g", "thượng hạng"],
    "2": ["", "chai 500ml", "hộp quà", "loại đặc biệt", "chai 750ml"],
    "3": ["", "hộp quà", "loại đặc biệt", "lọ 100g", "thượng hạng"],
    "4": ["", "mẫu truyền thống", "bộ quà tặng", "mẫu cải tiến"],
    "5": ["", "chậu lớn", "chậu mini"],
    "6": ["", "trải nghiệm một ngày", "hai ngày một đêm"],
}
COMMUNE_PREFIXES = ("Thị trấn ", "Phường ", "Xã ")


def place_of(commune) -> str:
    """ "Xã Tiên Cảnh" → "Tiên Cảnh": the place a product name carries."""
    name = commune.name
    for prefix in COMMUNE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def fitting_name(base: str, group_code: str, producer, taken: set[str]) -> str:
    """A catalogue name for ``base`` made by ``producer``: unique in the demo, fitting its kind
    (variants of its group) and its place (a place-neutral base carries the producer's commune)."""
    place = place_of(producer.commune)
    stems = [base] if base in HOMES else [f"{base} {place}", base]
    for stem in stems:
        for variant in GROUP_VARIANTS.get(group_code.split(".")[0], [""]):
            name = f"{stem} {variant}".strip()
            if name not in taken:
                return name
    n = 2
    while f"{stems[0]} (mẫu {n})" in taken:
        n += 1
    return f"{stems[0]} (mẫu {n})"


def fitting_base(i: int, base: str, group_code: str, story: str, district_code: str):
    """``base`` when its producer's district is its home (or it has none); else the i-th place-neutral
    product of the catalogue."""
    homes = HOMES.get(base)
    if homes is None or district_code in homes:
        return base, group_code, story
    neutral = [entry for entry in CATALOGUE if entry[0] not in HOMES]
    return neutral[i % len(neutral)]


PLATFORMS = ["shopee", "lazada", "tiki", "sendo", "postmart", "voso"]
PIPELINE = [
    workflows.IDEA_REGISTERED,
    workflows.IDEA_ACCEPTED,
    workflows.IDEA_RETURNED,
    workflows.PLAN_SUBMITTED,
    workflows.PLAN_APPROVED,
    workflows.IN_DEVELOPMENT,
    workflows.IN_DEVELOPMENT,  # dossiers.demo submits some of these (→ dossier submitted)
    workflows.IN_DEVELOPMENT,
    workflows.IN_DEVELOPMENT,
]
RECOGNISED_3 = 275
RECOGNISED_4 = 58
EXPIRED = 14
PIPELINE_COUNT = 72
# The registration year of a pipeline product whose old commune has no successor in the demo's
# succession file: registered before the reform (01/07/2025), it keeps its old commune.
BEFORE_REFORM_YEAR = 2024


def successor_commune(commune, day=None):
    """The 2025 commune that holds ``commune``'s territory today, or ``None`` when the loaded succession
    file names none (:func:`accounts.successions.today_commune`: never the province's fallback)."""
    from accounts.successions import today_commune

    found = today_commune(commune, day)
    return found if found is not None and found.pk != commune.pk else None


def area_communes(district_code: str):
    """The 2025 communes that succeeded the communes of old district ``district_code`` (the demo file's)."""
    from accounts.models import AdministrativeUnit, UnitSuccession

    return AdministrativeUnit.objects.filter(
        pk__in=UnitSuccession.objects.filter(
            predecessor__parent__code=district_code, successor__level__code="commune"
        ).values("successor")
    )


def plan():
    """The deterministic list of demo products: (index, name, group code, story, target, stars).

    ``name`` is the catalogue base with a packaging variant (the benches' synthetic data); :func:`seed`
    names each product after its producer's place instead (:func:`fitting_base`, :func:`fitting_name`)."""
    total = RECOGNISED_3 + RECOGNISED_4 + EXPIRED + 1 + PIPELINE_COUNT
    out = []
    for i in range(total):
        base, group_code, story = CATALOGUE[i % len(CATALOGUE)]
        variant = VARIANTS[(i // len(CATALOGUE)) % len(VARIANTS)]
        name = f"{base} {variant}".strip()
        if i < RECOGNISED_4:
            target, stars = "recognised", 4
        elif i < RECOGNISED_4 + RECOGNISED_3:
            target, stars = "recognised", 3
        elif i < RECOGNISED_4 + RECOGNISED_3 + EXPIRED:
            target, stars = "expired", 3
        elif i == RECOGNISED_4 + RECOGNISED_3 + EXPIRED:
            target, stars = "revoked", 3
        else:
            target, stars = PIPELINE[i % len(PIPELINE)], None
        out.append((i, name, group_code, story, target, stars))
    return out


def seed(out):
    if Product.objects.filter(producer__tax_code__startswith="40009").exists():
        return "already present"
    rng = random.Random(148)
    producers = list(
        Producer.objects.filter(name_ascii__gt="").select_related("commune__parent").order_by("pk")
    )
    groups = {g.code: g for g in ProductGroup.objects.filter(regulation__code="148-2023")}
    standards = list(Standard.objects.all())
    this_year = timezone.localdate().year
    products = []
    taken: set[str] = {name for items in FOCUS.values() for name, _code, _state in items}
    successors: dict[int, object] = {}
    for i, name, group_code, story, target, _stars in plan():
        producer = producers[(i * 7) % len(producers)]
        commune = producer.commune
        if target not in PIPELINE:
            registered_year = rng.randint(2019, 2023)
        else:
            if producer.commune_id not in successors:
                successors[producer.commune_id] = successor_commune(producer.commune)
            commune = successors[producer.commune_id] or producer.commune
            registered_year = this_year if commune.pk != producer.commune_id else BEFORE_REFORM_YEAR
        base = CATALOGUE[i % len(CATALOGUE)][0]
        district = producer.commune.parent.code if producer.commune.parent_id else ""
        base, group_code, story = fitting_base(i, base, group_code, story, district)
        name = fitting_name(base, group_code, producer, taken)
        taken.add(name)
        state = {
            "recognised": workflows.RECOGNISED,
            "expired": workflows.EXPIRED,
            "revoked": workflows.REVOKED,
        }.get(target, target)
        products.append(
            Product(
                name=name,
                producer=producer,
                commune=commune,
                group=groups[group_code],
                origin=Product.Origin.EXISTING
                if target in ("recognised", "expired", "revoked")
                else Product.Origin.NEW,
                registered_year=registered_year,
                description=f"{name} của {producer.name}.",
                story=story,
                has_traceability_stamp=target == "recognised" or rng.random() < 0.3,
                state=state,
            )
        )
    for p in products:
        p.save()
    now = timezone.now()
    ProductTransition.objects.bulk_create(
        ProductTransition(
            product=p, name="register", from_state="", to_state=p.state, at=now, reason="Dữ liệu mẫu"
        )
        for p in products
    )
    through = Product.standards.through
    through.objects.bulk_create(
        through(product_id=p.pk, standard_id=standards[p.pk % len(standards)].pk)
        for p in products
        if p.pk % 3 == 0
    )
    EcommerceListing.objects.bulk_create(
        EcommerceListing(
            product=p,
            platform=PLATFORMS[p.pk % len(PLATFORMS)],
            url=f"https://example.vn/{PLATFORMS[p.pk % len(PLATFORMS)]}/ocop-{p.slug}",
        )
        for p in products
        if p.pk % 4 == 0
    )
    extra = _focus_district_pipeline(rng, groups, this_year)
    _demo_photos()
    return f"{len(products) + extra} products"


# The two demo areas (the old districts' communes, today's communes that succeeded them) get a fuller
# pipeline so every screen has something to show; each product is registered in its producer's
# commune's successor.
FOCUS = {
    "508": [  # Duy Xuyên: Xã Nam Phước (demo_district), Xã Duy Xuyên (demo_commune_economic) …
        ("Lụa tơ tằm Duy Trinh", "4.2", workflows.IN_DEVELOPMENT),
        ("Rượu nếp Duy Phước", "2.1", workflows.IN_DEVELOPMENT),
        ("Bánh in Nam Phước", "1.3", workflows.IN_DEVELOPMENT),
        ("Nấm rơm Duy Châu", "1.1", workflows.IN_DEVELOPMENT),
        ("Chả cá Duy Hải", "1.3", workflows.IN_DEVELOPMENT),
        ("Tinh dầu sả Duy Sơn", "3.3", workflows.IN_DEVELOPMENT),
        ("Bánh tráng đập Duy Thành", "1.3", workflows.IN_DEVELOPMENT),
        ("Mật ong hoa tràm Duy Vinh", "1.2", workflows.PLAN_APPROVED),
        ("Gạo sạch Duy Trung", "1.2", workflows.IDEA_REGISTERED),
        ("Du lịch sinh thái rừng dừa Duy Nghĩa", "6.1", workflows.PLAN_SUBMITTED),
    ],
    "506": [  # Đại Lộc: Xã Đại Lộc (demo_district2), Xã Hà Nha …
        ("Bánh tráng Hà Nha", "1.3", workflows.IN_DEVELOPMENT),
        ("Nước mắm Đại Lộc", "1.4", workflows.IN_DEVELOPMENT),
        ("Bột nghệ Đại Hiệp", "3.3", workflows.IN_DEVELOPMENT),
        ("Mít sấy Đại Đồng", "1.3", workflows.IN_DEVELOPMENT),
        ("Chè xanh Đại Hưng", "1.5", workflows.IN_DEVELOPMENT),
        ("Tỏi đen Đại Quang", "1.3", workflows.IN_DEVELOPMENT),
        ("Thanh long ruột đỏ Đại Phong", "1.1", workflows.IDEA_ACCEPTED),
    ],
}


def _focus_district_pipeline(rng, groups, this_year) -> int:
    count = 0
    now = timezone.now()
    for district_code, items in FOCUS.items():
        producers = list(
            Producer.objects.filter(commune__parent__code=district_code)
            .select_related("commune")
            .order_by("pk")
        )
        for k, (name, group_code, state) in enumerate(items):
            # A producer of the old commune the name carries ("… Duy Vinh": Xã Duy Vinh, now Xã Nam Phước).
            local = [p for p in producers if name.endswith(place_of(p.commune))]
            producer = local[0] if local else producers[k % len(producers)]
            product = Product.objects.create(
                name=name,
                producer=producer,
                commune=successor_commune(producer.commune) or producer.commune,
                group=groups[group_code],
                origin=Product.Origin.NEW,
                registered_year=this_year,
                story=f"{name} — sản phẩm đặc trưng của địa phương.",
                description=f"{name} của {producer.name}.",
                has_traceability_stamp=rng.random() < 0.5,
                state=state,
            )
            ProductTransition.objects.create(
                product=product, name="register", from_state="", to_state=state, at=now, reason="Dữ liệu mẫu"
            )
            count += 1
    return count


PALETTE = {
    "1": (31, 111, 67),
    "2": (27, 94, 142),
    "3": (120, 72, 20),
    "4": (142, 45, 86),
    "5": (64, 110, 40),
    "6": (20, 104, 120),
}


def _demo_photos(limit: int = 120) -> int:
    """Simple generated cover images (name on a colour of the product group) so the catalogue has pictures."""
    import io

    from django.conf import settings
    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw, ImageFont

    from .models import ProductImage

    font_path = settings.BASE_DIR / "static" / "fonts" / "LiberationSerif-Bold.ttf"
    big, small = ImageFont.truetype(str(font_path), 44), ImageFont.truetype(str(font_path), 24)
    count = 0
    products = (
        Product.objects.filter(state=workflows.RECOGNISED)
        .select_related("group", "producer")
        .order_by("pk")[:limit]
    )
    for product in products:
        colour = PALETTE.get(product.group.code.split(".")[0], (60, 60, 60))
        img = Image.new("RGB", (800, 600), colour)
        draw = ImageDraw.Draw(img)
        draw.rectangle([30, 30, 770, 570], outline=(245, 197, 24), width=6)
        words, lines, line = product.name.split(), [], ""
        for word in words:
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=big) > 680 and line:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
        y = 300 - 30 * len(lines)
        for text in lines:
            draw.text((400, y), text, font=big, fill="white", anchor="mm")
            y += 60
        draw.text((400, 470), product.producer.name[:48], font=small, fill=(240, 240, 240), anchor="mm")
        draw.text((400, 120), "OCOP Quảng Nam", font=small, fill=(245, 197, 24), anchor="mm")
        buffer = io.BytesIO()
        img.save(buffer, "JPEG", quality=80)
        photo = ProductImage(product=product, kind=ProductImage.Kind.PHOTO, caption=product.name)
        photo.image.save(f"{product.slug}.jpg", ContentFile(buffer.getvalue()), save=True)
        count += 1
    return count
