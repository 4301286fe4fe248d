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
    """Logins of the merged city: Sở NN&MT staff, the communes' economic offices (local officers) and
    UBND xã officials.

    The district tier ended on 01/07/2025. The logins of the former district officers and of the
    former town's vice-chairwoman are the same people, reassigned as the city did: ``demo_district``
    (Phòng NN&PTNT huyện Duy Xuyên) now works in the economic office of Xã Nam Phước (the former
    district town), ``demo_district2`` (Đại Lộc) in that of Xã Đại Lộc, ``demo_commune`` (Thị trấn
    Nam Phước) is vice-chairwoman of UBND xã Nam Phước. Their records of 2022–2025 keep the old units.
    """
    city = AdministrativeUnit.objects.filter(code="2025-48").first()
    nam_phuoc = AdministrativeUnit.objects.filter(code="2025-20599").first()  # Xã Nam Phước (2025)
    duy_xuyen = AdministrativeUnit.objects.filter(code="2025-20623").first()  # Xã Duy Xuyên (2025)
    dai_loc = AdministrativeUnit.objects.filter(code="2025-20500").first()  # Xã Đại Lộc (2025)
    dept = Department.objects.filter(code="so-nnmt-da-nang").first()
    if not (city and nam_phuoc and duy_xuyen and dai_loc and dept):
        return []
    return [
        dict(
            username="demo_district",
            role=Role.DISTRICT,
            unit=nam_phuoc,
            first_name="Phạm Thị",
            last_name="Dung",
            position="Phòng Kinh tế UBND xã Nam Phước (đến 30/6/2025: Phòng NN&PTNT huyện Duy Xuyên)",
            is_unit_head=True,
        ),
        dict(
            username="demo_district2",
            role=Role.DISTRICT,
            unit=dai_loc,
            first_name="Võ Văn",
            last_name="Em",
            position="Phòng Kinh tế UBND xã Đại Lộc (đến 30/6/2025: Phòng NN&PTNT huyện Đại Lộc)",
            is_unit_head=True,
        ),
        dict(
            username="demo_commune",
            role=Role.COMMUNE,
            unit=nam_phuoc,
            first_name="Huỳnh Thị",
            last_name="Giang",
            position="Phó Chủ tịch UBND xã Nam Phước (đến 30/6/2025: UBND thị trấn Nam Phước)",
        ),
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
