"""Shared fixtures: Quảng Nam's units, one user per role, logged-in clients."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import AdministrativeUnit, Department, Role, User

ROLE_USERS = {
    # name in the matrix -> (username, role, unit code, department code)
    "province": ("t_province", Role.PROVINCE, "49", "so-nnptnt"),
    "department": ("t_department", Role.DEPARTMENT, "49", "so-cong-thuong"),
    "district": ("t_district", Role.DISTRICT, "508", None),  # Duy Xuyên
    "district2": ("t_district2", Role.DISTRICT, "506", None),  # Đại Lộc
    "commune": ("t_commune", Role.COMMUNE, "20599", None),  # Nam Phước, Duy Xuyên
    "council": ("t_council", Role.COUNCIL, "49", "so-khcn"),
    "producer": ("t_producer", Role.PRODUCER, None, None),
    "admin": ("t_admin", Role.ADMIN, "49", None),
}
ROLES = ["anonymous", *ROLE_USERS]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the committed Quảng Nam unit tree and departments once per test database."""
    with django_db_blocker.unblock():
        call_command("loaddata", "units_quang_nam_2023", "departments_quang_nam", verbosity=0)


@pytest.fixture
def merged(db):
    """The province after the 2025 reform: the old Đà Nẵng's units, the 2025 tree of Thành phố Đà Nẵng
    and the demo successions (Quảng Nam and its demo communes → the city's). Returns the city."""
    with open("/dev/null", "w") as null:
        call_command("loaddata", "units_da_nang_before_2025", verbosity=0)
        call_command("load_units", "--province", "48", stdout=null)
        call_command("load_successions", stdout=null)
    return AdministrativeUnit.objects.get(code="2025-48")


@pytest.fixture
def units(db):
    get = AdministrativeUnit.objects.get
    return {
        "province": get(code="49"),
        "duy_xuyen": get(code="508"),
        "dai_loc": get(code="506"),
        "nam_phuoc": get(code="20599"),  # commune in Duy Xuyên
        "duy_son": get(code="20620"),  # another commune in Duy Xuyên
        "dai_loc_commune": AdministrativeUnit.objects.communes()
        .filter(parent__code="506")
        .order_by("code")
        .first(),
    }


def make_user(key: str) -> User:
    username, role, unit_code, dept_code = ROLE_USERS[key]
    user, _ = User.objects.get_or_create(
        username=username,
        defaults=dict(
            role=role,
            unit=AdministrativeUnit.objects.get(code=unit_code) if unit_code else None,
            department=Department.objects.get(code=dept_code) if dept_code else None,
            is_superuser=(role == Role.ADMIN),
            is_staff=role in (Role.ADMIN, Role.PROVINCE),
            email=f"{username}@example.vn",
        ),
    )
    return user


@pytest.fixture
def users(db):
    return {key: make_user(key) for key in ROLE_USERS}


@pytest.fixture
def client_for(db):
    """``client_for("district")`` → a Client logged in as that role (or anonymous)."""

    def _client(key: str) -> Client:
        client = Client()
        if key != "anonymous":
            client.force_login(make_user(key))
        return client

    return _client


@pytest.fixture(autouse=True)
def _clean_cache(settings):
    """Each test starts with an empty cache (only this run's key prefix is removed)."""
    from django.core.cache import cache

    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("RedisCache"):
        client = cache._cache.get_client(write=True)
        prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)
    else:
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploaded and generated files of a test go to a temporary folder, never into data/."""
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")
