"""The seeds' shared texts (signer, objectives, legal bases) and the builders of a demo plan."""

from __future__ import annotations

import datetime
from decimal import Decimal

from .. import services
from ..models import (
    AnnualPlan,
    DutyTemplate,
    LegalBasis,
    Milestone,
    Target,
)

SIGNER_TITLE = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
SIGNER = "Trần Anh Tuấn"

GENERAL_2022 = """- Phát triển kinh tế khu vực nông thôn, nâng cao thu nhập, đời sống cho Nhân dân, thực hiện có hiệu quả nhóm tiêu chí “Kinh tế và tổ chức sản xuất” trong Bộ tiêu chí Quốc gia về xây dựng nông thôn mới, góp phần thực hiện hiệu quả tái cơ cấu ngành nông nghiệp gắn với xây dựng nông thôn mới.
- Phát triển các hình thức tổ chức sản xuất kinh doanh, tập trung phát triển thành phần kinh tế hợp tác và kinh tế tư nhân theo hướng cộng đồng (các hợp tác xã, doanh nghiệp vừa và nhỏ) để sản xuất các sản phẩm truyền thống, sản phẩm có lợi thế ở khu vực nông thôn góp phần phát triển kinh tế nông thôn theo hướng phát triển nội sinh và gia tăng giá trị.
- Thông qua việc phát triển sản xuất tại địa bàn khu vực nông thôn, góp phần thực hiện công nghiệp hóa, hiện đại hóa nông nghiệp, nông thôn; hạn chế nông dân di cư ra thành phố, bảo vệ môi trường và gìn giữ, phát triển xã hội khu vực nông thôn bền vững."""

SPECIFIC_2022 = """- 100% đơn vị cấp huyện củng cố, kiện toàn Bộ máy tổ chức OCOP cấp huyện, cấp xã và hoàn thiện bộ máy tham mưu giúp việc Chương trình OCOP các cấp; 100% cán bộ OCOP cấp huyện, cấp xã và các chủ thể mới tham gia Chương trình OCOP năm 2022 phải được tham gia tập huấn các nội dung cơ bản của Chương trình, nhất là nội dung cụ thể các bước trong chu trình OCOP.
- Về phát triển sản phẩm: Hỗ trợ phát triển/nâng cấp 268 sản phẩm đã được công nhận, phấn đấu trong năm 2022 có ít nhất 70% số sản phẩm đăng ký tham gia Chương trình OCOP năm 2022 đạt hạng 3 sao trở lên (Có danh sách sản phẩm tham gia Chương trình OCOP năm 2022 kèm theo).
- Về phát triển tổ chức kinh tế: Hỗ trợ củng cố, nâng cấp/thành lập mới ít nhất 10 tổ chức kinh tế (doanh nghiệp vừa và nhỏ, các hợp tác xã) tham gia OCOP.
- 100% chủ thể đăng ký tham gia có cam kết sản xuất sản phẩm theo quy định về an toàn thực phẩm; bao bì, nhãn mác, đóng gói được nâng cấp đảm bảo quy định; áp dụng hệ thống quản lý chất lượng trong quá trình sản xuất, lưu thông cũng như truy xuất nguồn gốc sản phẩm.
- Xây dựng/nâng cấp các điểm, trung tâm bán hàng OCOP cấp huyện. Đảm bảo đến cuối năm 2022, tất cả 18 huyện, thị xã, thành phố đều có ít nhất 01 điểm bán hàng OCOP. Phấn đấu các sản phẩm sau 01 năm được công nhận OCOP hạng 3 sao trở lên tăng doanh thu và lợi nhuận lên ít nhất 1,5 lần so với thời điểm sản phẩm chưa tham gia OCOP.
- Tổ chức ít nhất 02 cuộc Hội chợ chuyên đề về sản phẩm OCOP, tổ chức Hội nghị đánh giá kết quả thực hiện Chương trình OCOP năm 2022, triển khai nhiệm vụ năm 2023."""

