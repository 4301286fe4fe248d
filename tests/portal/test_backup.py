"""The backup and restore drill (issue 16 item 9), on PostgreSQL: back up the database and media,
restore into a new database and folder, compare row counts per table and file hashes, and check that
a portal started on the restored data serves a certificate's /verify/ page and a product photo."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from ocop_portal.backup import archive as backups
from ocop_portal.backup import database
from tests.catalog import helpers as h

ROOT = Path(django_settings.BASE_DIR)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _drop(dbname: str) -> None:
    import psycopg

    params = database._pg_params(connection.settings_dict, "postgres")
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def _serve_restored(dbname: str, media: Path, script: str) -> dict:
    """Run ``script`` in a fresh portal process whose database and media are the restored ones."""
    s = connection.settings_dict
    url = f"postgres://{s.get('USER') or 'postgres'}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{dbname}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "REDIS_URL": "",  # local cache: nothing cached from the test database can answer
        "DJANGO_DEBUG": "true",
    }
    env.pop("CELERY_BROKER_URL", None)
    prologue = "from django.test.utils import setup_test_environment; setup_test_environment()\n"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", prologue + script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restore_drill_on_postgresql(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    product = h.certified("Trà xanh Thanh Phú")
    photo = h.photo(product, caption="Gói trà")
    certificate = h.certificate_of(product)
    live = database.counts_postgresql(connection.settings_dict, connection.settings_dict["NAME"])

    out = tmp_path / "backups"
    call_command("backup", output=out, keep=3)
    [archive] = sorted(out.glob("ocop-backup-*.tar"))
    assert not list(out.glob("*.partial"))
    manifest = backups.read_manifest(archive)
    assert manifest["engine"] == "postgresql"
    assert manifest["tables"] == live  # the counts of the dump's own snapshot
    assert (
        manifest["tables"]["products_product"] >= 1
        and manifest["tables"][type(certificate)._meta.db_table] >= 1
    )
    original = Path(settings.MEDIA_ROOT) / photo.image.name
    assert manifest["media"][photo.image.name]["sha256"] == sha256(original)
    assert manifest["missing_media"] == []

    restored = f"{connection.settings_dict['NAME']}_drill_{uuid.uuid4().hex[:8]}"
    media = tmp_path / "restored-media"
    try:
        call_command("restore", str(archive), database=restored, media=str(media))
        assert database.counts_postgresql(connection.settings_dict, restored) == manifest["tables"]
        restored_files = {p.relative_to(media).as_posix(): sha256(p) for p in media.rglob("*") if p.is_file()}
        assert restored_files == {name: item["sha256"] for name, item in manifest["media"].items()}
        assert restored_files[photo.image.name] == sha256(original)

        served = _serve_restored(
            restored,
            media,
            "import hashlib, json\n"
            "from django.test import Client\n"
            "c = Client()\n"
            f"v = c.get({certificate.get_verify_url()!r})\n"
            f"i = c.get({reverse('catalog:image', args=[photo.pk])!r})\n"
            "body = b''.join(i.streaming_content) if i.status_code == 200 else b''\n"
            "print(json.dumps({'verify': v.status_code, 'page': v.content.decode(), "
            "'image': i.status_code, 'type': i.get('Content-Type'), 'sha': hashlib.sha256(body).hexdigest()}))",
        )
        assert served["verify"] == 200
        assert "Trà xanh Thanh Phú" in served["page"] and certificate.number in served["page"]
        assert served["image"] == 200 and served["type"] == "image/png"
        assert served["sha"] == sha256(original)

        # Nothing is ever restored over existing data.
        with pytest.raises(CommandError, match="already exists"):
            call_command("restore", str(archive), database=restored, media=str(tmp_path / "other"))
        with pytest.raises(CommandError, match="not empty"):
            call_command("restore", str(archive), database=restored + "x", media=str(media))
    finally:
        _drop(restored)


def _sqlite_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE products_product (id integer primary key, name text)")
    conn.execute("CREATE TABLE notes (id integer primary key)")
    conn.executemany("INSERT INTO products_product (name) VALUES (?)", [("Cà phê",), ("Mật ong",)])
    conn.commit()
    conn.close()


def test_sqlite_backup_restores_counts_and_files(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "products" / "1").mkdir(parents=True)
    (tmp_path / "media" / "products" / "1" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 100)
    db = tmp_path / "db.sqlite3"
    _sqlite_db(db)
    sqlite_settings = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)}
    archive, manifest = backups.create_backup(tmp_path / "out", settings_dict=sqlite_settings)
    assert manifest["engine"] == "sqlite"
    assert manifest["tables"] == {"notes": 0, "products_product": 2}
    report = backups.restore_backup(archive, media=tmp_path / "m2", database_name=str(tmp_path / "r.sqlite3"))
    assert report.problems == [] and report.files == 1 and report.rows == 2
    assert database.counts_sqlite(tmp_path / "r.sqlite3") == manifest["tables"]
    assert sha256(tmp_path / "m2" / "products" / "1" / "a.png") == sha256(
        tmp_path / "media" / "products" / "1" / "a.png"
    )


def test_a_damaged_archive_is_reported(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "f.pdf").write_bytes(b"%PDF-1.4 original")
    db = tmp_path / "db.sqlite3"
    _sqlite_db(db)
    archive, _manifest = backups.create_backup(
        tmp_path / "out", settings_dict={"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)}
    )
    data = archive.read_bytes()
    archive.write_bytes(data.replace(b"%PDF-1.4 original", b"%PDF-1.4 tampered"))
    report = backups.restore_backup(archive, media=tmp_path / "m", database_name=str(tmp_path / "r.sqlite3"))
    assert report.problems == ["media/f.pdf: SHA-256 differs from the manifest"]


def test_retention_keeps_the_newest_archives(tmp_path):
    for stamp in ("20261201T000000Z", "20261202T000000Z", "20261203T000000Z"):
        (tmp_path / f"ocop-backup-{stamp}.tar").write_bytes(b"")
    (tmp_path / "ocop-backup-20261130T000000Z.tar.partial").write_bytes(b"")
    removed = backups.prune(tmp_path, keep=2)
    assert sorted(p.name for p in removed) == [
        "ocop-backup-20261130T000000Z.tar.partial",
        "ocop-backup-20261201T000000Z.tar",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ocop-backup-20261202T000000Z.tar",
        "ocop-backup-20261203T000000Z.tar",
    ]


def test_unsafe_member_paths_are_refused(tmp_path):
    with pytest.raises(database.BackupError, match="unsafe path"):
        backups._safe_media_path(tmp_path, "media/../../etc/passwd")
