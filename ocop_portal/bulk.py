"""Bulk UPDATE of many rows with their own values in one statement per batch.

Django's ``bulk_update`` builds one ``CASE WHEN id = … THEN …`` per field and row: its compilation and
PostgreSQL's evaluation grow with rows × rows, seconds for a few thousand rows (issue 15). On
PostgreSQL this sends ``UPDATE t SET f = v.f FROM unnest(ids, values…) AS v WHERE t.id = v.id``;
elsewhere it falls back to ``bulk_update``. Callers keep their own rules (e.g. the products' rating
guard is checked by the caller before the write).
"""

from __future__ import annotations

from django.db import connection


def update_rows(model, objs, fields: list[str], *, batch: int = 5_000) -> None:
    """Write ``fields`` of every object of ``objs`` (saved rows of ``model``)."""
    objs = list(objs)
    if not objs:
        return
    if connection.vendor != "postgresql":  # pragma: no cover - the embedded SQLite mode
        model._base_manager.bulk_update(objs, fields, batch_size=batch)
        return
    meta = model._meta
    pk = meta.pk
    columns = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f'"{f.column}" = v."{f.column}"' for f in columns)
    arrays = ", ".join(
        f"%s::{f.rel_db_type(connection) if f.is_relation else f.db_type(connection)}[]" for f in columns
    )
    sql = (
        f'UPDATE "{meta.db_table}" SET {assignments} '
        f'FROM unnest(%s::{pk.db_type(connection)}[], {arrays}) AS v("pk", '
        + ", ".join(f'"{f.column}"' for f in columns)
        + f') WHERE "{meta.db_table}"."{pk.column}" = v."pk"'
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch):
            chunk = objs[start : start + batch]
            params = [[obj.pk for obj in chunk]]
            for f in columns:
                params.append([f.get_db_prep_save(getattr(obj, f.attname), connection) for obj in chunk])
            cursor.execute(sql, params)


def insert_rows(model, columns: list[str], rows: list[tuple], *, batch: int = 5_000) -> None:
    """INSERT ``rows`` (tuples of Python values for the fields named in ``columns``, by attname) without
    building model instances: for log and history rows whose ids nobody reads back."""
    if not rows:
        return
    if connection.vendor != "postgresql":  # pragma: no cover - the embedded SQLite mode
        model._base_manager.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=batch
        )
        return
    meta = model._meta
    fields = [next(f for f in meta.concrete_fields if f.attname == name) for name in columns]
    types = [f.rel_db_type(connection) if f.is_relation else f.db_type(connection) for f in fields]
    sql = (
        f'INSERT INTO "{meta.db_table}" (' + ", ".join(f'"{f.column}"' for f in fields) + ") "
        "SELECT * FROM unnest(" + ", ".join(f"%s::{t}[]" for t in types) + ")"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = [[f.get_db_prep_save(row[i], connection) for row in chunk] for i, f in enumerate(fields)]
            cursor.execute(sql, params)


def insert_history(model, objs, *, user=None, date, update: bool = False, batch: int = 5_000) -> None:
    """The django-simple-history rows of ``objs`` ("+" created, "~" changed), as
    ``Model.history.bulk_history_create`` writes them, without building historical instances."""
    history = model.history.model
    tracked = [f.attname for f in history.tracked_fields]
    columns = [*tracked, "history_date", "history_user_id", "history_change_reason", "history_type"]
    user_id = getattr(user, "pk", None)
    kind = "~" if update else "+"
    rows = [(*(getattr(obj, name) for name in tracked), date, user_id, None, kind) for obj in objs]
    insert_rows(history, columns, rows, batch=batch)
