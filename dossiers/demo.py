"""Demo calls, batches, evidence dossiers in several states, and commune reports.

* 2022 call (1048/QĐ-TTg): batch 1 by 15/07/2022 (≥ 50 %), batch 2 by 15/09/2022 (the rest).
* Current-year call (148/QĐ-TTg), issued by Thành phố Đà Nẵng (the province's successor since
  01/07/2025; it covers Quảng Nam's old communes too): the batches of :func:`current_batches` — batch 1 two months ago
  (≥ 50 %), batch 2 in ten days (the rest); late: flagged. The current plan's dossier-batch
  milestones are these very batches (plans.demo reads the same calendar, and publishing the plan
  binds its milestones to them: one date each).
* This year's work is done by today's roles in today's units (issue 14): the pipeline products live in
  the 2025 communes that succeeded Duy Xuyên's and Đại Lộc's (``products.demo``), their dossiers are
  assembled by the commune's economic office (``demo_district`` in Xã Nam Phước, ``demo_district2`` in
  Xã Đại Lộc, ``demo_commune_economic`` in Xã Duy Xuyên; the Sở's staff ``demo_city`` for a commune
  without a demo login), their communes' reports filed by UBND xã (``demo_commune`` in Xã Nam Phước,
  ``demo_ward`` in Xã Duy Xuyên; admin elsewhere), and the Sở Nông nghiệp và Môi trường of the city
  (``demo_city``) accepts or returns them. No district quota, report or submission is dated this year.
* Dossiers for this year's pipeline products of the two areas (the old districts' communes, today's
  communes): submitted, accepted, returned with reasons, drafts complete and with missing kinds —
  built through the services, with tiny generated PDF/PNG files; commune reports submitted where
  dossiers go forward.
* Two dossiers reserved for the browser journeys of the commune economic officer and the commune
  official (``tests/e2e/journeys/test_district_day.py``, ``test_commune_day.py``; no round, plan step or
  other journey uses them): :data:`DISTRICT_DAY_PRODUCT` — a Xã Nam Phước draft with the first four
  forms uploaded and its commune's report submitted, waiting for the remaining evidence, the on-site
  attestation and submission; :data:`COMMUNE_DAY_PRODUCT` — a new Xã Nam Phước product registered this
  year (created last, after every other report of its commune), whose draft dossier waits for
  demo_commune's assessment report.
* Dossiers ready for the councils (issue 13): four more products in each area get a complete dossier
  (every required document, the on-site attestation, their commune's submitted report), submitted,
  two of them accepted.
* Quảng Nam's other old communes have no successor in the demo's succession file: their pipeline
  products were registered before the reform and have no dossier this year.
"""

from __future__ import annotations

import datetime
import struct
import zlib
from collections import defaultdict

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from unidecode import unidecode

from accounts.models import AdministrativeUnit, User
from products.models import Level, Product, RegulationVersion

from . import checks, services
from .demo_city import CITY_CALL_NOTES, CITY_CALL_TITLE, commune_official, local_officer, seed_city
from .models import CallDistrictQuota, DocumentKind, DossierCall, LocalCriterion, SubmissionBatch

IMAGE_KINDS = {"photos", "label-packaging"}
# Products that may go before a council (products.workflows states), and how many per district.
COUNCIL_READY_STATES = services.ASSEMBLY_STATES
COUNCIL_READY_PER_DISTRICT = 4
# Scenario per product, in order of (commune code, pk) within each area (old district code → today's
# communes that succeeded its communes).
SCENARIOS = {
    "508": ["submitted", "accepted", "draft_complete", "draft_missing"],  # Duy Xuyên
    "506": ["returned", "submitted", "draft_missing", "draft_empty"],  # Đại Lộc
}
# Journey dossiers (see the module docstring): product names of products/demo.py.
DISTRICT_DAY_PRODUCT = "Mật ong hoa tràm Duy Vinh"  # Xã Nam Phước (2025): business plan approved
COMMUNE_DAY_PRODUCT = "Nem chua Nam Phước"  # Xã Nam Phước (2025): registered for the journey below
# The registered count of Xã Nam Phước in the city's plan for this year's call (the batch quota).
NAM_PHUOC_REGISTERED = 7
PARTICIPANTS = """Nguyễn Văn Thành — Chủ tịch UBND (chủ trì)
Trần Thị Hạnh — Phó Chủ tịch UBND
Lê Văn Bình — Công chức Địa chính - Nông nghiệp
Phạm Thị Thu — Chủ tịch Hội Nông dân
Võ Văn Lợi — Trưởng thôn"""


