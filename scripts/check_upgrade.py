#!/usr/bin/env python
"""In-place upgrade check (issue 12): a database built by the release ef81e00 comes through today's
``manage.py migrate`` with every row kept.

For each backend (PostgreSQL, and the embedded SQLite of ``make run``):

1. ``git archive`` the old release into a temporary folder; with the same Python (this virtualenv),
   ``migrate`` + ``seed_demo`` there on a fresh database (PostgreSQL: ``ocop_upgrade_<random>``);
2. snapshot the database: every table's columns, row count and a per-column hash of (primary key,
   value); content types (id, app_label, model); permissions (id, content type, codename); indexes;
   and, through the old code, which model owns which table and content type;
3. ``migrate`` the same database with the current tree, snapshot again and compare:
   - every old table is still there (renames only through ``TABLE_RENAMES``), with the same rows
     and the same values in every old column (renamed columns through ``COLUMN_RENAMES``);
   - the content type of every model keeps its id: a moved model's row is relabelled
     (new app_label, same id), never duplicated; no old content type is left stale;
   - every permission keeps its id, codename and content type;
   - counting through the current models (``_base_manager.count()``) gives the old table counts,
     and every current model's table exists;
   - ``makemigrations --check --dry-run`` finds nothing to do;
4. drop the database (unless ``--keep``).

Usage: ``python scripts/check_upgrade.py [--backend postgres|sqlite|both] [--keep]``. PostgreSQL is
reached at ``--pg-url`` (default: the server of ``$DATABASE_URL``, else postgres@127.0.0.1:5432).
Exit status: 0 upgrade fine, 1 a check failed, 2 the check could not run (commit missing, no server).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
OLD_REV = "ef81e00bbddebed48b49e56d6bae4bc2aecdc581"  # ef81e00: the release before the restructure
# The plan is to keep every table name; a table or column renamed on purpose is declared here.
TABLE_RENAMES: dict[str, str] = {}
COLUMN_RENAMES: dict[str, dict[str, str]] = {}  # table -> {old column: new column}
# A one-to-one link whose column moved to the other side (the app above now points down):
# (old table, old column) -> (new table, new column). The check: the set of (old row id, linked id)
# pairs before equals the set of (linked id, new row id) pairs after, so no link is lost or invented.
REVERSED_LINKS: dict[tuple[str, str], tuple[str, str]] = {
    ("evaluation_decisionentry", "certificate_id"): ("evaluation_certificate", "decision_entry_id"),
}
# Columns dropped after a data migration copied their values into another table (table -> {column: where
# and which migration}); reported as a note (tests/evaluation/test_profiles.py checks the rule sets' step).
MOVED_COLUMNS: dict[str, dict[str, str]] = {
    # Issue 14: the commune step is a fact of the rule set; evaluation 0012 copied each version's flag
    # into its rule sets (evaluation_regulationprofile) before products 0009 dropped the column.
    "products_regulationversion": {"has_commune_step": "copied into the rule sets (evaluation 0012)"},
}
# Columns whose values a data migration changes on purpose, because their meaning changed (table ->
# {column: why}). A change there is reported as a note; rows must still all be there.
RECONCILED_COLUMNS: dict[str, dict[str, str]] = {
    # Issue 13 (plans 0003): a published plan's dossier-batch milestones are bound to the batches of
    # the province's call of that year; where the two disagreed the plan's date and quota won, and
    # the milestone's own date/number/quota moved onto the batch (stored once).
    "evaluation_submissionbatch": {
        "deadline": "the plan's batch date wins (plans 0003)",
        "quota_percent": "the plan's batch quota wins (plans 0003)",
    },
    "plans_milestone": {
        "due_date": "stored on the bound batch (plans 0003)",
        "batch_number": "stored on the bound batch (plans 0003)",
        "quota_percent": "stored on the bound batch (plans 0003)",
    },
}
# Tables where migrate may add rows (new migrations, content types and permissions of new models, and
# the back-office group's grants: accounts.signals syncs them after every migrate). Their old rows
# must all still be there (compared by primary key).
GROWING_TABLES = {"django_migrations", "django_content_type", "auth_permission", "auth_group_permissions"}
# Checked by the content type / permission rules below instead of by value hashes.
NOT_HASHED = GROWING_TABLES

INTROSPECT = r"""
import json, sys
import django
django.setup()
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
tables = set(connection.introspection.table_names())
rows = []
for model in apps.get_models(include_auto_created=True):
    meta = model._meta
    row = {"label": meta.app_label, "model": meta.model_name, "table": meta.db_table,
           "proxy": meta.proxy, "managed": meta.managed, "auto_created": bool(meta.auto_created)}
    row["table_exists"] = meta.db_table in tables
    if sys.argv[2] == "count" and row["table_exists"] and not meta.proxy:
        row["orm_count"] = model._base_manager.count()
    if not meta.auto_created:
        row["ct_ids"] = sorted(ContentType.objects.filter(
            app_label=meta.app_label, model=meta.model_name).values_list("id", flat=True))
    rows.append(row)
