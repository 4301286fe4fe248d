"""The current year's plan: invented demo data relative to today (milestones, tasks in every state,
training, funding, periodic reports, revenue figures).

Since the 2025 reform the plan is the merged Thành phố Đà Nẵng's (two-tier: its local units are communes
and wards, its evaluation follows 148/QĐ-TTg as amended by 1489/QĐ-TTg): the 2023 text is adapted to the
city (no district evaluation, no district tier), its product list covers today's communes and the old
Quảng Nam communes whose products are still in the cycle or due for re-rating (history keeps their units),
and the communes' economic offices report on it.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from accounts.models import AdministrativeUnit, Role, User
from dossiers.demo import current_batches
from ocop_portal.workflow import TransitionRefused
from producers.models import Producer
from products import workflows as pw
from products.models import Product

from .. import services, workflows
from ..citations import shift_year_text
from ..models import (
    AnnualPlan,
    PlanProduct,
    ProgressAttachment,
    RevenueReport,
    Task,
    TrainingSession,
    period_bounds,
)
from .common import (
    CONTENTS_2023,
    GENERAL_2023,
    LB_148,
    LB_919,
    LB_NQ07,
    PURPOSES_2023,
    RECIPIENTS_2023,
    SIGNER,
    SIGNER_TITLE,
    SPECIFIC_2023,
    _make_plan,
    _targets,
)

BATCH_LABELS = {
    1: "Đợt 1: gửi hồ sơ về Sở Nông nghiệp và Môi trường (tối thiểu 50% sản phẩm)",
    2: "Đợt 2: gửi hồ sơ về Sở Nông nghiệp và Môi trường (số sản phẩm còn lại)",
}
# 148/QĐ-TTg as amended for the two-tier local government (from a press summary; see DOMAIN §8).
LB_1489 = (
    "Quyết định",
    "1489/QĐ-TTg",
    datetime.date(2025, 7, 6),
    "Thủ tướng Chính phủ",
    "sửa đổi, bổ sung Quyết định số 148/QĐ-TTg cho phù hợp với chính quyền địa phương hai cấp",
)
# The 2023 text → the city's (two-tier): (old, new) replacements after the years are shifted.
CITY_TEXT = [
    (
        "100% đơn vị cấp huyện củng cố, kiện toàn bộ máy tổ chức OCOP cấp huyện, cấp xã",
        "100% xã, phường củng cố, kiện toàn bộ máy tổ chức OCOP cấp xã",
    ),
    ("cán bộ OCOP cấp huyện, cấp xã", "cán bộ OCOP cấp xã"),
    ("điểm, trung tâm bán hàng OCOP cấp huyện.", "điểm, trung tâm bán hàng OCOP."),
    (
        "tất cả 18 huyện, thị xã, thành phố đều có ít nhất 01 điểm bán hàng OCOP",
        "các xã, phường có sản phẩm OCOP đều có ít nhất 01 điểm bán hàng OCOP",
    ),
    (
        "đánh giá, phân hạng theo Quyết định số 148/QĐ-TTg ngày 24/02/2023: UBND cấp xã đánh giá các "
        "tiêu chí địa phương; cấp huyện đánh giá và công nhận sản phẩm 03 sao; cấp tỉnh đánh giá và công "
        "nhận sản phẩm 04 sao, lập hồ sơ trình Trung ương đánh giá 05 sao.",
        "đánh giá, phân hạng theo Quyết định số 148/QĐ-TTg ngày 24/02/2023 được sửa đổi, bổ sung bởi "
        "Quyết định số 1489/QĐ-TTg ngày 06/7/2025: UBND cấp xã đánh giá các tiêu chí địa phương; Hội "
        "đồng cấp thành phố đánh giá, UBND thành phố công nhận sản phẩm 03 sao và 04 sao, lập hồ sơ "
        "trình Trung ương đánh giá 05 sao.",
    ),
    ("UBND các huyện, thị xã, thành phố;", "UBND các xã, phường, đặc khu;"),
    ("Nông nghiệp và PTNT", "Nông nghiệp và Môi trường"),
    ("Tài nguyên và Môi trường, ", ""),
    ("của HĐND tỉnh.", "của HĐND tỉnh Quảng Nam (trước sắp xếp)."),
    ("UBND tỉnh", "UBND thành phố"),
    ("Báo, Đài PTTH Quảng Nam;", "Báo và Phát thanh, Truyền hình Đà Nẵng;"),
]


def city_text(text: str, two_tier: bool) -> str:
    if not two_tier:
        return text
    for old, new in CITY_TEXT:
        text = text.replace(old, new)
    return text


def seed_current(province, by, today):
    year = today.year
    if AnnualPlan.objects.filter(province=province, year=year).exists():
        return None
    from accounts.levels import is_two_tier
    from accounts.successions import were_within_q

    d = datetime.timedelta
    two_tier = is_two_tier(province, datetime.date(year, 12, 31))
    districts = list(
        AdministrativeUnit.objects.local()
        .filter(parent=province)
        .valid_on(datetime.date(year, 12, 31))
        .order_by("code")
    )
    local = "Sở Nông nghiệp và Môi trường" if two_tier else "Sở NN&PTNT"
    level = "cấp thành phố" if two_tier else "cấp tỉnh"
    plan = _make_plan(
        province,
        year,
        by=by,
        title=f"Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm {year}",
        number="65/KH-UBND",
        date=min(datetime.date(year, 1, 20), today - d(days=1)),
        # The 2023 seed's text for this year: the plan's own years move, cited documents keep their
        # dates ("148/QĐ-TTg ngày 24/02/2023" stays), as when a plan is copied to a new year.
        purposes=city_text(shift_year_text(PURPOSES_2023, 2023, year), two_tier),
        general_objectives=city_text(GENERAL_2023, two_tier),
        specific_objectives=city_text(
            shift_year_text(SPECIFIC_2023, 2023, year)
            .replace("333", "350")
            .replace("18 huyện", f"{len(districts)} huyện"),
            two_tier,
        ),
        contents=city_text(
            shift_year_text(CONTENTS_2023, 2023, year).replace(
                f"Thời gian đánh giá, phân hạng: cấp huyện trước tháng 8/{year}; cấp tỉnh trước ngày 30/10/{year}.",
                "Thời gian gửi hồ sơ, đánh giá, phân hạng: theo các mốc thời gian của Kế hoạch này.",
            ),
            two_tier,
        ),
        funding=f"Từ nguồn vốn sự nghiệp ngân sách tỉnh phân bổ tại Quyết định số 3120/QĐ-UBND ngày 10/12/{year - 1} "
        "(dữ liệu mẫu) và nguồn kinh phí sự nghiệp nông thôn mới Trung ương.",
        implementation_intro="Các Sở, ngành, địa phương, đơn vị nghiêm túc triển khai thực hiện các nhiệm vụ cụ thể sau:",
        recipients=city_text(RECIPIENTS_2023, two_tier),
        signer_name=SIGNER,
        signer_title=SIGNER_TITLE,
        legal=[LB_919, LB_148, LB_1489, LB_NQ07] if two_tier else [LB_919, LB_148, LB_NQ07],
        milestones=[
            (
                "idea_registration",
                "Tiếp nhận phiếu đăng ký ý tưởng sản phẩm",
                today - d(days=200),
                None,
                None,
            ),
            (
                "plan_registration",
                f"Hồ sơ đăng ký kế hoạch năm {year} gửi về {local}",
                today - d(days=150),
                None,
                None,
            ),
            (
                # Two-tier (1489): the commune assesses the local criteria; there is no district rating.
                *(
                    ("other", "UBND xã, phường hoàn thành đánh giá các tiêu chí địa phương")
                    if two_tier
                    else ("district_evaluation", "Hoàn thành đánh giá, phân hạng cấp huyện")
                ),
                today - d(days=10),
                None,
                None,
            ),
            # The call's batches (dossiers.demo): publishing binds these milestones to them.
            *[
                ("dossier_batch", BATCH_LABELS[number], deadline, number, quota)
                for number, deadline, quota, _note in current_batches(today)
            ],
            ("province_evaluation", f"Đánh giá, phân hạng sản phẩm {level}", today + d(days=25), None, None),
            ("other", f"Hội nghị tổng kết Chương trình OCOP năm {year}", today + d(days=40), None, None),
        ],
        targets=_targets(
            year,
            supported=350,
            districts=len(districts),
            new_4star=True,
            out_of_province=True,
            two_tier=two_tier,
        ),
    )
    # Products: the pipeline of the year (new) and some recognised or expired ones (upgrade / re-rating),
    # in the province's units and in those of the units it succeeded (history keeps their communes).
    area = Product.objects.filter(were_within_q("commune", province))
    pipeline = area.exclude(state__in=[pw.RECOGNISED, pw.EXPIRED, pw.REVOKED])
    services.add_products(plan, pipeline.order_by("pk"), kind=PlanProduct.Kind.NEW, by=by)
    upgrade = list(area.filter(state=pw.EXPIRED).order_by("pk")) + list(
        area.filter(state=pw.RECOGNISED, stars=3).order_by("-pk")[:30]
    )
    held_back = upgrade[-2:]
    services.add_products(plan, upgrade[:-2], kind=PlanProduct.Kind.UPGRADE, by=by)
    services.publish_plan(plan, by=by)
    # Amendments during the year.
    services.add_products(
        plan,
        held_back,
        kind=PlanProduct.Kind.UPGRADE,
        by=by,
        reason=(
            "Bổ sung sản phẩm đánh giá lại theo đề nghị của UBND xã (Sở Nông nghiệp và Môi trường quyết định, "
            "báo cáo UBND thành phố)."
            if two_tier
            else "Bổ sung sản phẩm đánh giá lại theo đề nghị của UBND huyện (Sở NN&PTNT quyết định, báo cáo UBND tỉnh)."
        ),
    )
    services.update_plan(
        plan,
        by=by,
        reason="Bổ sung nguồn kinh phí sự nghiệp nông thôn mới Trung ương được phân bổ giữa năm.",
        funding=plan.funding + " Bổ sung kinh phí nông thôn mới Trung ương phân bổ giữa năm (dữ liệu mẫu).",
    )
    _seed_tasks(plan, by, today)
    _seed_training(plan, by, today)
    # Funding goes to the local units with products on the plan (two-tier: the demo areas' communes).
    with_products = set(plan.plan_products.values_list("product__commune__local_unit_id", flat=True))
    _seed_funding(plan, by, today, [u for u in districts if u.pk in with_products], two_tier=two_tier)
    _seed_reports(plan, today)
    _seed_targets(plan, by)
    return plan


PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _seed_tasks(plan, by, today):
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["demo_department", "demo_department_khcn", "demo_district"]
        )
    }
    overdue_codes = {"ct-xttm-nuoc-ngoai", "khcn-thuong-hieu", "tc-dieu-chinh-von", "huyen-kinh-phi"}
    # A few overdue tasks whatever the day the demo is loaded.
    for code, days in (("ct-xttm-nuoc-ngoai", 20), ("khcn-thuong-hieu", 5)):
        Task.objects.filter(plan=plan, template__code=code).update(
            due_date=today - datetime.timedelta(days=days)
        )
    n = 0
    for task in plan.tasks.select_related("template", "lead_department").order_by("order", "pk"):
        code = task.template.code if task.template else ""
        reporter = by
        if task.lead_department and task.lead_department.code == "so-cong-thuong":
            reporter = users.get("demo_department", by)
        elif task.lead_department and task.lead_department.code == "so-khcn":
            reporter = users.get("demo_department_khcn", by)
        elif task.lead_group:
            reporter = users.get("demo_district", by)
        if task.due_date and task.due_date < today and code not in overdue_codes:
            report = services.add_progress_report(
                task,
                by=reporter,
                text="Đã hoàn thành theo kế hoạch (dữ liệu mẫu).",
                percent=100,
                date=min(task.due_date, today),
            )
            if n % 4 == 0:
                att = ProgressAttachment(
                    report=report,
                    original_name="bao-cao-ket-qua.pdf",
                    size=len(PDF_BYTES),
                    content_type="application/pdf",
                )
                att.file.save("bao-cao-ket-qua.pdf", ContentFile(PDF_BYTES), save=False)
                att.save()
            if task.status != workflows.DONE:
                services.transition_task(task, "complete", by=by)
            n += 1
        elif code in overdue_codes:
            services.add_progress_report(
                task,
                by=reporter,
                text="Đang triển khai, chậm so với tiến độ (dữ liệu mẫu).",
                percent=40,
                date=today - datetime.timedelta(days=3),
            )
        elif task.due_date is None and n % 2 == 0:
            services.add_progress_report(
                task,
                by=reporter,
                text="Thực hiện thường xuyên trong năm (dữ liệu mẫu).",
                percent=60,
                date=today - datetime.timedelta(days=12),
            )
            n += 1
    # Recurring tasks: spawn occurrences up to the current quarter.
    for task in plan.tasks.exclude(recurrence="none").filter(due_date__lt=today).order_by("pk"):
        current = task
        while current.due_date and current.due_date < today:
            try:
                current = services.spawn_next_occurrence(current, by=by)
            except TransitionRefused:  # the next year has no plan yet
                break
            if current.due_date < today - datetime.timedelta(days=30):
                services.transition_task(current, "complete", by=by)


def _seed_training(plan, by, today):
    province = plan.province
    d = datetime.timedelta
    staff = list(
        User.objects.filter(
            role__in=[Role.DISTRICT, Role.COMMUNE], unit__path__startswith=province.path
        ).order_by("pk")
    )
    new_producers = list(
        Producer.objects.filter(products__plan_entries__plan=plan, products__plan_entries__kind="new")
        .distinct()
        .order_by("pk")
    )
    from accounts.successions import history_paths

    # A local session: Duy Xuyên's district office (three-tier), Xã Nam Phước's economic office today.
    local = AdministrativeUnit.objects.filter(code="2025-20599", parent=province).first()
    if local is None:
        local = AdministrativeUnit.objects.get(code="508")
        trainer, place = "Phòng NN&PTNT huyện Duy Xuyên", "UBND huyện Duy Xuyên"
        hall = "Hội trường Sở NN&PTNT, Tam Kỳ"
    else:
        trainer, place = "Phòng Kinh tế xã Nam Phước", "UBND xã Nam Phước"
        hall = "Hội trường Sở Nông nghiệp và Môi trường, Đà Nẵng"
    local_paths = tuple(history_paths(local))
    sessions = [
        (
            province,
            today - d(days=230),
            "Tập huấn chu trình OCOP thường niên và Bộ tiêu chí theo QĐ 148/QĐ-TTg",
            "Chi cục Phát triển nông thôn",
            hall,
            staff[:2],
            new_producers[:30],
        ),
        (
            province,
            today - d(days=120),
            "Tập huấn lập hồ sơ minh chứng, ghi nhãn hàng hóa, tem truy xuất nguồn gốc",
            "Sở Khoa học và Công nghệ",
            "Tam Kỳ",
            staff[:1],
            new_producers[30:45],
        ),
        (
            local,
            today - d(days=90),
            "Hướng dẫn xây dựng phương án sản xuất kinh doanh",
            trainer,
            place,
            [],
            [p for p in new_producers if p.commune.path.startswith(local_paths)],
        ),
        (
            province,
            today + d(days=14),
            "Tập huấn xúc tiến thương mại, bán hàng trên sàn thương mại điện tử",
            "Sở Công Thương",
            "Hội An",
            [],
            [],
        ),
    ]
    for unit, date, topic, trainer, location, users, producers in sessions:
        session = services.save_training_session(
            TrainingSession(plan=plan, unit=unit, date=date, topic=topic, trainer=trainer, location=location),
            by=by,
        )
        if users or producers:
            services.add_attendees(session, by=by, users=users, producers=producers)


def _seed_funding(plan, by, today, districts, *, two_tier=False):
    year = plan.year
    for i, district in enumerate(districts):
        amount = (300 + (i * 137) % 600) * 1_000_000
        services.record_allocation(
            plan,
            locality=district,
            source="provincial",
            amount=amount,
            by=by,
            decision_reference=f"3120/QĐ-UBND ngày 10/12/{year - 1} (dữ liệu mẫu)",
        )
        if i % 3 == 1:
            services.record_allocation(
                plan,
                locality=district,
                source="ntm_central",
                amount=200_000_000,
                by=by,
                decision_reference=f"1450/QĐ-UBND ngày 15/06/{year} (dữ liệu mẫu)",
            )
            services.record_disbursement(
                plan,
                locality=district,
                source="ntm_central",
                amount=100_000_000,
                date=today - datetime.timedelta(days=20),
                by=by,
                note="Hỗ trợ tem truy xuất nguồn gốc (dữ liệu mẫu)",
            )
        # Spending rates vary: some localities have spent little (candidates to move funds from).
        rate = [0.95, 0.2, 0.7, 1.0, 0.35, 0.6][i % 6]
        spent = int(amount * rate) // 1_000_000 * 1_000_000
        for part, days in ((0.5, 150), (0.5, 40)):
            value = int(spent * part)
            if value > 0:
                services.record_disbursement(
                    plan,
                    locality=district,
                    source="provincial",
                    amount=value,
                    date=today - datetime.timedelta(days=days),
                    by=by,
                    note="Hỗ trợ chủ thể theo NQ 07/2021 (dữ liệu mẫu)",
                )
    services.record_allocation(
        plan,
        locality=plan.province,
        source="provincial",
        amount=1_500_000_000,
        by=by,
        decision_reference=f"3120/QĐ-UBND ngày 10/12/{year - 1} (dữ liệu mẫu)",
        note="Sở Nông nghiệp và Môi trường: hội chợ, đánh giá cấp thành phố"
        if two_tier
        else "Sở NN&PTNT: hội chợ, đánh giá cấp tỉnh",
    )


def _seed_reports(plan, today):
    """The former district officers, now in Xã Nam Phước's and Xã Đại Lộc's economic offices (two-tier), report
    for their unit: the first has submitted every finished quarter, the second only Q1. Both have a draft for
    the current one."""
    users = User.objects.filter(username__in=["demo_district", "demo_district2"]).select_related("unit")
    for user in users:
        for period in ("Q1", "Q2", "Q3", "Q4"):
            start, end = period_bounds(plan.year, period)
            if start > today:
                break
            finished = end < today and (user.username == "demo_district" or period == "Q1")
            report = services.create_periodic_report(
                district=user.unit,
                year=plan.year,
                period=period,
                by=user,
                narrative=f"Báo cáo kết quả thực hiện Chương trình OCOP {period}/{plan.year} của {user.unit} "
                "(dữ liệu mẫu).",
                difficulties="Một số chủ thể chậm hoàn thiện hồ sơ minh chứng." if finished else "",
            )
            if finished:
                services.submit_periodic_report(report, by=user, as_of=end)
            elif end < today:
                continue
            else:
                break


def _seed_targets(plan, by):
    for target in plan.targets.filter(kind="manual").order_by("order"):
        value = 100 if target.unit == "%" else 0
        services.set_manual_value(
            target, value, by=by, note="Cập nhật theo báo cáo của các địa phương (dữ liệu mẫu)."
        )
    # Revenue figures of products recognised last year (for the ≥ 1.5× target).
    cohort = (
        Product.objects.in_unit(plan.province)
        .filter(certified_on__year=plan.year - 1, stars__gte=3)
        .order_by("pk")[:24]
    )
    rows = []
    for i, product in enumerate(cohort):
        base = (400 + (i * 53) % 900) * 1_000_000
        growth = [1.8, 1.3, 1.6, 2.1, 1.1, 1.5][i % 6]
        rows.append(
            RevenueReport(
                producer_id=product.producer_id,
                product=product,
                year=plan.year - 1,
                revenue=base,
                profit=base // 8,
            )
        )
        rows.append(
            RevenueReport(
                producer_id=product.producer_id,
                product=product,
                year=plan.year,
                revenue=int(base * growth),
                profit=int(base * growth) // 7,
            )
        )
    RevenueReport.objects.bulk_create(rows, ignore_conflicts=True)
