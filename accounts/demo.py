"""Demo units, departments and logins.

The 2022–2023 story runs in Quảng Nam's three-tier tree (committed fixture). Beside it the demo loads
the 2025 two-tier Đà Nẵng (package data, keys ``2025-…``), the old Đà Nẵng city, the merged Sở Nông
nghiệp và Môi trường, and the demo subset of the old → new commune mapping (the two demo districts).
"""

from django.core.management import call_command

from .models import AdministrativeUnit, Department, Role, User

DEMO_PASSWORD = "demo12345"


def demo_users():
    province = AdministrativeUnit.objects.get(code="49")
    duy_xuyen = AdministrativeUnit.objects.get(code="508")
    dai_loc = AdministrativeUnit.objects.get(code="506")
    commune = AdministrativeUnit.objects.get(code="20599")  # Thị trấn Nam Phước, Duy Xuyên
    dard = Department.objects.get(code="so-nnptnt")
    industry = Department.objects.get(code="so-cong-thuong")
    science = Department.objects.get(code="so-khcn")
    return [
        dict(
            username="admin",
            role=Role.ADMIN,
            unit=province,
            is_staff=True,
            is_superuser=True,
            first_name="Quản trị",
            last_name="hệ thống",
        ),
        dict(
            username="demo_province",
            role=Role.PROVINCE,
            unit=province,
            department=dard,
            is_staff=True,
            first_name="Nguyễn Văn",
            last_name="An",
            position="Chuyên viên Chi cục PTNT",
            is_unit_head=True,
        ),
        dict(
            username="demo_department",
            role=Role.DEPARTMENT,
            unit=province,
            department=industry,
            first_name="Trần Thị",
            last_name="Bình",
            position="Chuyên viên Sở Công Thương",
            is_unit_head=True,
        ),
        dict(
            username="demo_department_khcn",
            role=Role.DEPARTMENT,
            unit=province,
            department=science,
            first_name="Lê Văn",
            last_name="Cường",
            position="Chuyên viên Sở KH&CN",
        ),
        dict(
            username="demo_district",
            role=Role.DISTRICT,
            unit=duy_xuyen,
            first_name="Phạm Thị",
            last_name="Dung",
            position="Phòng NN&PTNT huyện Duy Xuyên",
            is_unit_head=True,
        ),
        dict(
            username="demo_district2",
            role=Role.DISTRICT,
            unit=dai_loc,
            first_name="Võ Văn",
            last_name="Em",
            position="Phòng NN&PTNT huyện Đại Lộc",
            is_unit_head=True,
        ),
        dict(
            username="demo_commune",
            role=Role.COMMUNE,
            unit=commune,
            first_name="Huỳnh Thị",
            last_name="Giang",
            position="Phó Chủ tịch UBND thị trấn Nam Phước",
        ),
        *_two_tier_users(),
        dict(
            username="demo_council",
            role=Role.COUNCIL,
            unit=province,
            department=industry,
            first_name="Đặng Văn",
            last_name="Hải",
            position="Thành viên Hội đồng đánh giá, phân hạng",
        ),
    ]


def _two_tier_users():
    """Logins of the merged city: Sở NN&MT staff and a commune economic office (local officer)."""
    city = AdministrativeUnit.objects.filter(code="2025-48").first()
    duy_xuyen = AdministrativeUnit.objects.filter(code="2025-20623").first()  # Xã Duy Xuyên (2025)
    dept = Department.objects.filter(code="so-nnmt-da-nang").first()
    if not (city and duy_xuyen and dept):
        return []
    return [
        dict(
            username="demo_city",
            role=Role.PROVINCE,
            unit=city,
            department=dept,
            first_name="Lê Thị",
            last_name="Thu",
            position="Chuyên viên Sở Nông nghiệp và Môi trường thành phố Đà Nẵng",
        ),
        dict(
            username="demo_commune_economic",
            role=Role.DISTRICT,
            unit=duy_xuyen,
            first_name="Trương Văn",
            last_name="Sơn",
            position="Phòng Kinh tế UBND xã Duy Xuyên",
            is_unit_head=True,
        ),
        dict(
            username="demo_ward",
            role=Role.COMMUNE,
            unit=duy_xuyen,
            first_name="Đoàn Thị",
            last_name="Mỹ",
            position="Phó Chủ tịch UBND xã Duy Xuyên",
        ),
    ]


def seed(out):
    call_command("loaddata", "units_quang_nam_2023", "departments_quang_nam", verbosity=0)
    call_command("loaddata", "units_da_nang_before_2025", verbosity=0)
    call_command("load_units", "--province", "48", stdout=_Null())
    call_command("loaddata", "departments_da_nang_2025", verbosity=0)
    call_command("load_successions", stdout=_Null())
    for spec in demo_users():
        username = spec.pop("username")
        user, created = User.objects.update_or_create(
            username=username, defaults={**spec, "email": f"{username}@ocop.example.vn"}
        )
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    districts = AdministrativeUnit.objects.districts().count()
    communes_2025 = AdministrativeUnit.objects.communes().filter(valid_from__isnull=False).count()
    communes = AdministrativeUnit.objects.communes().count()
    return (
        f"{districts} districts, {communes} communes ({communes_2025} of the 2025 tree), "
        f"{User.objects.count()} users"
    )


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
