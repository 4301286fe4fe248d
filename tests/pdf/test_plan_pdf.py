"""The annual plan PDF: exact Vietnamese, sections I–V, tasks per unit, appendix with repeating header."""

import datetime
import subprocess

import pytest
from django.core.management import call_command

from accounts.models import AdministrativeUnit, Department
from plans import services
from plans.models import LegalBasis, Milestone, PlanProduct, Task
from plans.pdf import plan_pdf
from producers.models import Producer
from products.models import Product, ProductGroup

pytestmark = pytest.mark.django_db


def flat(data: bytes) -> tuple[str, list[str]]:
    raw = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return " ".join(raw.split()), [" ".join(p.split()) for p in raw.split("\f") if p.strip()]


@pytest.fixture
def plan(db):
    province = AdministrativeUnit.objects.get(code="49")
    from accounts.models import Role, User

    dard = User.objects.create_user("dard_plan", password="x-pass-12345", role=Role.PROVINCE, unit=province)
    plan = services.create_plan(
        province=province,
        year=2023,
        by=dard,
        title="Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm 2023",
        number="88/KH-UBND",
        date=datetime.date(2023, 3, 15),
        purposes="Triển khai đồng bộ các giải pháp huy động nguồn lực thực hiện Chương trình OCOP.",
        general_objectives="Phát triển sản phẩm OCOP nhằm khơi dậy tiềm năng, lợi thế khu vực nông thôn.",
        recipients="Bộ Nông nghiệp và PTNT;\nTT Tỉnh ủy, HĐND tỉnh;\nLưu: VT, KTN.",
        signer_name="Trần Anh Tuấn",
        signer_title="Phó Chủ tịch",
    )
    LegalBasis.objects.create(
        plan=plan,
        kind="Quyết định",
        reference="148/QĐ-TTg",
        issued_on=datetime.date(2023, 2, 24),
        issuer="Thủ tướng Chính phủ",
        order=1,
    )
    Milestone.objects.create(
        plan=plan,
        kind="dossier_batch",
        label="Nộp hồ sơ đợt 1 về Sở NN&PTNT",
        due_date=datetime.date(2023, 7, 15),
        batch_number=1,
        quota_percent=50,
    )
    industry = Department.objects.get(code="so-cong-thuong")
    Task.objects.create(
        plan=plan,
        title="Tổ chức hội chợ OCOP",
        description="Chủ trì tổ chức ít nhất 02 hội chợ sản phẩm OCOP trong tỉnh.",
        lead_department=industry,
        due_date=datetime.date(2023, 12, 31),
    )
    group = ProductGroup.objects.get(regulation__code="148-2023", code="1.3")
    commune = AdministrativeUnit.objects.get(code="20599")
    producer = Producer.objects.create(name="HTX Nông nghiệp Nam Phước", kind="cooperative", commune=commune)
    for i in range(80):
        product = Product.objects.create(
            name=f"Bánh tráng số {i:02d} Đại Lộc", producer=producer, commune=commune, group=group
        )
        PlanProduct.objects.create(plan=plan, product=product, kind="new")
    return plan


def test_plan_pdf_layout_and_exact_vietnamese(plan):
    text, pages = flat(plan_pdf(plan))
    for expected in [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 88/KH-UBND",
        "Quảng Nam, ngày 15 tháng 03 năm 2023",
        "KẾ HOẠCH",
        "Kế hoạch triển khai Chương trình Mỗi xã một sản phẩm năm 2023",
        "Căn cứ Quyết định số 148/QĐ-TTg",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. MỤC TIÊU",
        "III. NỘI DUNG THỰC HIỆN",
        "IV. KINH PHÍ THỰC HIỆN",
        "V. TỔ CHỨC THỰC HIỆN",
        "Sở Công Thương",
        "Chủ trì tổ chức ít nhất 02 hội chợ sản phẩm OCOP trong tỉnh.",
        "Nộp hồ sơ đợt 1 về Sở NN&PTNT: trước ngày 15/07/2023 (tối thiểu 50% số sản phẩm đăng ký)",
        "Nơi nhận:",
        "Bộ Nông nghiệp và PTNT;",
        "TM. ỦY BAN NHÂN DÂN",
        "Trần Anh Tuấn",
        "DANH SÁCH SẢN PHẨM THAM GIA CHƯƠNG TRÌNH OCOP NĂM 2023",
        "Bánh tráng số 79 Đại Lộc",
    ]:
        assert expected in text, expected
    appendix = [p for p in pages if "Bánh tráng số" in p]
    assert len(appendix) >= 3  # 80 rows spread over several landscape pages
    assert all("Tên sản phẩm" in p for p in appendix)  # the header row repeats
    assert all(p.split(" ")[0].isdigit() for p in pages[1:])  # page numbers from page 2 on


