"""The 2022 (seed 000) and 2023 (seeds 002/003) plans, with the seeds' own numbers and dates."""

from __future__ import annotations

import datetime

from products import workflows as pw
from products.models import Product

from .. import services
from ..models import (
    AnnualPlan,
    PlanProduct,
)
from .common import (
    CONTENTS_2022,
    CONTENTS_2023,
    GENERAL_2022,
    GENERAL_2023,
    INTRO_2023,
    LEGAL_2022,
    LEGAL_2023,
    PURPOSES_2022,
    PURPOSES_2023,
    RECIPIENTS_2022,
    RECIPIENTS_2023,
    SIGNER,
    SIGNER_TITLE,
    SPECIFIC_2022,
    SPECIFIC_2023,
    _finish_past_tasks,
    _make_plan,
    _targets,
)


def seed_2022(province, by):
    if AnnualPlan.objects.filter(province=province, year=2022).exists():
        return None
    plan = _make_plan(
        province,
        2022,
        by=by,
        title="Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm 2022",
        number="2134/KH-UBND",
        date=datetime.date(2022, 4, 8),
        purposes=PURPOSES_2022,
        general_objectives=GENERAL_2022,
        specific_objectives=SPECIFIC_2022,
        contents=CONTENTS_2022,
        funding=(
            "Nguồn vốn sự nghiệp ngân sách tỉnh được UBND tỉnh phân bổ tại Quyết định số 3626/QĐ-UBND ngày "
            "10/12/2021 và các nguồn kinh phí khác theo quy định."
        ),
        implementation_intro=(
            "Các địa phương, đơn vị nghiêm túc tổ chức thực hiện các nhiệm vụ chỉ đạo của UBND tỉnh tại Công văn "
            "số 485/UBND-KTN ngày 21/01/2022 về việc triển khai Chương trình Mỗi xã một sản phẩm năm 2022 và một "
            "số nhiệm vụ cụ thể sau:"
        ),
        recipients=RECIPIENTS_2022,
        signer_name=SIGNER,
        signer_title=SIGNER_TITLE,
        legal=LEGAL_2022,
        milestones=[
            (
                "dossier_batch",
                "Đợt 1: gửi hồ sơ về cấp tỉnh đánh giá, phân hạng (tối thiểu 50% sản phẩm đã đăng ký)",
                datetime.date(2022, 7, 15),
                1,
                50,
            ),
            (
                "dossier_batch",
                "Đợt 2: gửi hồ sơ về cấp tỉnh (số sản phẩm còn lại)",
                datetime.date(2022, 9, 15),
                2,
                100,
            ),
        ],
        targets=_targets(2022, supported=268, districts=18, new_4star=False, out_of_province=False),
    )
    services.publish_plan(plan, by=by)
    _finish_past_tasks(plan, by)
    return plan


def seed_2023(province, by):
    if AnnualPlan.objects.filter(province=province, year=2023).exists():
        return None
    plan = _make_plan(
        province,
        2023,
        by=by,
        title="Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm 2023",
        # The seed's copy leaves the number and the day blank ("Số: /KH-UBND", "ngày tháng 4 năm 2023").
        number="…/KH-UBND",
        date=datetime.date(2023, 4, 1),
        purposes=PURPOSES_2023,
        general_objectives=GENERAL_2023,
        specific_objectives=SPECIFIC_2023,
        contents=CONTENTS_2023,
        funding=(
            "Từ nguồn vốn sự nghiệp ngân sách tỉnh đã được UBND tỉnh phân bổ tại Quyết định số 3371/QĐ-UBND ngày "
            "09/12/2022 và các nguồn kinh phí khác theo quy định."
        ),
        implementation_intro=INTRO_2023,
        recipients=RECIPIENTS_2023,
        signer_name=SIGNER,
        signer_title=SIGNER_TITLE,
        legal=LEGAL_2023,
        milestones=[
            (
                "plan_registration",
                "Hồ sơ đăng ký kế hoạch năm 2023 gửi về Sở NN&PTNT (Chi cục PTNT)",
                datetime.date(2023, 2, 10),
                None,
                None,
            ),
            (
                "other",
                "Kế hoạch xúc tiến thương mại sản phẩm OCOP ra nước ngoài trình UBND tỉnh (quý I)",
                datetime.date(2023, 3, 31),
                None,
                None,
            ),
            (
                "district_evaluation",
                "Đánh giá, phân hạng sản phẩm cấp huyện (trước tháng 8/2023)",
                datetime.date(2023, 7, 31),
                None,
                None,
            ),
            (
                "province_evaluation",
                "Đánh giá, phân hạng sản phẩm cấp tỉnh",
                datetime.date(2023, 10, 30),
                None,
                None,
            ),
        ],
        targets=_targets(2023, supported=333, districts=18, new_4star=True, out_of_province=True),
    )
    # The product list: products recognised in 2023 were new that year; others registered in 2023 re-rated.
    recognised_2023 = list(
        Product.objects.in_unit(province)
        .filter(certified_on__year=2023)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    services.add_products(
        plan, Product.objects.filter(pk__in=recognised_2023), kind=PlanProduct.Kind.NEW, by=by
    )
    upgrade = (
        Product.objects.in_unit(province)
        .filter(registered_year=2023, state=pw.RECOGNISED)
        .exclude(pk__in=recognised_2023)
        .order_by("pk")[:40]
    )
    services.add_products(plan, upgrade, kind=PlanProduct.Kind.UPGRADE, by=by)
    services.publish_plan(plan, by=by)
    _finish_past_tasks(plan, by)
    return plan
