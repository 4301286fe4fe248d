import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_DEBUG", "DJANGO_STATIC_MANIFEST", "DJANGO_ALLOW_ASYNC_UNSAFE", "HOST", "PORT")
    } | {
        "DJANGO_SECRET_KEY": "x" * 64 + "-production-like-secret-key-for-check",
        "DJANGO_ALLOWED_HOSTS": "ocop.example.gov.vn",
        "SITE_URL": "https://ocop.example.gov.vn",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop"),
        "OCOP_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"} | {"OCOP_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_login_is_throttled_after_repeated_failures(settings):
    User.objects.create_user("officer", password="right-password-123", role="province")
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/accounts/login/", {"username": "officer", "password": "wrong"})
        assert response.status_code == 200
    assert client.post("/accounts/login/", {"username": "officer", "password": "wrong"}).status_code == 429
    locked = client.post("/accounts/login/", {"username": "officer", "password": "right-password-123"})
    assert locked.status_code == 429
    assert (
        "Too many failed log-in attempts" in locked.content.decode() or "Quá nhiều" in locked.content.decode()
    )


def test_successful_login_lands_on_dashboard():
    User.objects.create_user("officer2", password="right-password-123", role="province")
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "officer2", "password": "right-password-123"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/dashboard/"


def test_ui_is_vietnamese_by_default_and_english_switchable():
    client = Client()
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="vi"' in page
    assert "Đăng nhập" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in page and "Log in" in page


def test_404_page_is_vietnamese(settings):
    settings.DEBUG = False
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "không tồn tại" in response.content.decode()


def test_403_page_is_vietnamese(client_for):
    # a commune official may not open the round creation page
    response = client_for("commune").get("/evaluation/rounds/new/")
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()


def test_seed_demo_refuses_production_without_flag(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    settings.EMBEDDED = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=open(os.devnull, "w"))


def test_seed_demo_is_idempotent(tmp_path):
    call_command("seed_demo", "--allow-production", stdout=open(os.devnull, "w"))
    counts = {m: m.objects.count() for m in _demo_models()}
    call_command("seed_demo", "--allow-production", stdout=open(os.devnull, "w"))
    assert counts == {m: m.objects.count() for m in _demo_models()}
    assert (
        User.objects.filter(
            username__in=[
                "demo_province",
                "demo_district",
                "demo_district2",
                "demo_commune",
                "demo_department",
                "demo_council",
                "admin",
            ]
        ).count()
        == 7
    )
    assert User.objects.get(username="demo_district").check_password("demo12345")


def _demo_models():
    from django.apps import apps

    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in ("accounts", "producers", "products", "evaluation", "plans", "tradefairs")
        and not m.__name__.startswith("Historical")
    ]


def test_demo_has_333_recognised_products_with_varied_certificates():
    call_command("seed_demo", "--allow-production", stdout=open(os.devnull, "w"))
    from products.models import Product

    certified = Product.objects.certified()
    # Quảng Nam's 333 recognised products, one of them being re-rated by the merged city (its dossier
    # submitted: out of the certified list until the city decides), and the city's own 3★ and 4★ of 2026.
    city = certified.filter(commune__path__startswith="/2025-48/")
    quang_nam = certified.exclude(commune__path__startswith="/2025-48/")
    assert quang_nam.count() == 332
    assert quang_nam.filter(stars=3).count() == 274
    assert quang_nam.filter(stars=4).count() == 58
    assert sorted(city.values_list("stars", flat=True)) == [3, 3, 4, 4]
    assert (
        Product.objects.filter(
            round_entries__is_rerating=True, round_entries__round__unit__code="2025-48"
        ).count()
        == 1
    )
    assert Product.objects.filter(state="expired").exists()
    assert Product.objects.filter(state="revoked").count() == 1
    assert Product.objects.expiring_within(3).exists()


def test_dard_staff_get_the_back_office_and_others_do_not(client_for):
    from accounts.models import AdministrativeUnit, Role

    dard = User.objects.create_user(
        "dard_bo", password="x-pass-12345", role=Role.PROVINCE, unit=AdministrativeUnit.objects.get(code="49")
    )
    assert (
        dard.is_staff
        and dard.has_perm("products.change_product")
        and dard.has_perm("evaluation.add_criteriaset")
    )
    client = Client()
    client.force_login(dard)
    assert client.get("/admin/products/product/").status_code == 200
    officer = User.objects.create_user(
        "dx_bo", password="x-pass-12345", role=Role.DISTRICT, unit=AdministrativeUnit.objects.get(code="508")
    )
    assert not officer.is_staff and not officer.has_perm("products.change_product")
    dard.role = Role.DISTRICT
    dard.unit = AdministrativeUnit.objects.get(code="508")
    dard.save()
    dard = User.objects.get(pk=dard.pk)
    assert not dard.is_staff and not dard.has_perm("products.change_product")