def signed_minutes(commune):
    """The scan of a commune's signed and stamped minutes (a one-page sample PDF)."""
    from django.core.files.base import ContentFile

    return ContentFile(
        tiny_pdf(f"Bien ban hop UBND {commune.name} (du lieu mau)"), name="bien-ban-hop-xa.pdf"
    )


def tiny_pdf(title: str) -> bytes:
    """A valid one-page PDF with one line of (ASCII-folded) text."""
    text = unidecode(title).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 40 780 Td ({text}) Tj ET".encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def tiny_png(width: int = 120, height: int = 80, rgb=(31, 111, 67)) -> bytes:
    """A valid solid-colour RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _file_for(kind: DocumentKind, product: Product) -> SimpleUploadedFile:
    slug = kind.code
    if kind.code in IMAGE_KINDS:
        shade = (30 + product.pk * 7 % 150, 111, 67 + kind.order % 100)
        return SimpleUploadedFile(f"{slug}-{product.slug[:40]}.png", tiny_png(rgb=shade), "image/png")
    title = f"{kind.name} - {product.name} (du lieu mau)"
    return SimpleUploadedFile(f"{slug}-{product.slug[:40]}.pdf", tiny_pdf(title), "application/pdf")


def _user(username):
    return User.objects.filter(username=username).first()


def current_batches(today: datetime.date) -> list[tuple[int, datetime.date, int, str]]:
    """The demo's batch calendar for the current year: (number, deadline, quota %, note).

    Relative to today so that the demo always has a passed batch and an open one (loaded on
    01/12/2026: 02/10/2026 and 11/12/2026)."""
    return [
        (1, today - datetime.timedelta(days=60), 50, ""),
        (2, today + datetime.timedelta(days=10), 100, "Số sản phẩm còn lại"),
    ]


def _calls(today: datetime.date):
    province = AdministrativeUnit.objects.get(code="49")
    reg1048 = RegulationVersion.objects.get(code="1048-2019")
    reg148 = RegulationVersion.objects.get(code="148-2023")
    call2022, _ = DossierCall.objects.get_or_create(
        year=2022,
        level=Level.PROVINCE,
        issuing_unit=province,
        defaults=dict(
            regulation=reg1048,
            title="Hồ sơ đánh giá, phân hạng sản phẩm OCOP cấp tỉnh năm 2022",
            late_policy=DossierCall.LatePolicy.REFUSE,
            notes="Kế hoạch OCOP 2022: đợt 1 trước 15/7 (ít nhất 50% sản phẩm đăng ký), đợt 2 trước 15/9.",
        ),
    )
    SubmissionBatch.objects.get_or_create(
        call=call2022, number=1, defaults=dict(deadline=datetime.date(2022, 7, 15), quota_percent=50)
    )
    SubmissionBatch.objects.get_or_create(
        call=call2022,
        number=2,
        defaults=dict(deadline=datetime.date(2022, 9, 15), quota_percent=100, note="Số sản phẩm còn lại"),
    )
    current = current_call(today, reg148)
    for number, deadline, quota, note in current_batches(today):
        SubmissionBatch.objects.get_or_create(
            call=current, number=number, defaults=dict(deadline=deadline, quota_percent=quota, note=note)
        )
    # The plan's registered count for Xã Nam Phước (a commune of today's city, as quotas are per commune
    # since the district tier ended): 7 registered → 4 needed in batch 1.
    nam_phuoc = AdministrativeUnit.objects.filter(code="2025-20599").first()
    if nam_phuoc is not None:
        CallDistrictQuota.objects.get_or_create(
            call=current, district=nam_phuoc, defaults={"registered_count": NAM_PHUOC_REGISTERED}
        )
    return call2022, current


def current_call(today: datetime.date, regulation) -> DossierCall:
    """This year's call, issued by the unit that holds the province today: Thành phố Đà Nẵng since
    the 2025 merger (its Sở Nông nghiệp và Môi trường receives the dossiers). It covers the communes
    of today's tree and those of Quảng Nam's old tree (:meth:`DossierCall.covers`)."""
    from accounts.successions import today_unit

    unit = today_unit(AdministrativeUnit.objects.get(code="49"), today)
    city = unit.code != "49"
    call, _ = DossierCall.objects.get_or_create(
        year=today.year,
        level=Level.PROVINCE,
        issuing_unit=unit,
        defaults=dict(
            regulation=regulation,
            title=CITY_CALL_TITLE.format(year=today.year)
            if city
            else f"Hồ sơ đánh giá, phân hạng sản phẩm OCOP cấp tỉnh năm {today.year}",
            late_policy=DossierCall.LatePolicy.FLAG,
            notes=CITY_CALL_NOTES if city else "Dữ liệu mẫu: hạn nộp tính theo ngày hiện tại.",
        ),
    )
    return call


def _answers(report, *, complete: bool):
    criteria = list(
        LocalCriterion.objects.filter(regulation=report.call.regulation).prefetch_related("options")
    )
    answers = {}
    for n, item in enumerate(report.items.all()):
        for c in criteria if complete else criteria[:2]:
            options = list(c.options.all())
            answers[(item.pk, c.pk)] = (options[n % 2].pk, "Theo biên bản họp (dữ liệu mẫu).")
    return answers


def seed(out):
    today = timezone.localdate()
    if DossierCall.objects.filter(year=today.year, level=Level.PROVINCE).exists():
        return f"already present; {_seed_city(today)}"
    call2022, call = _calls(today)
    from products.demo import area_communes

    admin = _user("admin")
    reviewer = _user("demo_city") or admin  # the Sở NN&MT of the city receives this year's dossiers
    city_staff = reviewer
    kinds_by_pk = {k.pk: k for k in DocumentKind.objects.all()}

    plan = []  # (product, scenario, the commune's economic officer)
    for district_code, scenarios in SCENARIOS.items():
        products = list(
            Product.objects.filter(
                commune__in=area_communes(district_code),
                registered_year=today.year,
                state__in=services.ASSEMBLY_STATES,
            )
            .select_related("commune", "group", "group__parent")
            .order_by("commune__code", "pk")[: len(scenarios)]
        )
        for product, scenario in zip(products, scenarios, strict=False):
            plan.append((product, scenario, local_officer(product.commune, city_staff)))

    dossiers = {}
    files = 0
    for product, scenario, officer in plan:
        dossier = services.create_dossier(product=product, call=call, by=officer)
        dossiers[product.pk] = (dossier, scenario, officer)
        if scenario == "draft_empty":
            continue
        uploaded = [
            r.kind
            for r in checks.applicable_rules(call.regulation, product.group)
            if r.required and r.kind.is_uploaded
        ]
        if scenario == "draft_missing":
            uploaded = uploaded[:4]
        for kind in uploaded:
            services.add_documents(
                dossier, kind=kinds_by_pk[kind.pk], files=[_file_for(kind, product)], by=officer
            )
            files += 1
        if scenario != "draft_missing":
            services.attest_onsite_check(
                dossier,
                by=officer,
                checked_on=today - datetime.timedelta(days=10),
                note="Đã kiểm tra thực tế cơ sở sản xuất, hồ sơ khớp với thực tế (dữ liệu mẫu).",
            )

    # Commune reports: submitted where dossiers go forward, a draft for the first commune with drafts only.
    by_commune = defaultdict(list)
    for product, scenario, _officer in plan:
        by_commune[product.commune].append(scenario)
    reports = {"submitted": 0, "draft": 0}
    draft_done = False
    for commune, scenarios in sorted(by_commune.items(), key=lambda kv: kv[0].code):
        forward = any(s in ("submitted", "accepted", "returned") for s in scenarios)
        if not forward and draft_done:
            continue
        author = commune_official(commune, admin)
        report = services.start_commune_report(commune=commune, call=call, by=author)
        services.save_commune_report(
            report,
            by=author,
            meeting_date=today - datetime.timedelta(days=7),
            chair_name="Nguyễn Văn Thành",
            chair_title=f"Chủ tịch UBND {commune.name}",
            participants=PARTICIPANTS,
            conclusion="Các sản phẩm đáp ứng tiêu chí địa phương, đề nghị thành phố xem xét (dữ liệu mẫu).",
            answers=_answers(report, complete=forward),
            minutes=signed_minutes(commune) if forward else None,
        )
        if forward:
            services.submit_commune_report(report, by=author)
            reports["submitted"] += 1
        else:
            draft_done = True
            reports["draft"] += 1

    journeys = _district_day_dossier(call, city_staff, admin, kinds_by_pk, today)
    ready = _council_ready(
        call,
        today,
        city_staff=city_staff,
        reviewer=reviewer,
        admin=admin,
        kinds_by_pk=kinds_by_pk,
        skip_products={product.pk for product, _s, _o in plan} | {d.product_id for d in journeys},
    )

    states = defaultdict(int)
    for dossier, scenario, officer in dossiers.values():
        if scenario in ("submitted", "accepted", "returned"):
            dossier = services.submit_dossier(dossier, by=officer)
        if scenario == "accepted":
            dossier = services.accept_dossier(dossier, by=reviewer, reason="Hồ sơ đầy đủ.")
        if scenario == "returned":
            rules = {
                r.kind.code: r.kind.pk
                for r in checks.applicable_rules(call.regulation, dossier.product.group)
            }
            reasons = {}
            if "test-reports" in rules:
                reasons[rules["test-reports"]] = (
                    "Phiếu kiểm nghiệm đã quá 12 tháng, đề nghị bổ sung phiếu mới."
                )
            if "label-packaging" in rules:
                reasons[rules["label-packaging"]] = (
                    "Nhãn chưa ghi đủ thông tin bắt buộc theo Nghị định 43/2017/NĐ-CP."
                )
            still_open = [(n, d) for n, d, _q, _note in current_batches(today) if d >= today]
            general = (
                "Đề nghị bổ sung trước hạn đợt {} ({:%d/%m/%Y}).".format(*still_open[0])
                if still_open
                else "Đề nghị bổ sung hồ sơ."
            )
            dossier = services.return_dossier(dossier, by=reviewer, reasons=reasons, general=general)
        states[dossier.status] += 1
    city = _seed_city(today)
    # Last: no report of its commune may cover the commune official's journey dossier.
    journeys += _commune_day_dossier(call, city_staff, kinds_by_pk, today)
    for dossier in journeys:
        states[dossier.status] += 1
    return (
        f"2 calls ({call2022.year}, {call.year}); {len(dossiers) + len(journeys)} dossiers {dict(states)}; "
        f"{files} files; commune reports {reports}; {ready} dossiers ready for the councils; {city}"
    )


def _seed_city(today: datetime.date) -> str:
    """This year's pipeline of the merged Thành phố Đà Nẵng (:mod:`dossiers.demo_city`), after the Quảng
    Nam scenarios so that none of them picks a city product."""

    return seed_city(
        today, batches=current_batches(today), complete=_complete, complete_and_submit=_complete_and_submit
    )


def _report(commune, call, *, by, answers_complete=True):
    report = services.start_commune_report(commune=commune, call=call, by=by)
    services.save_commune_report(
        report,
        by=by,
        meeting_date=timezone.localdate() - datetime.timedelta(days=5),
        chair_name="Nguyễn Văn Thành",
        chair_title=f"Chủ tịch UBND {commune.name}",
        participants=PARTICIPANTS,
        conclusion="Sản phẩm đáp ứng tiêu chí địa phương, đề nghị thành phố xem xét (dữ liệu mẫu).",
        answers=_answers(report, complete=answers_complete),
        minutes=signed_minutes(commune),
    )
    return services.submit_commune_report(report, by=by)


def _district_day_dossier(call, city_staff, admin, kinds_by_pk, today) -> list:
    """The dossier the commune economic officer's journey works on.

    The product first reaches the step at which a dossier is assembled (implementation), as an officer
    would move it, then its dossier is opened."""
    from products import services as product_services
    from products import workflows as pw

    out = []
    district_product = Product.objects.filter(name=DISTRICT_DAY_PRODUCT, registered_year=today.year).first()
    if district_product is not None and not district_product.dossiers.exists():
        officer = local_officer(district_product.commune, city_staff)
        if district_product.state == pw.PLAN_APPROVED:
            product_services.transition(
                district_product, "start_development", by=officer, reason="Dữ liệu mẫu"
            )
        dossier = services.create_dossier(product=district_product, call=call, by=officer)
        rules = checks.applicable_rules(call.regulation, district_product.group)
        for rule in [r for r in rules if r.required and r.kind.is_uploaded][:4]:
            kind = kinds_by_pk[rule.kind.pk]
            services.add_documents(dossier, kind=kind, files=[_file_for(kind, district_product)], by=officer)
        _report(district_product.commune, call, by=commune_official(district_product.commune, admin))
        out.append(dossier)
    return out


def _commune_day_dossier(call, city_staff, kinds_by_pk, today) -> list:
    """The draft dossier the commune official's journey reports on (none of its commune's reports
    covers it)."""
    out = []
    nam_phuoc = AdministrativeUnit.objects.filter(code="2025-20599").first()
    if nam_phuoc is None:
        return out
    officer = local_officer(nam_phuoc, city_staff)
    commune_product = _commune_day_product(officer, nam_phuoc, today)
    if commune_product is not None and not commune_product.dossiers.filter(year=call.year).exists():
        dossier = services.create_dossier(product=commune_product, call=call, by=officer)
        rules = checks.applicable_rules(call.regulation, commune_product.group)
        for rule in [r for r in rules if r.required and r.kind.is_uploaded][:2]:
            kind = kinds_by_pk[rule.kind.pk]
            services.add_documents(dossier, kind=kind, files=[_file_for(kind, commune_product)], by=officer)
        out.append(dossier)
    return out


def _commune_day_product(officer, commune, today):
    """A new product of Xã Nam Phước (demo_commune's commune), registered this year by a producer of the
    former Thị trấn Nam Phước and taken through its idea and business plan to implementation by the
    commune's economic officer."""
    from producers.models import Producer
    from products import services as product_services
    from products.models import ProductGroup

    existing = Product.objects.filter(name=COMMUNE_DAY_PRODUCT, commune=commune).first()
    if existing is not None:
        return existing
    producer = Producer.objects.filter(commune__code="20599").order_by("pk").first()
    group = ProductGroup.objects.filter(regulation__code="148-2023", code="1.3").first()
    if producer is None or group is None:
        return None
    product = product_services.create_product(
        by=officer,
        name=COMMUNE_DAY_PRODUCT,
        producer=producer,
        commune=commune,
        group=group,
        origin=Product.Origin.NEW,
        registered_year=today.year,
        description=f"{COMMUNE_DAY_PRODUCT} của {producer.name}.",
        story="Nem chua gói lá chuối theo cách làm truyền thống của Nam Phước (dữ liệu mẫu).",
    )
    for name in ("accept_idea", "submit_plan", "approve_plan", "start_development"):
        product_services.transition(product, name, by=officer, reason="Dữ liệu mẫu")
    return product


def _complete(dossier, product, officer, kinds_by_pk, today) -> None:
    """Every required uploaded document and the on-site attestation."""
    for rule in checks.applicable_rules(dossier.call.regulation, product.group):
        if rule.required and rule.kind.is_uploaded:
            kind = kinds_by_pk[rule.kind.pk]
            services.add_documents(dossier, kind=kind, files=[_file_for(kind, product)], by=officer)
    services.attest_onsite_check(
        dossier,
        by=officer,
        checked_on=today - datetime.timedelta(days=12),
        note="Đã kiểm tra thực tế cơ sở sản xuất, hồ sơ khớp với thực tế (dữ liệu mẫu).",
    )


def _council_ready(call, today, *, city_staff, reviewer, admin, kinds_by_pk, skip_products) -> int:
    """Complete dossiers, their communes' submitted reports, submitted (two per area accepted)."""
    from products.demo import area_communes

    made = []
    for district_code in SCENARIOS:
        products = (
            Product.objects.filter(
                commune__in=area_communes(district_code),
                registered_year=today.year,
                state__in=COUNCIL_READY_STATES,
            )
            .exclude(dossiers__year=call.year)
            .exclude(pk__in=skip_products)
            .exclude(name__in=[DISTRICT_DAY_PRODUCT, COMMUNE_DAY_PRODUCT])
            .select_related("commune", "group", "group__parent")
            .order_by("commune__code", "pk")[:COUNCIL_READY_PER_DISTRICT]
        )
        made += [
            (product, local_officer(product.commune, city_staff), n < 2) for n, product in enumerate(products)
        ]
    return _complete_and_submit(call, today, made, reviewer=reviewer, admin=admin, kinds_by_pk=kinds_by_pk)


def _complete_and_submit(
    call,
    today,
    items,
    *,
    reviewer,
    admin,
    kinds_by_pk,
    report_author=None,
    chair="Trần Văn Hòa",
    conclusion="Sản phẩm đáp ứng các tiêu chí địa phương, đề nghị cấp trên đánh giá (dữ liệu mẫu).",
    meeting_days=8,
    accept_reason="Hồ sơ đầy đủ, đủ điều kiện đánh giá.",
) -> int:
    """``items``: (product, assembling officer, accept?) — a complete dossier each, their communes'
    reports submitted (by ``report_author(commune)``, by default the commune's official or admin), then each dossier submitted
    (the product follows) and accepted where asked. Returns the number of dossiers."""
    made = []
    for product, officer, accept in items:
        dossier = services.create_dossier(product=product, call=call, by=officer)
        _complete(dossier, product, officer, kinds_by_pk, today)
        made.append((dossier, officer, accept))
    if call.regulation.has_commune_step:
        for commune in sorted({d.product.commune for d, _o, _a in made}, key=lambda c: c.code):
            author = (report_author(commune) if report_author else None) or commune_official(commune, admin)
            report = services.start_commune_report(commune=commune, call=call, by=author)
            services.save_commune_report(
                report,
                by=author,
                meeting_date=today - datetime.timedelta(days=meeting_days),
                chair_name=chair,
                chair_title=f"Chủ tịch UBND {commune.name}",
                participants=PARTICIPANTS,
                conclusion=conclusion,
                answers=_answers(report, complete=True),
                minutes=signed_minutes(commune),
            )
            services.submit_commune_report(report, by=author)
    for dossier, officer, accept in made:
        dossier = services.submit_dossier(dossier, by=officer)
        if accept:
            services.accept_dossier(dossier, by=reviewer, reason=accept_reason)
    return len(made)
