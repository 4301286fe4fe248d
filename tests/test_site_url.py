"""One canonical address (ocop_portal/site.py): derived from HOST/PORT in development, required in
production, and the only source of every absolute address the portal prints (QR, e-mails, open data,
sitemap, canonical links) — whatever host a request came through."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from ocop_portal import site
from tests.catalog import helpers as h

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://ocop.example.gov.vn"


def run_manage(*args: str, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def base_env(tmp_path, **extra) -> dict:
    drop = {"SITE_URL", "HOST", "PORT", "DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_STATIC_MANIFEST"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["OCOP_DATA_DIR"] = str(tmp_path)
    env.update(extra)
    return env


def production_env(tmp_path, **extra) -> dict:
    return base_env(
        tmp_path,
        DJANGO_SECRET_KEY="x" * 64 + "-production-like-secret-key-for-check",
        DJANGO_ALLOWED_HOSTS="ocop.example.gov.vn",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop"),
        **extra,
    )


# --- deriving the address ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host,port,url",
    [
        ("127.0.0.1", "8100", "http://127.0.0.1:8100"),
        ("", "", "http://127.0.0.1:8000"),
        ("0.0.0.0", "8100", "http://127.0.0.1:8100"),
        ("ocop.lan", "80", "http://ocop.lan:80"),
        ("::1", "8100", "http://[::1]:8100"),
    ],
)
def test_development_address_comes_from_host_and_port(host, port, url):
    assert site.dev_site_url(host, port) == url


@pytest.mark.parametrize(
    "argv,address",
    [
        (["manage.py", "runserver", "127.0.0.1:8100"], ("127.0.0.1", "8100")),
        (["manage.py", "runserver", "--noreload", "8200"], ("", "8200")),
        (["manage.py", "runserver", "-v", "2", "0.0.0.0:8300"], ("0.0.0.0", "8300")),
        (["manage.py", "runserver"], ("", "")),
        (["manage.py", "migrate"], ("", "")),
    ],
)
def test_runserver_address_is_read_from_its_arguments(argv, address):
    assert site.runserver_address(argv) == address


@pytest.mark.parametrize(
    "argv,env,url",
    [
        (["manage.py", "runserver", "127.0.0.1:8100"], ("127.0.0.1", "8100"), "http://127.0.0.1:8100"),
        (["manage.py", "runserver", "127.0.0.1:8100"], ("", ""), "http://127.0.0.1:8100"),
        (["manage.py", "runserver", "127.0.0.1:8100"], ("myhost", "9000"), "http://127.0.0.1:8100"),
        (["manage.py", "runserver", "0.0.0.0:8100"], ("192.168.1.5", ""), "http://192.168.1.5:8100"),
        (["manage.py", "runserver", "8100"], ("127.0.0.1", ""), "http://127.0.0.1:8100"),
        (["manage.py", "seed_demo"], ("127.0.0.1", "8100"), "http://127.0.0.1:8100"),
        (["celery", "worker"], ("", ""), "http://127.0.0.1:8000"),
    ],
)
def test_development_address_prefers_what_runserver_serves(argv, env, url):
    host, port = env
    assert site.configured_site_url("", development=True, host=host, port=port, argv=argv) == url


def test_explicit_site_url_wins_and_production_has_no_default():
    argv = ["manage.py", "runserver", "127.0.0.1:8100"]
    assert site.configured_site_url("https://ocop.test/", development=True, argv=argv) == "https://ocop.test"
    assert site.configured_site_url("", development=False, host="127.0.0.1", port="8100", argv=argv) == ""


def test_embedded_mode_derives_the_address_from_host_and_port(tmp_path):
    env = base_env(tmp_path, HOST="127.0.0.1", PORT="8123")
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SECRET_KEY", None)
    done = run_manage(
        "shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SITE_URL)", env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8123"


def test_debug_mode_derives_the_address_and_an_explicit_site_url_wins(tmp_path):
    code = "from django.conf import settings; print(settings.SITE_URL)"
    env = base_env(tmp_path, DJANGO_DEBUG="true", HOST="127.0.0.1", PORT="8124")
    assert (
        run_manage("shell", "-v", "0", "-c", code, env=env).stdout.strip().endswith("http://127.0.0.1:8124")
    )
    env["SITE_URL"] = "https://ocop.test/"
    assert run_manage("shell", "-v", "0", "-c", code, env=env).stdout.strip().endswith("https://ocop.test")


def test_make_run_passes_host_and_port_to_the_settings():
    recipe = (ROOT / "Makefile").read_text()
    run = recipe.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"HOST=\$\(HOST\) PORT=\$\(PORT\) .*runserver \$\(HOST\):\$\(PORT\)", run), run


# --- production refuses a missing or local address --------------------------------------------------


@pytest.mark.parametrize(
    "value,code",
    [
        (None, "ocop.E001"),
        ("", "ocop.E001"),
        ("http://127.0.0.1:8000", "ocop.E004"),
        ("http://localhost", "ocop.E004"),
        ("https://[::1]:8443", "ocop.E004"),
        ("http://0.0.0.0:8000", "ocop.E004"),
        ("ocop.example.gov.vn", "ocop.E002"),
        ("https://ocop.example.gov.vn/portal/", "ocop.E003"),
    ],
)
def test_check_refuses_a_missing_or_local_site_url_with_debug_off(settings, value, code):
    settings.DEBUG = False
    settings.SITE_URL = value
    errors = [m for m in site.check_site_url() if m.is_serious()]
    assert [m.id for m in errors] == [code]


def test_check_accepts_the_public_https_address(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["ocop.example.gov.vn"]
    settings.SITE_URL = SITE
    assert site.check_site_url() == []
    settings.SITE_URL = "http://ocop.example.gov.vn"
    assert [m.id for m in site.check_site_url()] == ["ocop.W002"]
    settings.ALLOWED_HOSTS = ["other.example.gov.vn"]
    settings.SITE_URL = SITE
    assert [m.id for m in site.check_site_url()] == ["ocop.W001"]


def test_check_is_silent_in_development(settings):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert site.check_site_url() == []


@pytest.mark.parametrize("value", [None, "http://127.0.0.1:8000", "http://localhost:8000"])
def test_check_deploy_fails_without_a_public_site_url(tmp_path, value):
    env = production_env(tmp_path, **({"SITE_URL": value} if value else {}))
    done = run_manage("check", "--deploy", env=env)
    assert done.returncode != 0
    assert "SITE_URL" in done.stderr and ("ocop.E001" in done.stderr or "ocop.E004" in done.stderr)
    # every command that runs the system checks refuses too (docker compose's web runs `migrate` first)
    assert run_manage("check", env=env).returncode != 0


def test_wsgi_application_refuses_to_start_without_site_url(tmp_path):
    env = production_env(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", "import ocop_portal.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "SITE_URL is not set" in done.stderr
    env["SITE_URL"] = SITE
    done = subprocess.run(
        [sys.executable, "-c", "import ocop_portal.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


# --- one address everywhere, whatever the request's host ---------------------------------------------


@pytest.mark.django_db
def test_qr_email_open_data_and_sitemap_agree_on_the_canonical_address(settings, tmp_path):
    """A visitor who reaches the portal as ``localhost`` still gets the canonical address everywhere."""
    from certificates import pdf
    from notifications import delivery
    from notifications.rules.base import Recipient, Reminder
    from products import cache as public_cache

    public_cache.bump()
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path / "media"
    product = h.certified("Nước mắm Cửa Khe")
    cert = h.certificate_of(product)
    client = Client(HTTP_HOST="localhost")

    opendata = client.get("/api/products.json").json()
    assert [row["url"] for row in opendata] == [f"{SITE}{product.get_public_url()}"]
    csv_body = b"".join(client.get("/api/products.csv").streaming_content).decode("utf-8-sig")
    assert f"{SITE}{product.get_public_url()}" in csv_body and "localhost" not in csv_body
    sitemap = client.get("/sitemap.xml").content.decode()
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs and all(loc.startswith(f"{SITE}/") for loc in locs), locs
    page = client.get(product.get_public_url()).content.decode()
    assert f'<link rel="canonical" href="{SITE}{product.get_public_url()}">' in page
    home = client.get("/").content.decode()
    assert f'<meta property="og:url" content="{SITE}/">' in home

    assert pdf.verify_url(cert) == f"{SITE}/verify/{cert.verification_code}/"

    reminder = Reminder(
        kind="certificate_expiry",
        object_type="certificate",
        object_id=cert.pk,
        moment=cert.valid_until,
        lead="3m",
        due_on=cert.valid_until,
        template="certificate_expiry",
        recipients=[],
        build=lambda: {"audience": "producer", "owner": "HTX", "certificates": [], "months": 3},
        url="/evaluation/certificates/",
    )
    recipient = Recipient(email="htx@example.vn", display_name="HTX")
    _subject, text, html = delivery.render(reminder, recipient, today=datetime.date(2026, 1, 1), late=False)
    assert f"{SITE}/evaluation/certificates/" in text and f"{SITE}/evaluation/certificates/" in html
    assert "localhost" not in text and "127.0.0.1" not in text
    assert not mail.outbox