PURPOSES_2022 = """1. Nhằm cụ thể hóa Nghị quyết số 07/2021/NQ-HĐND ngày 13/01/2021 của Hội đồng nhân dân tỉnh quy định cơ chế, chính sách hỗ trợ Chương trình Mỗi xã một sản phẩm trên địa bàn tỉnh Quảng Nam giai đoạn 2021-2025. Triển khai đồng bộ các giải pháp nhằm huy động tổng hợp các nguồn lực để thực hiện Chương trình OCOP đảm bảo hiệu quả, đúng tiến độ và thời gian.
2. Xác định Chương trình OCOP là Chương trình phát triển kinh tế khu vực nông thôn theo hướng phát triển nội sinh và gia tăng giá trị, gắn phát triển nông thôn với đô thị, góp phần thực hiện có hiệu quả nhóm tiêu chí “Kinh tế và tổ chức sản xuất” trong Bộ tiêu chí quốc gia về xây dựng nông thôn mới. Các địa phương cần ưu tiên đưa nội dung OCOP vào Chương trình công tác trọng tâm năm 2022 của đơn vị để chủ động thực hiện có hiệu quả Chương trình."""

CONTENTS_2022 = """a) Tuyên truyền, khởi động triển khai Kế hoạch OCOP năm 2022 (website http://ocop.quangnam.gov.vn; 01 cuộc Hội thảo về Chương trình OCOP).
b) Củng cố hệ thống tổ chức; định kỳ hằng quý tổ chức họp, kiểm tra, giám sát tiến độ; triển khai Chu trình OCOP thường niên; tập huấn, hướng dẫn chủ thể; tổ chức đánh giá, phân hạng sản phẩm cấp huyện, cấp tỉnh theo Quyết định số 1048/QĐ-TTg ngày 21/8/2019, 781/QĐ-TTg ngày 08/6/2020. Thời gian gửi hồ sơ về cấp tỉnh: Đợt 1, trước ngày 15/7/2022 (tối thiểu 50% sản phẩm đã đăng ký); Đợt 2, trước ngày 15/9/2022 (đối với số sản phẩm còn lại).
c) Củng cố, nâng cấp, thành lập mới các tổ chức kinh tế tham gia Chương trình OCOP.
d) Phát triển sản phẩm OCOP (ưu tiên nguyên liệu, lao động địa phương; tem truy xuất nguồn gốc cho sản phẩm 3 sao trở lên).
e) Củng cố hệ thống tư vấn, đối tác hỗ trợ thực hiện Chương trình OCOP.
f) Quản lý chất lượng sản phẩm: đoàn liên ngành kiểm tra, giám sát chất lượng sản phẩm OCOP đã được công nhận.
g) Công tác tư vấn, hướng dẫn, kiểm tra, giám sát."""

RECIPIENTS_2022 = """Như trên;
CT, các PCT UBND tỉnh;
UBMTTQVN tỉnh;
Các Sở: NN&PTNT, TC, CT, KH&ĐT, TN&MT, Y tế, KH&CN, TT&TT; VH, TT&DL;
Văn phòng ĐP NTM tỉnh;
Liên minh HTX tỉnh;
Báo, Đài PTTH Quảng Nam;
UBND các huyện, TX, TP;
CPVP;
Lưu: VT, TH, KTN."""

GENERAL_2023 = """- Phát triển sản phẩm OCOP nhằm khơi dậy tiềm năng, lợi thế khu vực nông thôn, nâng cao thu nhập cho người dân; góp phần tiếp tục cơ cấu lại ngành nông nghiệp gắn với phát triển tiểu thủ công nghiệp, ngành nghề, dịch vụ và du lịch nông thôn; thúc đẩy kinh tế nông thôn phát triển bền vững, trên cơ sở tăng cường ứng dụng chuyển đổi số và kinh tế tuần hoàn, bảo tồn các giá trị văn hóa, quản lý tài nguyên, bảo tồn đa dạng sinh học, cảnh quan và môi trường nông thôn, góp phần xây dựng NTM đi vào chiều sâu, hiệu quả và bền vững.
- Phát triển các hình thức tổ chức sản xuất kinh doanh (tập trung phát triển thành phần kinh tế hợp tác và kinh tế tư nhân theo hướng cộng đồng (các HTX, Doanh nghiệp vừa và nhỏ) để sản xuất các sản phẩm truyền thống, sản phẩm có lợi thế ở khu vực nông thôn góp phần phát triển kinh tế nông thôn theo hướng phát triển nội sinh và gia tăng giá trị.
- Thông qua việc phát triển sản xuất tại địa bàn khu vực nông thôn, góp phần thực hiện công nghiệp hóa, hiện đại hóa nông nghiệp nông thôn; hạn chế nông dân di cư ra thành phố, bảo vệ môi trường và gìn giữ, phát triển xã hội khu vực nông thôn bền vững."""