def test_render_plan_command(plan, tmp_path):
    out = tmp_path / "plan.pdf"
    call_command("render_plan", "2023", "-o", str(out))
    assert "KẾ HOẠCH" in flat(out.read_bytes())[0]


# --- issue 13, defect 6: the signature block, the closing page, cited dates -------------------------
@pytest.mark.parametrize(
    "title, lines",
    [
        ("Phó Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        (
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        ),
        ("Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    ],
)
def test_signature_block_in_the_decree_30_form(plan, title, lines):
    from ocop_portal.pdf import signature_lines

    assert signature_lines(title) == lines
    plan.signer_title = title
    plan.save()
    raw = subprocess.run(
        ["pdftotext", "-", "-"], input=plan_pdf(plan), capture_output=True, check=True
    ).stdout
    printed = [line.strip() for line in raw.decode().splitlines()]
    start = printed.index("TM. ỦY BAN NHÂN DÂN")
    assert printed[start : start + len(lines)] == lines  # one per line, in this order
    assert printed.count("TM. ỦY BAN NHÂN DÂN") == 1 and printed.count("KT. CHỦ TỊCH") == lines.count(
        "KT. CHỦ TỊCH"
    )


def test_recipients_and_signature_never_split_across_pages(plan):
    """Whatever the length of the text before it, "Nơi nhận" (down to "- Lưu: VT, KTN.") and the
    signature share one page."""
    PlanProduct.objects.filter(plan=plan).delete()
    plan.recipients = "\n".join([f"Sở ngành thứ {i};" for i in range(1, 9)] + ["Lưu: VT, KTN."])
    paragraph = "Tổ chức thực hiện có hiệu quả các nội dung của Chương trình OCOP trên địa bàn tỉnh. " * 2
    for n in range(0, 16):
        plan.contents = "\n".join([paragraph] * n)
        plan.save()
        _text, pages = flat(plan_pdf(plan))
        closing = [p for p in pages if "Nơi nhận:" in p]
        assert len(closing) == 1, n
        assert all(
            part in closing[0] for part in ("Lưu: VT, KTN.", "TM. ỦY BAN NHÂN DÂN", "Trần Anh Tuấn")
        ), (
            n,
            closing[0][-300:],
        )


def test_copied_plan_keeps_cited_dates_and_moves_its_own(plan):
    from accounts.models import User

    plan.contents = (
        "Đánh giá, phân hạng theo Quyết định số 148/QĐ-TTg ngày 24/02/2023: cấp huyện trước tháng 8/2023; "
        "cấp tỉnh trước ngày 30/10/2023.\nTổng kết năm 2023, triển khai nhiệm vụ năm 2024."
    )
    plan.save()
    new = services.copy_plan(plan, 2027, by=User.objects.get(username="dard_plan"))
    assert new.contents == (
        "Đánh giá, phân hạng theo Quyết định số 148/QĐ-TTg ngày 24/02/2023: cấp huyện trước tháng 8/2027; "
        "cấp tỉnh trước ngày 30/10/2027.\nTổng kết năm 2027, triển khai nhiệm vụ năm 2028."
    )
    new.number, new.date = "12/KH-UBND", datetime.date(2027, 1, 20)
    new.save()
    text, _pages = flat(plan_pdf(new))
    assert "Căn cứ Quyết định số 148/QĐ-TTg ngày 24/02/2023" in text  # the legal basis, copied as is
    assert "148/QĐ-TTg ngày 24/02/2023: cấp huyện trước tháng 8/2027" in text
    assert "24/02/2027" not in text


def test_appendix_table_is_laid_out_with_fixed_column_widths(plan):
    """The appendix's cells are measured once (``table-layout: fixed`` with one width a column, summing
    to the table's), not twice for the automatic layout's minimum and maximum widths."""
    import re

    from django.template.loader import render_to_string

    from plans.pdf import plan_context

    html = render_to_string("plans/pdf/plan.html", plan_context(plan))
    assert re.search(r"table\.list \{[^}]*table-layout: fixed", html)
    table = html[html.index('<table class="list">') :]
    colgroup = table[: table.index("</colgroup>")]
    widths = [int(w) for w in re.findall(r'<col style="width:(\d+)%">', colgroup)]
    header = table[table.index("<thead>") : table.index("</thead>")]
    assert len(widths) == header.count("<th>") and sum(widths) == 100
