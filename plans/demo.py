"""Demo plans: Quảng Nam 2022 (seed 000), 2023 (seeds 002/003) and the current year.

The 2022 and 2023 plans carry the seeds' own numbers, dates, legal bases, objectives, milestones,
targets and the eleven units' duties. The current year's plan is invented demo data, with
milestones relative to today (some passed, some in the coming weeks), tasks in every state,
training, funding, periodic reports and revenue figures. Idempotent: existing plans are kept.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import AdministrativeUnit, Role, User
from ocop_portal.workflow import TransitionRefused
from producers.models import Producer
from products import workflows as pw
from products.models import Product

from . import services, workflows
from .duties import load_templates
from .models import (
    AnnualPlan,
    DutyTemplate,
    LegalBasis,
    Milestone,
    PlanProduct,
    ProgressAttachment,
    RevenueReport,
    Target,
    Task,
    TrainingSession,
    period_bounds,
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


def _targets(year: int, *, supported: int, districts: int, new_4star: bool, out_of_province: bool):
    """(kind, label, goal, goal_max, unit, scope) of a Quảng Nam plan's specific objectives."""
    rows = [
        ("training_staff", "Cán bộ OCOP cấp huyện, cấp xã được tập huấn", 100, None, "%", ""),
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
            "Huyện, thị xã, thành phố có ít nhất 01 điểm bán hàng OCOP",
            districts,
            None,
            "huyện",
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
        purposes=PURPOSES_2023.replace("2023", str(year)),
        general_objectives=GENERAL_2023,
        specific_objectives=SPECIFIC_2023.replace("333", "350")
        .replace("2023", str(year))
        .replace("2024", str(year + 1))
        .replace("18 huyện", f"{len(districts)} huyện"),
        contents=CONTENTS_2023.replace("2023", str(year)),
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
                "dossier_batch",
                "Đợt 1: gửi hồ sơ về cấp tỉnh (tối thiểu 50% sản phẩm)",
                today - d(days=60),
                1,
                50,
            ),
            (
                "district_evaluation",
                "Hoàn thành đánh giá, phân hạng cấp huyện",
                today - d(days=10),
                None,
                None,
            ),
            (
                "dossier_batch",
                "Đợt 2: gửi hồ sơ về cấp tỉnh (số sản phẩm còn lại)",
                today + d(days=10),
                2,
                100,
            ),
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


def seed(out):
    created, _updated = load_templates()
    province = AdministrativeUnit.objects.get(code="49")
    by = User.objects.filter(username="demo_province").first()
    if by is None:
        return "no demo_province user: skipped"
    today = timezone.localdate()
    made = [p for p in (seed_2022(province, by), seed_2023(province, by)) if p]
    current = seed_current(province, by, today) if today.year not in (2022, 2023) else None
    if current:
        made.append(current)
    if not made:
        return f"{DutyTemplate.objects.count()} duty templates; plans already present"
    return f"{DutyTemplate.objects.count()} duty templates; plans {', '.join(str(p.year) for p in made)}"
