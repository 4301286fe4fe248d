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