SPECIFIC_2023 = """- 100% đơn vị cấp huyện củng cố, kiện toàn bộ máy tổ chức OCOP cấp huyện, cấp xã và hoàn thiện bộ máy tham mưu giúp việc Chương trình OCOP các cấp; 100% cán bộ OCOP cấp huyện, cấp xã và các chủ thể mới tham gia Chương trình OCOP năm 2023 phải được tham gia tập huấn các nội dung cơ bản của Chương trình, nhất là nội dung cụ thể các bước trong chu trình OCOP.
- Về phát triển sản phẩm: Hỗ trợ phát triển/nâng cấp 333 sản phẩm đã được công nhận, phấn đấu trong năm 2023 có ít nhất 70% số sản phẩm đăng ký tham gia Chương trình OCOP đạt hạng 3 sao trở lên; trong đó, có từ 10 đến 15 sản phẩm 04 sao (Có danh sách sản phẩm tham gia Chương trình OCOP năm 2023 kèm theo).
- Về phát triển tổ chức kinh tế: Hỗ trợ củng cố, nâng cấp/thành lập mới ít nhất 10 tổ chức kinh tế (Doanh nghiệp vừa và nhỏ, các HTX) tham gia OCOP.
- 100% chủ thể đăng ký tham gia có cam kết sản xuất sản phẩm theo quy định về an toàn thực phẩm; bao bì, nhãn mác, đóng gói được nâng cấp đảm bảo quy định; áp dụng hệ thống quản lý chất lượng tiên tiến trong quá trình sản xuất, lưu thông cũng như truy xuất nguồn gốc sản phẩm.
- Xây dựng/nâng cấp các điểm, trung tâm bán hàng OCOP cấp huyện. Đảm bảo đến cuối năm 2023, tất cả 18 huyện, thị xã, thành phố đều có ít nhất 01 điểm bán hàng OCOP. Phấn đấu các sản phẩm sau 01 năm được công nhận OCOP hạng 3 sao trở lên tăng doanh thu và lợi nhuận lên ít nhất 1,5 lần so với thời điểm sản phẩm chưa tham gia OCOP.
- Tổ chức ít nhất 02 cuộc Hội chợ chuyên đề về sản phẩm OCOP, 01 đợt xúc tiến thương mại ra nước ngoài, tổ chức Hội nghị tổng kết đánh giá kết quả thực hiện Chương trình OCOP năm 2023, triển khai nhiệm vụ năm 2024."""

PURPOSES_2023 = """1. Nhằm cụ thể hóa Quyết định số 919/QĐ-TTg ngày 01/8/2022 của Thủ tướng Chính phủ phê duyệt Chương trình Mỗi xã một sản phẩm giai đoạn 2021 - 2025; Quyết định 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ; Nghị quyết số 07/2021/NQ-HĐND ngày 13/01/2021 của HĐND tỉnh. Triển khai đồng bộ các giải pháp nhằm huy động tổng hợp các nguồn lực để thực hiện Chương trình OCOP đảm bảo hiệu quả, đúng tiến độ và thời gian.
2. Xác định Chương trình OCOP là Chương trình trọng tâm phát triển kinh tế khu vực nông thôn theo hướng phát huy nội lực và gia tăng giá trị; là giải pháp và nhiệm vụ quan trọng trong thực hiện Chương trình mục tiêu quốc gia (MTQG) xây dựng nông thôn mới (NTM) giai đoạn 2021 - 2025. Các địa phương cần ưu tiên đưa nội dung OCOP vào Chương trình công tác trọng tâm năm 2023 của đơn vị để chủ động thực hiện có hiệu quả Chương trình."""

