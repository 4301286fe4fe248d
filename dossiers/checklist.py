"""The evidence-dossier checklist, as data: document kinds, rules per regulation version and
top product group, and the commune's four local criteria (148/2023).

Loaded by a data migration (``load(apps)``, idempotent); DARD staff maintain it afterwards in the
back office. The kinds follow DOMAIN.md §4 (the seeds' list of dossier contents). Which kinds are
*required* for which group is the portal's reading of the decisions' annexes, not an official
table: adjust the rules in the back office when the official list says otherwise.

The answer options of the local criteria are SAMPLE WORDING (the official text is not in the
seeds) and are flagged as such in the data and on screen.
"""

UPLOAD, COMMUNE_REPORT = "upload", "commune_report"

# code, name (Vietnamese data), description, order, tourism only, source
KINDS = [
    (
        "form-01-02",
        "Phiếu đăng ký sản phẩm (mẫu 01 sản phẩm mới / mẫu 02 sản phẩm đã có)",
        "Phiếu đăng ký ý tưởng sản phẩm hoặc phiếu đăng ký sản phẩm đã có.",
        10,
        False,
        UPLOAD,
    ),
    ("form-03", "Phương án / dự án sản xuất kinh doanh (mẫu 03)", "", 20, False, UPLOAD),
    ("form-04", "Sơ đồ tổ chức, thông tin chủ thể (mẫu 04)", "", 30, False, UPLOAD),
    (
        "business-registration",
        "Giấy chứng nhận đăng ký kinh doanh / đăng ký hợp tác xã",
        "",
        40,
        False,
        UPLOAD,
    ),
    (
        "production-conditions",
        "Giấy chứng nhận đủ điều kiện sản xuất / cơ sở đủ điều kiện an toàn thực phẩm",
        "Hoặc bản cam kết sản xuất thực phẩm an toàn theo quy định.",
        50,
        False,
        UPLOAD,
    ),
    ("quality-declaration", "Bản tự công bố chất lượng sản phẩm", "", 60, False, UPLOAD),
    (
        "test-reports",
        "Phiếu kết quả kiểm nghiệm",
        "Chỉ tiêu chất lượng, an toàn thực phẩm.",
        70,
        False,
        UPLOAD,
    ),
    ("label-packaging", "Nhãn và bao bì sản phẩm", "Mẫu nhãn, ảnh bao bì.", 80, False, UPLOAD),
    ("traceability", "Truy xuất nguồn gốc", "Tem, mã truy xuất, sổ ghi chép sản xuất.", 90, False, UPLOAD),
    ("product-story", "Câu chuyện sản phẩm", "", 100, False, UPLOAD),
    (
        "trademark",
        "Nhãn hiệu, sở hữu trí tuệ",
        "Giấy chứng nhận hoặc đơn đăng ký nhãn hiệu.",
        110,
        False,
        UPLOAD,
    ),
    (
        "standards",
        "Chứng nhận tiêu chuẩn (VietGAP, hữu cơ, GMP, HACCP, ISO …)",
        "",
        120,
        False,
        UPLOAD,
    ),
    ("photos", "Hình ảnh sản phẩm, cơ sở sản xuất", "", 130, False, UPLOAD),
    (
        "site-inspection",
        "Biên bản kiểm tra, đánh giá thực tế tại điểm (sản phẩm du lịch)",
        "Sản phẩm dịch vụ du lịch được kiểm tra thực địa trước khi chấm điểm.",
        140,
        True,
        UPLOAD,
    ),
    (
        "commune-report",
        "Biên bản đánh giá tiêu chí địa phương của UBND xã",
        "Do UBND xã lập trực tuyến sau cuộc họp do Chủ tịch UBND xã chủ trì (QĐ 148/QĐ-TTg).",
        150,
        False,
        COMMUNE_REPORT,
    ),
]

COMMON_REQUIRED = ["form-01-02", "form-03", "form-04", "business-registration", "product-story", "photos"]
COMMON_OPTIONAL = ["traceability", "trademark", "standards"]
FOOD_LIKE = ["production-conditions", "quality-declaration", "test-reports", "label-packaging"]
NON_FOOD_REQUIRED = ["label-packaging"]
NON_FOOD_OPTIONAL = ["production-conditions", "quality-declaration", "test-reports"]


def _rules_for(food_groups, non_food_groups, tourism_groups, *, commune_report: bool):
    """→ list of (group code or None, kind code, required)."""
    rules = [(None, code, True) for code in COMMON_REQUIRED]
    rules += [(None, code, False) for code in COMMON_OPTIONAL]
    rules += [(None, "site-inspection", True)]  # tourism-only kind: applies to tourism groups only
    rules += [(None, code, True) for code in FOOD_LIKE]  # default; non-food groups override below
    for group in non_food_groups:
        rules += [(group, code, True) for code in NON_FOOD_REQUIRED]
        rules += [(group, code, False) for code in NON_FOOD_OPTIONAL]
    for group in tourism_groups:
        rules += [(group, code, False) for code in FOOD_LIKE]
    if commune_report:
        rules.append((None, "commune-report", True))
    return rules


