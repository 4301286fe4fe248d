"""The current year's plan: invented demo data relative to today (milestones, tasks in every state,
training, funding, periodic reports, revenue figures)."""

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
    1: "Đợt 1: gửi hồ sơ về cấp tỉnh (tối thiểu 50% sản phẩm)",
    2: "Đợt 2: gửi hồ sơ về cấp tỉnh (số sản phẩm còn lại)",
}


def seed_current(province, by, today):
    year = today.year
    if AnnualPlan.objects.filter(province=province, year=year).exists():
        return None
    d = datetime.timedelta
    districts = list(
        AdministrativeUnit.objects.districts()
        .filter(parent=province)
        .valid_on(datetime.date(year, 12, 31))
        .order_by("code")
    )
    plan = _make_plan(
        province,
        year,
        by=by,
        title=f"Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm {year}",
        number="65/KH-UBND",
        date=min(datetime.date(year, 1, 20), today - d(days=1)),
        # The 2023 seed's text for this year: the plan's own years move, cited documents keep their
        # dates ("148/QĐ-TTg ngày 24/02/2023" stays), as when a plan is copied to a new year.
        purposes=shift_year_text(PURPOSES_2023, 2023, year),
        general_objectives=GENERAL_2023,
        specific_objectives=shift_year_text(SPECIFIC_2023, 2023, year)
        .replace("333", "350")
        .replace("18 huyện", f"{len(districts)} huyện"),
        contents=shift_year_text(CONTENTS_2023, 2023, year).replace(
            f"Thời gian đánh giá, phân hạng: cấp huyện trước tháng 8/{year}; cấp tỉnh trước ngày 30/10/{year}.",
            "Thời gian gửi hồ sơ, đánh giá, phân hạng: theo các mốc thời gian của Kế hoạch này.",
        ),
        funding=f"Từ nguồn vốn sự nghiệp ngân sách tỉnh phân bổ tại Quyết định số 3120/QĐ-UBND ngày 10/12/{year - 1} "
        "(dữ liệu mẫu) và nguồn kinh phí sự nghiệp nông thôn mới Trung ương.",
        implementation_intro="Các Sở, ngành, địa phương, đơn vị nghiêm túc triển khai thực hiện các nhiệm vụ cụ thể sau:",
        recipients=RECIPIENTS_2023,
        signer_name=SIGNER,
        signer_title=SIGNER_TITLE,
        legal=[LB_919, LB_148, LB_NQ07],
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
                f"Hồ sơ đăng ký kế hoạch năm {year} gửi về Sở NN&PTNT",
                today - d(days=150),
                None,
                None,
            ),
            (
                "district_evaluation",
                "Hoàn thành đánh giá, phân hạng cấp huyện",
                today - d(days=10),
                None,
                None,
            ),
            # The call's batches (dossiers.demo): publishing binds these milestones to them.
            *[
                ("dossier_batch", BATCH_LABELS[number], deadline, number, quota)
                for number, deadline, quota, _note in current_batches(today)
            ],
            ("province_evaluation", "Đánh giá, phân hạng sản phẩm cấp tỉnh", today + d(days=25), None, None),
            ("other", f"Hội nghị tổng kết Chương trình OCOP năm {year}", today + d(days=40), None, None),
        ],
        targets=_targets(year, supported=350, districts=len(districts), new_4star=True, out_of_province=True),
    )
    # Products: the pipeline of the year (new) and some recognised or expired ones (upgrade / re-rating).
    pipeline = Product.objects.in_unit(province).exclude(state__in=[pw.RECOGNISED, pw.EXPIRED, pw.REVOKED])
    services.add_products(plan, pipeline.order_by("pk"), kind=PlanProduct.Kind.NEW, by=by)
    upgrade = list(Product.objects.in_unit(province).filter(state=pw.EXPIRED).order_by("pk")) + list(
        Product.objects.in_unit(province).filter(state=pw.RECOGNISED, stars=3).order_by("-pk")[:30]
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
        reason="Bổ sung sản phẩm đánh giá lại theo đề nghị của UBND huyện (Sở NN&PTNT quyết định, báo cáo UBND tỉnh).",
    )
    services.update_plan(
        plan,
        by=by,
        reason="Bổ sung nguồn kinh phí sự nghiệp nông thôn mới Trung ương được phân bổ giữa năm.",
        funding=plan.funding + " Bổ sung kinh phí nông thôn mới Trung ương phân bổ giữa năm (dữ liệu mẫu).",
    )
    _seed_tasks(plan, by, today)
    _seed_training(plan, by, today)
    _seed_funding(plan, by, today, districts)
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
    duy_xuyen = AdministrativeUnit.objects.get(code="508")
    sessions = [
        (
            province,
            today - d(days=230),
            "Tập huấn chu trình OCOP thường niên và Bộ tiêu chí theo QĐ 148/QĐ-TTg",
            "Chi cục Phát triển nông thôn",
            "Hội trường Sở NN&PTNT, Tam Kỳ",
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
            duy_xuyen,
            today - d(days=90),
            "Hướng dẫn xây dựng phương án sản xuất kinh doanh",
            "Phòng NN&PTNT huyện Duy Xuyên",
            "UBND huyện Duy Xuyên",
            [],
            [p for p in new_producers if p.commune.path.startswith(duy_xuyen.path)],
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


def _seed_funding(plan, by, today, districts):
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
        note="Sở NN&PTNT: hội chợ, đánh giá cấp tỉnh",
    )


def _seed_reports(plan, today):
    """Duy Xuyên has submitted every finished quarter; Đại Lộc only Q1. Both have a draft for the current one."""
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