CONTENTS_2023 = """1. Tuyên truyền, khởi động triển khai Kế hoạch OCOP năm 2023 (01 cuộc Hội nghị về Chương trình OCOP).
2. Củng cố hệ thống tổ chức; định kỳ hằng quý họp, kiểm tra, giám sát tiến độ; triển khai Chu trình OCOP thường niên; đánh giá, phân hạng theo Quyết định số 148/QĐ-TTg ngày 24/02/2023: UBND cấp xã đánh giá các tiêu chí địa phương; cấp huyện đánh giá và công nhận sản phẩm 03 sao; cấp tỉnh đánh giá và công nhận sản phẩm 04 sao, lập hồ sơ trình Trung ương đánh giá 05 sao. Thời gian đánh giá, phân hạng: cấp huyện trước tháng 8/2023; cấp tỉnh trước ngày 30/10/2023.
3. Củng cố, nâng cấp, thành lập mới các tổ chức kinh tế tham gia Chương trình OCOP.
4. Phát triển sản phẩm OCOP.
5. Củng cố hệ thống tư vấn, đối tác hỗ trợ thực hiện Chương trình OCOP.
6. Quản lý chất lượng sản phẩm.
7. Công tác tư vấn, hướng dẫn, kiểm tra, giám sát."""

RECIPIENTS_2023 = """Bộ Nông nghiệp và PTNT;
CT, các PCT UBND tỉnh;
UBMTTQVN, các Hội đoàn thể tỉnh;
Các Sở: Nông nghiệp và PTNT, Công Thương, Y tế, Tài chính, Kế hoạch và Đầu tư, Thông tin và Truyền thông, Tài nguyên và Môi trường, Khoa học và Công nghệ; Văn hóa, Thể thao và Du lịch;
UBND các huyện, thị xã, thành phố;
Báo, Đài PTTH Quảng Nam;
CPVP;
Lưu: VT, TH, KTTH, KTN."""

INTRO_2023 = (
    "Các Sở, ngành, địa phương, đơn vị nghiêm túc triển khai thực hiện các nhiệm vụ chỉ đạo của UBND tỉnh tại "
    "Công văn số 425/UBND-KTN ngày 19/01/2023 về việc triển khai Chương trình Mỗi xã một sản phẩm năm 2023 "
    "và một số nhiệm vụ cụ thể sau:"
)

LB_NQ07 = (
    "Nghị quyết",
    "07/2021/NQ-HĐND",
    datetime.date(2021, 1, 13),
    "Hội đồng nhân dân tỉnh",
    "quy định cơ chế, chính sách hỗ trợ Chương trình Mỗi xã một sản phẩm trên địa bàn tỉnh Quảng Nam, "
    "giai đoạn 2021-2025",
)
LB_919 = (
    "Quyết định",
    "919/QĐ-TTg",
    datetime.date(2022, 8, 1),
    "Thủ tướng Chính phủ",
    "phê duyệt Chương trình Mỗi xã một sản phẩm giai đoạn 2021 - 2025",
)
LB_148 = (
    "Quyết định",
    "148/QĐ-TTg",
    datetime.date(2023, 2, 24),
    "Thủ tướng Chính phủ",
    "về việc Ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm Chương trình mỗi xã một sản phẩm",
)
LEGAL_2022 = [
    LB_NQ07,
    (
        "Quyết định",
        "524/QĐ-UBND",
        datetime.date(2021, 2, 25),
        "UBND tỉnh",
        "về việc triển khai thực hiện Nghị quyết số 07/2021/NQ-HĐND ngày 13/01/2021 của Hội đồng nhân dân tỉnh",
    ),
    (
        "Công văn",
        "485/UBND-KTN",
        datetime.date(2022, 1, 21),
        "UBND tỉnh",
        "về việc triển khai Chương trình Mỗi xã một sản phẩm (OCOP) năm 2022",
    ),
]
LEGAL_2023 = [
    LB_919,
    LB_148,
    LB_NQ07,
    (
        "Công văn",
        "425/UBND-KTN",
        datetime.date(2023, 1, 19),
        "UBND tỉnh",
        "về việc triển khai Chương trình Mỗi xã một sản phẩm năm 2023",
    ),
]