RULES = {
    # 1048/2019: 1 food, 2 beverages, 3 herbal, 4 textiles, 5 souvenirs/furniture, 6 rural tourism
    "1048-2019": _rules_for(["1", "2", "3"], ["4", "5"], ["6"], commune_report=False),
    # 148/2023: 1 food, 2 beverages, 3 medicinal herbs, 4 handicrafts, 5 ornamental, 6 tourism
    "148-2023": _rules_for(["1", "2", "3"], ["4", "5"], ["6"], commune_report=True),
}

# The four local criteria of 148/2023 (names from DOMAIN.md §4); the options are SAMPLE WORDING.
LOCAL_CRITERIA = {
    "148-2023": [
        (
            "origin",
            "Nguồn gốc sản phẩm / nguyên liệu tại địa phương",
            [
                ("all-local", "Toàn bộ nguyên liệu chính có nguồn gốc tại địa phương (mẫu)"),
                ("partly-local", "Một phần nguyên liệu chính có nguồn gốc tại địa phương (mẫu)"),
                ("outside", "Nguyên liệu chính chủ yếu từ ngoài địa phương (mẫu)"),
            ],
        ),
        (
            "labour",
            "Sử dụng lao động địa phương",
            [
                ("mostly-local", "Trên 50% lao động là người địa phương (mẫu)"),
                ("some-local", "Có sử dụng lao động địa phương, dưới 50% (mẫu)"),
                ("none", "Không sử dụng lao động địa phương (mẫu)"),
            ],
        ),
        (
            "idea",
            "Nguồn gốc ý tưởng sản phẩm",
            [
                ("local", "Ý tưởng của chủ thể / cộng đồng tại địa phương (mẫu)"),
                ("adapted", "Ý tưởng kế thừa, cải tiến từ sản phẩm nơi khác (mẫu)"),
                ("external", "Ý tưởng từ bên ngoài địa phương (mẫu)"),
            ],
        ),
        (
            "identity",
            "Tính đặc trưng, bản sắc, tri thức địa phương",
            [
                ("strong", "Thể hiện rõ bản sắc, tri thức, văn hóa địa phương (mẫu)"),
                ("some", "Có một số yếu tố bản sắc địa phương (mẫu)"),
                ("none", "Chưa thể hiện bản sắc địa phương (mẫu)"),
            ],
        ),
    ]
}


def load(apps, app_label: str = "dossiers"):
    """Create or update the kinds, rules and local criteria. Idempotent; usable from migrations
    (those written before the app split pass ``app_label="evaluation"``, where the models were then)."""
    DocumentKind = apps.get_model(app_label, "DocumentKind")
    ChecklistRule = apps.get_model(app_label, "ChecklistRule")
    LocalCriterion = apps.get_model(app_label, "LocalCriterion")
    LocalCriterionOption = apps.get_model(app_label, "LocalCriterionOption")
    RegulationVersion = apps.get_model("products", "RegulationVersion")
    ProductGroup = apps.get_model("products", "ProductGroup")

    kinds = {}
    for code, name, description, order, tourism_only, source in KINDS:
        kinds[code], _ = DocumentKind.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name,
                description=description,
                order=order,
                applies_to_tourism_only=tourism_only,
                source=source,
            ),
        )
    for reg_code, rules in RULES.items():
        reg = RegulationVersion.objects.filter(code=reg_code).first()
        if reg is None:
            continue
        groups = {g.code: g for g in ProductGroup.objects.filter(regulation=reg, parent__isnull=True)}
        for group_code, kind_code, required in rules:
            group = groups.get(group_code) if group_code else None
            if group_code and group is None:
                continue
            ChecklistRule.objects.update_or_create(
                regulation=reg, group=group, kind=kinds[kind_code], defaults={"required": required}
            )
    for reg_code, criteria in LOCAL_CRITERIA.items():
        reg = RegulationVersion.objects.filter(code=reg_code).first()
        if reg is None:
            continue
        for order, (code, name, options) in enumerate(criteria, start=1):
            criterion, _ = LocalCriterion.objects.update_or_create(
                regulation=reg,
                code=code,
                defaults={"name": name, "order": order, "is_sample_wording": True},
            )
            for opt_order, (opt_code, label) in enumerate(options, start=1):
                LocalCriterionOption.objects.update_or_create(
                    criterion=criterion, code=opt_code, defaults={"label": label, "order": opt_order}
                )
