"""The database half of a backup: a consistent dump with the row count of every table taken in the
same snapshot, a restore into a *new* database, and row counts of a restored database.

PostgreSQL: one REPEATABLE READ transaction exports its snapshot; ``pg_dump --snapshot`` dumps
exactly that state (custom format) while the same transaction counts the rows and reads the file
names the rows refer to. SQLite: the online backup API copies the file; counts come from the copy.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


class BackupError(Exception):
    """A backup or restore that cannot be done (tool missing, target exists, counts differ)."""


def engine_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise ImproperlyConfigured(f"backup supports PostgreSQL and SQLite, not {engine}")


# --- PostgreSQL ------------------------------------------------------------------------------------


def _pg_params(settings_dict: dict, dbname: str | None = None) -> dict:
    params = {"dbname": dbname or settings_dict["NAME"]}
    for key, name in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host"), ("PORT", "port")):
        if settings_dict.get(key):
            params[name] = str(settings_dict[key])
    return params


def _pg_env(settings_dict: dict) -> dict:
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def _pg_args(settings_dict: dict) -> list[str]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    return args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} not found: install the PostgreSQL client (apt install postgresql-client)")
    return path


def _pg_counts(cursor) -> dict[str, int]:
    from psycopg import sql

    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def dump_postgresql(
    settings_dict: dict, dest: Path, *, read_references: Callable | None = None
) -> tuple[dict[str, int], set[str]]:
    """Dump to ``dest`` (custom format); return row counts and referenced file names, same snapshot."""
    import psycopg

    pg_dump = _tool("pg_dump")
    with psycopg.connect(**_pg_params(settings_dict)) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _pg_counts(cursor)
            references = read_references(cursor, counts) if read_references else set()
            result = subprocess.run(
                [
                    pg_dump,
                    *_pg_args(settings_dict),
                    "--format=custom",
                    "--snapshot",
                    snapshot,
                    "--file",
                    str(dest),
                    "--dbname",
                    str(settings_dict["NAME"]),
                ],
                env=_pg_env(settings_dict),
                capture_output=True,
                text=True,
            )
        conn.rollback()
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts, references


def restore_postgresql(settings_dict: dict, dump: Path, dbname: str) -> dict[str, int]:
    """Create ``dbname`` (it must not exist), restore ``dump`` into it, return its row counts."""
    import psycopg
    from psycopg import sql

    pg_restore = _tool("pg_restore")
    with psycopg.connect(**_pg_params(settings_dict, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
        if exists:
            raise BackupError(f"database {dbname!r} already exists: restore only into a new database")
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(sql.Identifier(dbname))
        )
    result = subprocess.run(
        [
            pg_restore,
            *_pg_args(settings_dict),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--dbname",
            dbname,
            str(dump),
        ],
        env=_pg_env(settings_dict),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    return counts_postgresql(settings_dict, dbname)


def counts_postgresql(settings_dict: dict, dbname: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(**_pg_params(settings_dict, dbname)) as conn, conn.cursor() as cursor:
        return _pg_counts(cursor)


# --- SQLite ----------------------------------------------------------------------------------------


def counts_sqlite(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    return counts


def dump_sqlite(
    source: Path, dest: Path, *, read_references: Callable | None = None
) -> tuple[dict[str, int], set[str]]:
    """Copy a live SQLite database with the online backup API (consistent while it is in use)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(dest)) as out:
        src.backup(out)
    counts = counts_sqlite(dest)
    references = set()
    if read_references:
        with closing(sqlite3.connect(dest)) as conn:
            references = read_references(conn.cursor(), counts)
    return counts, references


def restore_sqlite(dump: Path, target: Path) -> dict[str, int]:
    if target.exists():
        raise BackupError(f"{target} already exists: restore only into a new database file")
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(dump)) as src, closing(sqlite3.connect(target)) as out:
        src.backup(out)
    return counts_sqlite(target)
