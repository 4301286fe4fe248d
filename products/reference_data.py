"""Regulation versions, their product groups/subgroups, and common standards (seeded as data).

Group names follow Decision 1048/QĐ-TTg (2019) and Decision 148/QĐ-TTg (2023).
"""

REGULATIONS = [
    {
        "code": "1048-2019",
        "name": "Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP (QĐ 1048/QĐ-TTg, sửa đổi bởi QĐ 781/QĐ-TTg năm 2020)",
        "decision": "1048/QĐ-TTg",
        "effective_from": "2019-08-21",
        "part_a_max": 35,
        "part_b_max": 25,
        "part_c_max": 40,
        "groups": [
            (
                "1",
                "Thực phẩm",
                False,
                [
                    ("1.1", "Nông sản tươi sống"),
                    ("1.2", "Nông sản sơ chế"),
                    ("1.3", "Thực phẩm tiện lợi"),
                    ("1.4", "Chế biến từ gạo, ngũ cốc"),
                    ("1.5", "Chè"),
                    ("1.6", "Cà phê, ca cao"),
                    ("1.7", "Mật ong, sản phẩm từ mật ong"),
                    ("1.8", "Đồ ăn nhanh"),
                    ("1.9", "Gia vị"),
                ],
            ),
            ("2", "Đồ uống", False, [("2.1", "Đồ uống có cồn"), ("2.2", "Đồ uống không cồn")]),
            (
                "3",
                "Thảo dược",
                False,
                [
                    ("3.1", "Thực phẩm chức năng, thuốc từ dược liệu, thuốc y học cổ truyền"),
                    ("3.2", "Mỹ phẩm từ thảo dược"),
                    ("3.3", "Trà thảo dược"),
                    ("3.4", "Sản phẩm khác từ thảo dược"),
                ],
            ),
            ("4", "Vải và may mặc", False, [("4.1", "Vải, may mặc")]),
            (
                "5",
                "Lưu niệm - nội thất - trang trí",
                False,
                [
                    ("5.1", "Đồ gỗ, mây tre, gốm sứ, dệt may, đồ kim khí, giấy"),
                ],
            ),
            (
                "6",
                "Dịch vụ du lịch nông thôn, bán hàng",
                True,
                [("6.1", "Dịch vụ du lịch nông thôn, điểm bán")],
            ),
        ],
    },
    {
        "code": "148-2023",
        "name": "Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP (QĐ 148/QĐ-TTg ngày 24/02/2023)",
        "decision": "148/QĐ-TTg",
        "effective_from": "2023-02-24",
        "part_a_max": 40,
        "part_b_max": 25,
        "part_c_max": 35,
        "groups": [
            (
                "1",
                "Thực phẩm",
                False,
                [
                    ("1.1", "Thực phẩm tươi sống"),
                    ("1.2", "Thực phẩm thô, sơ chế"),
                    ("1.3", "Thực phẩm chế biến"),
                    ("1.4", "Gia vị"),
                    ("1.5", "Chè"),
                    ("1.6", "Cà phê, ca cao"),
                ],
            ),
            ("2", "Đồ uống", False, [("2.1", "Đồ uống có cồn"), ("2.2", "Đồ uống không cồn")]),
            (
                "3",
                "Dược liệu và sản phẩm từ dược liệu",
                False,
                [
                    ("3.1", "Thực phẩm chức năng, thuốc dược liệu, thuốc y học cổ truyền"),
                    ("3.2", "Mỹ phẩm có thành phần từ thảo dược"),
                    ("3.3", "Dược liệu, sản phẩm khác từ dược liệu"),
                ],
            ),
            (
                "4",
                "Thủ công mỹ nghệ",
                False,
                [("4.1", "Thủ công mỹ nghệ, trang trí, gia dụng"), ("4.2", "Vải, may mặc")],
            ),
            ("5", "Sinh vật cảnh", False, [("5.1", "Hoa"), ("5.2", "Cây cảnh"), ("5.3", "Động vật cảnh")]),
            (
                "6",
                "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
                True,
                [
                    ("6.1", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"),
                ],
            ),
        ],
    },
]

STANDARDS = [
    ("vietgap", "VietGAP"),
    ("globalgap", "GlobalGAP"),
    ("organic", "Organic (hữu cơ)"),
    ("gmp", "GMP"),
    ("haccp", "HACCP"),
    ("iso-22000", "ISO 22000"),
    ("iso-9001", "ISO 9001"),
    ("vsattp", "Giấy chứng nhận ATTP"),
]


def load(apps):
    RegulationVersion = apps.get_model("products", "RegulationVersion")
    ProductGroup = apps.get_model("products", "ProductGroup")
    Standard = apps.get_model("products", "Standard")
    from ocop_portal.text import fold

    for spec in REGULATIONS:
        spec = dict(spec)
        groups = spec.pop("groups")
        # the commune step is read from the rule sets (evaluation.RegulationProfile), not stored here
        reg, _ = RegulationVersion.objects.update_or_create(code=spec.pop("code"), defaults=spec)
        for code, name, tourism, subgroups in groups:
            parent, _ = ProductGroup.objects.update_or_create(
                regulation=reg,
                code=code,
                defaults={"name": name, "name_ascii": fold(name), "is_tourism": tourism, "parent": None},
            )
            for sub_code, sub_name in subgroups:
                ProductGroup.objects.update_or_create(
                    regulation=reg,
                    code=sub_code,
                    defaults={
                        "name": sub_name,
                        "name_ascii": fold(sub_name),
                        "is_tourism": tourism,
                        "parent": parent,
                    },
                )
    for code, name in STANDARDS:
        Standard.objects.update_or_create(code=code, defaults={"name": name})
