"""One archive per backup: ``ocop-backup-<UTC time>.tar`` holding ``database/…`` (the dump),
``media/…`` (every file under MEDIA_ROOT) and ``manifest.json`` (row counts per table taken in the
dump's own snapshot, SHA-256 and size of the dump and of every media file, the referenced files
missing from the media folder). The archive is written as ``.partial`` and renamed when complete;
a restore checks every hash before it reports success, and refuses to overwrite anything."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connections, models

from . import database
from .database import BackupError

FORMAT = 1
PREFIX = "ocop-backup-"
CHUNK = 1024 * 1024


@dataclass
class RestoreReport:
    archive: Path
    tables: int = 0
    rows: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)


class _Hashing(io.RawIOBase):
    """A file wrapper that hashes what tarfile reads from it."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, n=-1):
        data = self.raw.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def readable(self):
        return True


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every file field of every installed model (history copies excluded)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                found.append((model._meta.db_table, f.column))
    return sorted(set(found))


def _read_references(cursor, tables) -> set[str]:
    """The file names the rows refer to (tables of this database only)."""
    names: set[str] = set()
    for table, column in _file_columns():
        if table not in tables:
            continue
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')
        names.update(row[0] for row in cursor.fetchall())
    return names


def _add(tar: tarfile.TarFile, arcname: str, path: Path) -> dict:
    stat = path.stat()
    info = tarfile.TarInfo(arcname)
    info.size = stat.st_size
    info.mtime = int(stat.st_mtime)
    info.mode = 0o640
    with path.open("rb") as raw:
        hashing = _Hashing(raw)
        tar.addfile(info, hashing)
    return {"sha256": hashing.sha256.hexdigest(), "size": hashing.size}


def backup_dir() -> Path:
    return Path(getattr(settings, "OCOP_BACKUP_DIR", Path(settings.DATA_DIR) / "backups"))


def create_backup(
    output: Path | None = None, *, using: str = "default", settings_dict: dict | None = None, now=None
) -> tuple[Path, dict]:
    """Write one archive into ``output`` (default ``OCOP_BACKUP_DIR``); return its path and manifest.
    ``settings_dict``: another database than the connection ``using`` (its ENGINE, NAME, …)."""
    output = Path(output or backup_dir())
    output.mkdir(parents=True, exist_ok=True)
    now = now or datetime.datetime.now(datetime.UTC)
    settings_dict = settings_dict or connections[using].settings_dict
    engine = database.engine_of(settings_dict)
    media_root = Path(settings.MEDIA_ROOT)
    name = f"{PREFIX}{now:%Y%m%dT%H%M%SZ}.tar"
    final = output / name
    partial = output / (name + ".partial")
    with tempfile.TemporaryDirectory(dir=output, prefix=".dump-") as tmp:
        dump = Path(tmp) / ("ocop.pgdump" if engine == "postgresql" else "db.sqlite3")
        if engine == "postgresql":
            counts, references = database.dump_postgresql(
                settings_dict, dump, read_references=_read_references
            )
        else:
            counts, references = database.dump_sqlite(
                Path(settings_dict["NAME"]), dump, read_references=_read_references
            )
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "engine": engine,
            "tables": counts,
            "media": {},
        }
        # Media after the snapshot: a file uploaded meanwhile is an unreferenced extra, never a hole.
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            manifest["database"] = {
                "file": f"database/{dump.name}",
                **_add(tar, f"database/{dump.name}", dump),
            }
            if media_root.is_dir():
                for path in sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink()):
                    rel = path.relative_to(media_root).as_posix()
                    try:
                        manifest["media"][rel] = _add(tar, f"media/{rel}", path)
                    except FileNotFoundError:  # deleted since the listing
                        continue
            manifest["missing_media"] = sorted(r for r in references if r not in manifest["media"])
            data = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(now.timestamp())
            tar.addfile(info, io.BytesIO(data))
    partial.rename(final)
    return final, manifest


def prune(output: Path | None = None, *, keep: int) -> list[Path]:
    """Keep the ``keep`` newest complete archives; delete older ones (and stale ``.partial`` files)."""
    output = Path(output or backup_dir())
    archives = sorted(output.glob(f"{PREFIX}*.tar"))
    doomed = archives[: max(len(archives) - keep, 0)] if keep > 0 else []
    newest = archives[-1].name if archives else ""
    doomed += [p for p in output.glob(f"{PREFIX}*.tar.partial") if p.name[: len(newest)] < newest]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:") as tar:
        try:
            member = tar.getmember("manifest.json")
        except KeyError:
            raise BackupError(f"{archive}: no manifest.json (not a portal backup, or incomplete)") from None
        return json.loads(tar.extractfile(member).read())


def _safe_media_path(root: Path, arcname: str) -> Path:
    rel = PurePosixPath(arcname).relative_to("media")
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise BackupError(f"unsafe path in archive: {arcname}")
    return root.joinpath(*rel.parts)


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, dest: Path) -> str:
    digest = hashlib.sha256()
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tar.extractfile(member) as src, dest.open("xb") as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def restore_backup(
    archive: Path, *, media: Path, database_name: str, using: str = "default"
) -> RestoreReport:
    """Restore ``archive`` into a new database (PostgreSQL: a database name on the configured server;
    SQLite: a file path) and a new or empty media folder; check row counts and hashes."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: unknown backup format {manifest.get('format')!r}")
    media = Path(media)
    if media.exists() and any(media.iterdir()):
        raise BackupError(f"{media} is not empty: restore only into a new media folder")
    media.mkdir(parents=True, exist_ok=True)
    report = RestoreReport(archive)
    expected_media = manifest["media"]
    seen: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="ocop-restore-") as tmp:
        dump = None
        with tarfile.open(archive, "r:") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                if member.name == manifest["database"]["file"]:
                    dump = Path(tmp) / PurePosixPath(member.name).name
                    if _extract(tar, member, dump) != manifest["database"]["sha256"]:
                        raise BackupError(
                            "the database dump does not match its SHA-256: the archive is damaged"
                        )
                elif member.name.startswith("media/"):
                    rel = member.name[len("media/") :]
                    digest = _extract(tar, member, _safe_media_path(media, member.name))
                    seen.add(rel)
                    if rel not in expected_media or expected_media[rel]["sha256"] != digest:
                        report.problems.append(f"media/{rel}: SHA-256 differs from the manifest")
        if dump is None:
            raise BackupError("the archive holds no database dump")
        report.problems += [
            f"media/{rel}: missing from the archive" for rel in sorted(set(expected_media) - seen)
        ]
        settings_dict = connections[using].settings_dict
        if manifest["engine"] == "postgresql":
            counts = database.restore_postgresql(settings_dict, dump, database_name)
        else:
            counts = database.restore_sqlite(dump, Path(database_name))
    for table, expected in sorted(manifest["tables"].items()):
        got = counts.get(table)
        if got != expected:
            report.problems.append(f"table {table}: {got} rows restored, {expected} in the manifest")
    report.tables = len(counts)
    report.rows = sum(counts.values())
    report.files = len(seen)
    return report