with open(sys.argv[1], "w") as fh:
    json.dump(rows, fh)
"""


class SetupError(Exception):
    """The check could not run (as opposed to: it ran and found a problem)."""


# --- Snapshots (plain drivers: no Django, so the same code reads the old and the new database) ---
def _digest(values) -> str:
    h = hashlib.sha1()
    for value in values:
        if isinstance(value, memoryview):
            value = bytes(value)
        h.update(repr(value).encode())
        h.update(b"\x00")
    return h.hexdigest()


def _table_snapshot(cursor, quote, table, columns, pk) -> dict:
    order = ", ".join(quote(c) for c in ([pk] if pk else columns))
    cursor.execute(f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} ORDER BY {order}")
    rows = cursor.fetchall()
    key = columns.index(pk) if pk else None
    hashes = {
        col: _digest((row[key] if key is not None else None, row[i]) for row in rows)
        for i, col in enumerate(columns)
    }
    snap = {"columns": columns, "pk": pk, "count": len(rows), "hashes": hashes}
    if table in GROWING_TABLES and key is not None:
        snap["pks"] = [row[key] for row in rows]
    return snap


def _links(cursor, tables: dict) -> dict:
    """For each declared reversed link, the digest of its (row id, linked id) pairs on either side."""
    out = {}
    for (old_table, old_col), (new_table, new_col) in REVERSED_LINKS.items():
        key = f"{old_table}.{old_col}"
        if old_col in tables.get(old_table, {}).get("columns", ()):
            cursor.execute(f"SELECT id, {old_col} FROM {old_table} WHERE {old_col} IS NOT NULL ORDER BY 1, 2")
            out[key] = {"pairs": _digest(tuple(r) for r in cursor.fetchall()), "side": "old"}
        elif new_col in tables.get(new_table, {}).get("columns", ()):
            cursor.execute(f"SELECT {new_col}, id FROM {new_table} WHERE {new_col} IS NOT NULL ORDER BY 1, 2")
            out[key] = {"pairs": _digest(tuple(r) for r in cursor.fetchall()), "side": "new"}
    return out


def _common(cursor) -> dict:
    cursor.execute("SELECT id, app_label, model FROM django_content_type ORDER BY id")
    cts = [list(r) for r in cursor.fetchall()]
    cursor.execute("SELECT id, content_type_id, codename FROM auth_permission ORDER BY id")
    return {"content_types": cts, "permissions": [list(r) for r in cursor.fetchall()]}


def snapshot_postgres(url: str) -> dict:
    import psycopg

    quote = lambda name: '"' + name.replace('"', '""') + '"'  # noqa: E731
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        names = [r[0] for r in cur.fetchall()]
        tables = {}
        for table in names:
            cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND table_name = %s ORDER BY ordinal_position",
                [table],
            )
            columns = [r[0] for r in cur.fetchall()]
            cur.execute(
                "SELECT kcu.column_name FROM information_schema.table_constraints tc "
                "JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name "
                "AND kcu.table_schema = tc.table_schema WHERE tc.table_schema = 'public' "
                "AND tc.table_name = %s AND tc.constraint_type = 'PRIMARY KEY'",
                [table],
            )
            pks = [r[0] for r in cur.fetchall()]
            tables[table] = _table_snapshot(cur, quote, table, columns, pks[0] if len(pks) == 1 else None)
        cur.execute("SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public'")
        indexes = sorted([r[0], r[1]] for r in cur.fetchall())
        return {"tables": tables, "indexes": indexes, "links": _links(cur, tables), **_common(cur)}


def snapshot_sqlite(path: Path) -> dict:
    quote = lambda name: '"' + name.replace('"', '""') + '"'  # noqa: E731
    conn = sqlite3.connect(path)
    try:
        cur = conn.cursor()
        cur.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        tables = {}
        for (table,) in cur.fetchall():
            info = conn.execute(f"PRAGMA table_info({quote(table)})").fetchall()
            columns = [r[1] for r in info]
            pks = [r[1] for r in info if r[5]]
            tables[table] = _table_snapshot(
                conn.cursor(), quote, table, columns, pks[0] if len(pks) == 1 else None
            )
        cur.execute(
            "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'"
        )
        indexes = sorted([r[0], r[1]] for r in cur.fetchall())
        return {"tables": tables, "indexes": indexes, "links": _links(cur, tables), **_common(cur)}
    finally:
        conn.close()


# --- Comparison (pure: tests/test_upgrade_compare.py feeds it made-up snapshots) ----------------
def compare(
    old: dict, new: dict, old_models: list[dict], new_models: list[dict]
) -> tuple[list[str], list[str]]:
    """Return (failures, notes) for an upgrade from the ``old`` snapshot to the ``new`` one."""
    failures: list[str] = []
    notes: list[str] = []
    reported: set[str] = set()  # tables with a problem already said once
    for table, before in sorted(old["tables"].items()):
        name = TABLE_RENAMES.get(table, table)
        after = new["tables"].get(name)
        if after is None:
            reported.add(name)
            failures.append(
                f"table {table} is gone ({before['count']} rows lost): keep the table name with "
                "SeparateDatabaseAndState + Meta.db_table, or declare a rename in TABLE_RENAMES"
            )
            continue
        if after["count"] < before["count"]:
            reported.add(name)
            failures.append(
                f"table {name}: {before['count'] - after['count']} of {before['count']} rows lost"
            )
        elif after["count"] > before["count"] and table not in GROWING_TABLES:
            reported.add(name)
            failures.append(
                f"table {name}: {after['count'] - before['count']} rows appeared during migrate "
                f"({before['count']} -> {after['count']}); an in-place upgrade must not invent rows"
            )
        missing = sorted(set(before.get("pks", ())) - set(after.get("pks", ())))
        if missing and name not in reported:
            reported.add(name)
            failures.append(f"table {name}: {len(missing)} old rows lost (ids {missing[:10]}...)")
        renames = COLUMN_RENAMES.get(table, {})
        changed = []
        for column in before["columns"]:
            new_column = renames.get(column, column)
            if new_column not in after["columns"] and (table, column) in REVERSED_LINKS:
                key = f"{table}.{column}"
                before_link, after_link = old.get("links", {}).get(key), new.get("links", {}).get(key)
                if not (before_link and after_link and after_link["side"] == "new"):
                    failures.append(
                        f"link {key}: moved to {REVERSED_LINKS[(table, column)]}, which is missing"
                    )
                elif before_link["pairs"] != after_link["pairs"]:
                    failures.append(
                        f"link {key}: the links differ after moving to {REVERSED_LINKS[(table, column)]}"
                    )
                else:
                    notes.append(
                        f"link {key} moved to {'.'.join(REVERSED_LINKS[(table, column)])}, all pairs kept"
                    )
            elif new_column not in after["columns"] and column in MOVED_COLUMNS.get(table, {}):
                notes.append(f"column {table}.{column} dropped: {MOVED_COLUMNS[table][column]}")
            elif new_column not in after["columns"]:
                failures.append(
                    f"column {table}.{column} is gone: its data is lost (or declare it in COLUMN_RENAMES)"
                )
            elif before["hashes"][column] != after["hashes"].get(new_column):
                why = RECONCILED_COLUMNS.get(table, {}).get(column)
                if why:
                    notes.append(f"column {name}.{new_column} reconciled during migrate: {why}")
                else:
                    changed.append(new_column)
        if changed and table not in NOT_HASHED and name not in reported:
            reported.add(name)
            failures.append(f"table {name}: values changed during migrate in column(s) {', '.join(changed)}")
    gone = {(t, i) for t, i in old["indexes"]} - {(t, i) for t, i in new["indexes"]}
    for table, index in sorted(gone):
        if TABLE_RENAMES.get(table, table) in new["tables"]:
            notes.append(f"index {index} of {table} is gone (no data lost, but check the query plans)")
    failures += _compare_content_types(old, new, old_models, new_models, notes)
    failures += _compare_orm(old, new, new_models, reported)
    return failures, notes


def _compare_content_types(old, new, old_models, new_models, notes) -> list[str]:
    failures = []
    new_cts = {ct_id: (label, model) for ct_id, label, model in new["content_types"]}
    current = {(m["label"], m["model"]) for m in new_models if not m["auto_created"]}
    known_before = {(m["label"], m["model"]) for m in old_models if not m["auto_created"]}
    for ct_id, label, model in old["content_types"]:
        now = new_cts.get(ct_id)
        if now is None:
            failures.append(
                f"content type {ct_id} ({label}.{model}) was deleted: its permissions, group grants, "
                "admin log and generic relations went with it"
            )
        elif now != (label, model):
            if now[1] != model:
                failures.append(f"content type {ct_id} changed meaning: {label}.{model} -> {now[0]}.{now[1]}")
            else:
                notes.append(f"content type {ct_id} relabelled {label}.{model} -> {now[0]}.{now[1]}")
        if now and now not in current and (label, model) in known_before:
            failures.append(
                f"content type {ct_id} ({now[0]}.{now[1]}) is stale: no current model has it; a moved "
                "model's content type must be relabelled (same id, new app_label) in its migration"
            )
    # A concrete model is the same model if it owns the same table; a proxy, if it has the same name.
    old_by_table = {
        TABLE_RENAMES.get(m["table"], m["table"]): m
        for m in old_models
        if not m["proxy"] and not m["auto_created"]
    }
    old_proxies: dict[str, list[dict]] = {}
    for m in old_models:
        if m["proxy"]:
            old_proxies.setdefault(m["model"], []).append(m)
    for m in new_models:
        if m["auto_created"]:
            continue
        if m["proxy"]:
            same_name = old_proxies.get(m["model"], [])
            before = same_name[0] if len(same_name) == 1 else None
        else:
            before = old_by_table.get(m["table"])
        if before is None or not before.get("ct_ids"):
            continue  # a new model: its content type is new too
        if m.get("ct_ids") != before["ct_ids"]:
            failures.append(
                f"model {m['label']}.{m['model']} (was {before['label']}.{before['model']}) has content "
                f"type {m.get('ct_ids') or 'none'} instead of {before['ct_ids']}: it was duplicated, not "
                "relabelled; permissions and generic relations still point at the old id"
            )
    new_perms = {p[0]: p for p in new["permissions"]}
    for perm in old["permissions"]:
        if new_perms.get(perm[0]) != perm:
            failures.append(
                f"permission {perm[0]} ({perm[2]}, content type {perm[1]}) is now {new_perms.get(perm[0])}"
            )
    return failures


def _compare_orm(old, new, new_models, reported) -> list[str]:
    failures = []
    for m in new_models:
        if m["proxy"] or not m["managed"]:
            continue
        if not m["table_exists"]:
            failures.append(
                f"model {m['label']}.{m['model']}: table {m['table']} does not exist after migrate"
            )
            continue
        if m["table"] in reported:
            continue
        before = old["tables"].get(m["table"])
        if m["table"] in GROWING_TABLES or before is None:
            before = new["tables"].get(m["table"])  # the current code must at least read what is there
        if before is not None and m.get("orm_count") != before["count"]:
            failures.append(
                f"model {m['label']}.{m['model']} counts {m.get('orm_count')} rows through the current code, "
                f"table {m['table']} had {before['count']} before the upgrade"
            )
    return failures


# --- Running the two trees ----------------------------------------------------------------------
def ensure_commit(rev: str) -> None:
    def has() -> bool:
        return (
            subprocess.run(
                ["git", "-C", str(REPO), "cat-file", "-e", f"{rev}^{{commit}}"], capture_output=True
            ).returncode
            == 0
        )

    if has():
        return
    fetch = subprocess.run(
        ["git", "-C", str(REPO), "fetch", "--depth=50", "origin", rev], capture_output=True, text=True
    )
    if not has():
        raise SetupError(
            f"commit {rev[:7]} (the release before the restructure) is not in this clone and could not be "
            f"fetched ({fetch.stderr.strip() or 'no remote'}): run `git fetch --unshallow` or clone the full history"
        )


def extract(rev: str, dest: Path) -> Path:
    dest.mkdir(parents=True)
    proc = subprocess.Popen(["git", "-C", str(REPO), "archive", "--format=tar", rev], stdout=subprocess.PIPE)
    with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
        tar.extractall(dest, filter="data")
    if proc.wait():
        raise SetupError(f"git archive {rev[:7]} failed")
    return dest


def base_env(data_dir: Path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DJANGO_", "OCOP_"))}
    for key in ("DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "PYTHONPATH", "MEDIA_ROOT", "STATIC_ROOT"):
        env.pop(key, None)  # no broker: Celery runs eagerly, the cache is local memory
    env.update(
        DJANGO_SETTINGS_MODULE="ocop_portal.settings",
        DJANGO_SECRET_KEY="check-upgrade-not-secret",
        DJANGO_DEBUG="true",
        OCOP_DATA_DIR=str(data_dir),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


class Run:
    def __init__(self, backend: str, log):
        self.backend, self.log, self.timings = backend, log, []

    def __call__(self, what: str, cmd: list[str], cwd: Path, env: dict, check: bool = True):
        started = time.monotonic()
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
        self.timings.append((what, time.monotonic() - started))
        self.log(f"[{self.backend}] {what}: {time.monotonic() - started:.1f}s")
        if check and proc.returncode:
            tail = (proc.stdout + proc.stderr)[-3000:]
            raise SetupError(f"[{self.backend}] {what} failed (exit {proc.returncode}):\n{tail}")
        return proc


def introspect(run: Run, tree: Path, env: dict, out: Path, mode: str) -> list[dict]:
    run(f"introspect models ({tree.name})", [sys.executable, "-c", INTROSPECT, str(out), mode], tree, env)
    return json.loads(out.read_text())


def check_backend(backend: str, old_tree: Path, work: Path, pg_url: str, keep: bool, log) -> list[str]:
    run = Run(backend, log)
    data_dir = work / f"{backend}-data"
    database_url = None
    if backend == "postgres":
        import psycopg

        name = f"ocop_upgrade_{secrets.token_hex(4)}"
        parts = urlsplit(pg_url)
        database_url = urlunsplit(parts._replace(path=f"/{name}"))
        try:
            admin = psycopg.connect(pg_url, autocommit=True)
        except psycopg.OperationalError as exc:
            raise SetupError(f"PostgreSQL at {pg_url} does not answer: {exc}") from exc
        admin.execute(f'CREATE DATABASE "{name}"')
        log(f"[postgres] database {name}")
    try:
        env = base_env(data_dir, database_url)
        manage = [sys.executable, "manage.py"]
        run("old: migrate", [*manage, "migrate", "--noinput", "-v", "0"], old_tree, env)
        run("old: seed_demo", [*manage, "seed_demo"], old_tree, env)
        old_models = introspect(run, old_tree, env, work / f"{backend}-old-models.json", "nocount")
        snap = (
            (lambda: snapshot_postgres(database_url))
            if database_url
            else (lambda: snapshot_sqlite(data_dir / "db.sqlite3"))
        )
        before = snap()
        run("new: migrate", [*manage, "migrate", "--noinput", "-v", "0"], REPO, env)
        after = snap()
        new_models = introspect(run, REPO, env, work / f"{backend}-new-models.json", "count")
        failures, notes = compare(before, after, old_models, new_models)
        mk = run(
            "new: makemigrations --check",
            [*manage, "makemigrations", "--check", "--dry-run"],
            REPO,
            env,
            check=False,
        )
        if mk.returncode:
            failures.append(
                f"makemigrations --check --dry-run wants changes:\n{(mk.stdout + mk.stderr)[-2000:]}"
            )
        rows = sum(t["count"] for t in before["tables"].values())
        log(
            f"[{backend}] compared {len(before['tables'])} tables, {rows} rows, "
            f"{len(before['content_types'])} content types, {len(before['permissions'])} permissions"
        )
        for note in notes:
            log(f"[{backend}] note: {note}")
        return [f"[{backend}] {f}" for f in failures]
    finally:
        if backend == "postgres":
            if keep:
                log(f"[postgres] kept database {name}")
            else:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


def default_pg_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(url)._replace(path="/postgres"))
    return "postgres://postgres@127.0.0.1:5432/postgres"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--old-rev", default=OLD_REV)
    parser.add_argument(
        "--pg-url", default=default_pg_url(), help="a PostgreSQL URL allowed to CREATE DATABASE"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and folder")
    args = parser.parse_args(argv)
    backends = ["postgres", "sqlite"] if args.backend == "both" else [args.backend]
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="ocop-upgrade-"))
    log = lambda msg: print(msg, flush=True)  # noqa: E731
    try:
        ensure_commit(args.old_rev)
        old_tree = extract(args.old_rev, work / "old")
        log(f"old tree {args.old_rev[:7]} in {old_tree}; current tree {REPO}")
        failures = []
        with concurrent.futures.ThreadPoolExecutor(len(backends)) as pool:
            futures = [
                pool.submit(check_backend, b, old_tree, work, args.pg_url, args.keep, log) for b in backends
            ]
            for future in futures:
                failures += future.result()
    except SetupError as exc:
        print(f"UPGRADE CHECK COULD NOT RUN: {exc}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            subprocess.run(["rm", "-rf", str(work)])
    elapsed = time.monotonic() - started
    if failures:
        print(f"UPGRADE CHECK FAILED ({len(failures)} problems, {elapsed:.0f}s):", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        return 1
    print(f"Upgrade from {args.old_rev[:7]} OK on {', '.join(backends)} ({elapsed:.0f}s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