def _targets(
    year: int, *, supported: int, districts: int, new_4star: bool, out_of_province: bool, two_tier=False
):
    """(kind, label, goal, goal_max, unit, scope) of a plan's specific objectives (Quảng Nam's; the city's
    when ``two_tier``: its local units are communes and wards)."""
    rows = [
        (
            "training_staff",
            "Cán bộ OCOP cấp xã được tập huấn" if two_tier else "Cán bộ OCOP cấp huyện, cấp xã được tập huấn",
            100,
            None,
            "%",
            "",
        ),
        ("training_producers", f"Chủ thể mới tham gia năm {year} được tập huấn", 100, None, "%", ""),
        (
            "supported_products",
            "Hỗ trợ phát triển/nâng cấp sản phẩm đã được công nhận",
            supported,
            None,
            "sản phẩm",
            "",
        ),
        ("share_3star", "Sản phẩm đăng ký tham gia đạt hạng 3 sao trở lên", 70, None, "%", ""),
    ]
    if new_4star:
        rows.append(("new_4star", "Sản phẩm đạt hạng 4 sao trong năm", 10, 15, "sản phẩm", ""))
    rows += [
        ("economic_orgs", "Tổ chức kinh tế được củng cố, nâng cấp/thành lập mới", 10, None, "tổ chức", ""),
        ("manual", "Chủ thể cam kết sản xuất theo quy định an toàn thực phẩm", 100, None, "%", ""),
        (
            "sales_point_districts",
            "Xã, phường, đặc khu có ít nhất 01 điểm bán hàng OCOP"
            if two_tier
            else "Huyện, thị xã, thành phố có ít nhất 01 điểm bán hàng OCOP",
            districts,
            None,
            "xã, phường" if two_tier else "huyện",
            "",
        ),
        ("revenue_growth", "Doanh thu sản phẩm sau 01 năm được công nhận", Decimal("1.5"), None, "lần", ""),
        ("fairs_held", "Hội chợ chuyên đề về sản phẩm OCOP", 2, None, "hội chợ", ""),
    ]
    if out_of_province:
        rows += [
            (
                "fairs_held",
                "Hội chợ OCOP tại Đà Nẵng, TP. Hồ Chí Minh, Hà Nội",
                3,
                None,
                "hội chợ",
                "out_of_province",
            ),
            ("manual", "Đợt xúc tiến thương mại ra nước ngoài", 1, None, "đợt", ""),
        ]
    rows.append(("manual", f"Hội nghị tổng kết Chương trình OCOP năm {year}", 1, None, "hội nghị", ""))
    return rows


def _make_plan(province, year, *, by, legal, milestones, targets, **fields) -> AnnualPlan:
    plan = services.create_plan(province=province, year=year, by=by, **fields)
    LegalBasis.objects.bulk_create(
        LegalBasis(plan=plan, kind=k, reference=r, issued_on=d, issuer=i, summary=s, order=n)
        for n, (k, r, d, i, s) in enumerate(legal, start=1)
    )
    Milestone.objects.bulk_create(
        Milestone(plan=plan, kind=k, label=label, due_date=d, batch_number=b, quota_percent=q)
        for k, label, d, b, q in milestones
    )
    Target.objects.bulk_create(
        Target(
            plan=plan, kind=k, label=label, goal_value=Decimal(str(g)), goal_max=gm, unit=u, scope=sc, order=n
        )
        for n, (k, label, g, gm, u, sc) in enumerate(targets, start=1)
    )
    services.create_tasks_from_templates(plan, DutyTemplate.objects.filter(active=True), by=by)
    return plan


def _finish_past_tasks(plan, by):
    for task in plan.tasks.order_by("pk"):
        services.transition_task(task, "complete", by=by)
