"""Bulk UPDATE of many rows with their own values in one statement per batch.

Django's ``bulk_update`` builds one ``CASE WHEN id = … THEN …`` per field and row: its compilation and
PostgreSQL's evaluation grow with rows × rows, seconds for a few thousand rows (issue 15). On
PostgreSQL this sends ``UPDATE t SET f = v.f FROM unnest(ids, values…) AS v WHERE t.id = v.id``;
elsewhere it falls back to ``bulk_update``. Callers keep their own rules (e.g. the products' rating
guard is checked by the caller before the write).
"""

from __future__ import annotations

import datetime
import functools
import time

from django.db import connection, models

# Fields whose ``get_db_prep_save`` returns a value of these exact types unchanged on PostgreSQL: a
# column holding only such values (or None) is sent as it is. Calling the field for each of the
# ~1 million cells of a 10 000-row import (products, history, transitions) cost seconds (issue 15).
_TEXT = ("CharField", "TextField", "SlugField", "EmailField", "URLField")
_INTEGER = (
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
)
_PLAIN_TYPES = {
    **dict.fromkeys(_TEXT, str),
    **dict.fromkeys(_INTEGER, int),
    "BooleanField": bool,
    "DateField": datetime.date,
}


def _plain(value, kind) -> bool:
    if value is None:
        return True
    if kind is datetime.datetime:  # aware only: a naive one goes through the field (made aware, warned)
        return type(value) is datetime.datetime and value.tzinfo is not None
    return type(value) is kind


def prepared(field, values: list) -> list:
    """``[field.get_db_prep_save(v) for v in values]``, without the calls when they change nothing."""
    target = field.target_field if field.is_relation else field
    internal = target.get_internal_type()
    kind = datetime.datetime if internal == "DateTimeField" else _PLAIN_TYPES.get(internal)
    stock = type(target).__module__.startswith("django.db.models.")  # no subclass's own preparation
    if stock and kind is not None and all(_plain(v, kind) for v in values):
        return values
    return [field.get_db_prep_save(v, connection) for v in values]


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
                params.append(prepared(f, [getattr(obj, f.attname) for obj in chunk]))
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
    sql = f'COPY "{meta.db_table}" (' + ", ".join(f'"{f.column}"' for f in fields) + ") FROM STDIN"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            values = [prepared(f, [row[i] for row in chunk]) for i, f in enumerate(fields)]
            copy_rows(cursor, sql, zip(*values, strict=True))


def copy_rows(cursor, sql: str, rows) -> None:
    """Send ``rows`` with PostgreSQL's ``COPY … FROM STDIN`` (psycopg formats each row in C: an INSERT of
    10 000 rows' arrays was formatted element by element in Python, seconds for an import), as one
    statement that Django's execute wrappers and query log see like any other."""

    def execute(sql, params, many, context):
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    executor = execute
    for wrapper in reversed(connection.execute_wrappers):
        executor = functools.partial(wrapper, executor)
    started = time.monotonic()
    executor(sql, None, False, {"connection": connection, "cursor": cursor})
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": str(round(time.monotonic() - started, 3))})


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


def create_objects(model, objs, *, batch: int = 5_000) -> None:
    """``model.objects.bulk_create(objs)`` for new rows of a model with an auto-increment key: on
    PostgreSQL the keys are taken from the sequence in one query, in the objects' order, and the rows
    sent with ``COPY`` — Django's INSERT compiles each of the ~25 values of each of 10 000 products
    in Python (a second of an import). ``pre_save`` runs only where it does something (``auto_now``,
    ``auto_now_add``, files); no signals, as with ``bulk_create``. Elsewhere, ``bulk_create``."""
    objs = list(objs)
    if not objs:
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    plain = connection.vendor == "postgresql" and meta.pk.get_internal_type() in _INTEGER
    if not plain or any(f.has_db_default() for f in fields):  # pragma: no cover - SQLite, db defaults
        model._base_manager.bulk_create(objs, batch_size=batch)
        return
    for obj in objs:  # as bulk_create: a related object saved after its assignment gives its key now
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    now_fields = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    file_fields = [f for f in fields if isinstance(f, models.FileField)]
    for f in now_fields + file_fields:
        for obj in objs:
            f.pre_save(obj, True)
    columns = [meta.pk, *fields]
    sql = f'COPY "{meta.db_table}" (' + ", ".join(f'"{f.column}"' for f in columns) + ") FROM STDIN"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        ids = sorted(pk for (pk,) in cursor.fetchall())
        for obj, pk in zip(objs, ids, strict=True):
            obj.pk = pk
        for start in range(0, len(objs), batch):
            chunk = objs[start : start + batch]
            values = [prepared(f, [getattr(obj, f.attname) for obj in chunk]) for f in columns]
            copy_rows(cursor, sql, zip(*values, strict=True))
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
