"""Ratio ``import_10k_vs_read``: the spreadsheet import of 10 000 rows ÷ openpyxl reading the same file.

The pair, interleaved (read, import, read, import …), medians over ``ctx.repeats``:

* **anchor** — openpyxl alone: ``load_workbook(read_only=True, data_only=True)`` and every row's values,
  the least any import of that file must do;
* **ours** — :func:`products.importers.import_products` of the same file as DARD (not a dry run):
  read, validate, match against the registry, and write all-or-nothing in bulk — the producers, the
  products with their history and transitions, the duplicate check of every new product against the
  whole registry, the paper certificates of the rated rows. Each run is rolled back afterwards so that
  every repeat imports the same file into the same registry (the commit itself is not timed).

The file: 10 000 products of ~3 300 producers (a quarter enterprises with a tax code) over every
commune of Quảng Nam, names from the demo catalogue (each close to many registered products, so the
duplicate warning fires as on a real provincial list), 40 % with a rating (3–5★, decision, date).
Goal (issue 15): ratio ≤ 10 and the import ≤ 15 s.
"""

from __future__ import annotations

import datetime
import io
import random
import statistics
import time

RATIOS = ("import_10k_vs_read",)
ROWS = 10_000
BUDGET_S = 180  # imports stop repeating past this many seconds (at least one runs)
STATEMENT_LIMIT_S = 300  # a statement cancelled past this: the import's time is then a lower bound

SYLLABLES = (
    "An Bình Cẩm Duy Điện Giang Hà Hải Hòa Hương Khánh Kim Lâm Linh Lộc Long Minh Mỹ Nam Ngọc Nhơn "
    "Phong Phú Phước Quế Quang Sơn Tam Tân Thái Thanh Thắng Thịnh Thu Thủy Tiên Trà Trung Tú Vân Việt"
).split()


def build_workbook(n_rows: int, seed: int = 15, tag: str = "I", *, distinct: bool = False) -> bytes:
    """The import sheet (see the module docs); with ``distinct``, names of four random syllables."""
    from openpyxl import Workbook

    from accounts.models import AdministrativeUnit
    from products import importers
    from products.demo import CATALOGUE, VARIANTS

    rng = random.Random(seed)
    communes = list(
        AdministrativeUnit.objects.communes().filter(path__startswith="/49/").select_related("parent")
    )
    kinds = list(importers.KIND_LABELS.items())
    prefixes = {
        "enterprise": "Công ty TNHH",
        "cooperative": "HTX",
        "coop_group": "Tổ hợp tác",
        "household": "Hộ",
    }
    producers = []
    for i in range(n_rows // 3 + 1):
        kind, label = kinds[i % len(kinds)]
        commune = rng.choice(communes)
        producers.append(
            (
                f"{prefixes[kind]} {rng.choice(SYLLABLES)} {commune.name.split(' ', 1)[-1]} {tag}{i + 1}",
                label,
                f"48{i:08d}" if kind == "enterprise" else None,
                commune.name,
                commune.parent.name,
            )
        )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sản phẩm")
    ws.append(list(importers.COLUMNS.values()))
    first_day = datetime.date(2023, 3, 1)
    for i in range(n_rows):
        base, code, _story = CATALOGUE[i % len(CATALOGUE)]
        variant = VARIANTS[(i // len(CATALOGUE)) % len(VARIANTS)]
        name, label, tax_code, commune, district = producers[i % len(producers)]
        rated = i % 5 < 2
        ws.append(
            [
                " ".join(rng.sample(SYLLABLES, 4))
                if distinct
                else f"{base} {variant}".strip() + f" {name.split()[-1]}",
                name,
                label,
                tax_code,
                commune,
                district,
                code,
                3 + (i % 7 == 0) + (i % 21 == 0) if rated else None,
                f"{100 + i % 50}/QĐ-UBND" if rated else None,
                first_day + datetime.timedelta(days=rng.randint(0, 900)) if rated else None,
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_only(data: bytes) -> int:
    """The anchor: openpyxl reading every row's values."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return sum(1 for _row in wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()


def import_once(data: bytes, user) -> tuple[float, object]:
    """Ours: the real import, timed, then rolled back."""
    from django.db import connection, transaction

    from products.importers import import_products

    class Rollback(Exception):
        pass

    report = None
    try:
        with transaction.atomic():
            if (
                connection.vendor == "postgresql"
            ):  # the ratios run has 20 minutes: a statement may not take all
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = '{STATEMENT_LIMIT_S}s'")
            t0 = time.perf_counter()
            report = import_products(io.BytesIO(data), user=user, filename="bench-10k.xlsx")
            elapsed = time.perf_counter() - t0
            raise Rollback
    except Rollback:
        pass
    return elapsed, report


def measure(ctx) -> dict:
    from django.db import connection

    from accounts.models import User

    rows = 1_000 if getattr(ctx, "quick", False) else ROWS
    repeats = max(1, int(getattr(ctx, "repeats", 5)))
    user = (
        User.objects.filter(username="demo_province").first()
        or User.objects.filter(is_superuser=True).first()
    )
    t0 = time.perf_counter()
    data = build_workbook(rows)
    built = time.perf_counter() - t0
    path = ctx.work_dir / f"import-{rows}.xlsx"
    path.write_bytes(data)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM products_product")
        registry = cursor.fetchone()[0]
    read_only(data)  # warm-up: imports openpyxl
    from products.importers import duplicates

    similar_of, in_duplicates = duplicates.similar_of, []

    def timed_similar_of(products):  # how much of the import the duplicate check takes
        t0 = time.perf_counter()
        try:
            return similar_of(products)
        finally:
            in_duplicates.append(time.perf_counter() - t0)

    duplicates.similar_of = timed_similar_of
    reads, imports, report = [], [], None
    try:
        for _ in range(repeats):
            t0 = time.perf_counter()
            read_only(data)
            reads.append(time.perf_counter() - t0)
            elapsed, report = import_once(data, user)
            imports.append(elapsed)
            if sum(imports) > BUDGET_S:  # the whole ratios run has 20 minutes: fewer repeats when slow
                break
        t0 = time.perf_counter()
        read_only(data)  # the pair ends on an anchor: every import sits between two reads
        reads.append(time.perf_counter() - t0)
    finally:
        duplicates.similar_of = similar_of
    read_s, import_s = statistics.median(reads), statistics.median(imports)
    cut = any("statement timeout" in e.message for e in report.errors)
    outcome = (
        f"{report.created} created, {report.producers_created} new producers, "
        f"{report.ratings_recorded} paper certificates, {len(report.warnings)} duplicate warnings, "
        f"{len(report.errors)} errors, applied={report.applied}"
    )
    return {
        "ratios": {"import_10k_vs_read": round(import_s / read_s, 2)},
        "figures": {
            "import rows": f"{rows:,} rows ({len(data) / 1e6:.1f} MB, built in {built:.1f} s) into {registry:,} products",
            "import time (median)": (
                f"at least {import_s:.2f} s: a statement was stopped at {STATEMENT_LIMIT_S} s, "
                "the ratio is a lower bound; "
                if cut
                else f"{import_s:.2f} s "
            )
            + f"({rows / import_s:,.0f} rows/s); runs {', '.join(f'{s:.2f}' for s in imports)}",
            "import: duplicate check (median)": f"{statistics.median(in_duplicates):.2f} s (one candidate read; probes below 200 new products)"
            if in_duplicates
            else "—",
            "openpyxl read (median)": f"{read_s:.2f} s; runs {', '.join(f'{s:.2f}' for s in reads)}",
            "import outcome": outcome,
        },
    }


if __name__ == "__main__":
    # Alone, before the harness: DATABASE_URL names a database that already has a registry (e.g. 100 000
    # products); otherwise a throwaway test database with the demo units and users is used.
    import argparse
    import os
    import sys
    import tempfile
    from pathlib import Path
    from types import SimpleNamespace

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import _common as c  # noqa: E402 - sets Django up

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--attach", action="store_true", help="use DATABASE_URL's database as it is")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ctx = SimpleNamespace(
            database_url=os.environ.get("DATABASE_URL", ""),
            env=dict(os.environ),
            work_dir=Path(tmp),
            repeats=args.repeats,
            quick=args.quick,
        )
        if args.attach:
            result = measure(ctx)
        else:
            with c.throwaway_database():
                c.seed_units_and_users()
                result = measure(ctx)
    for name in RATIOS:
        print(f"ratio {name} {result['ratios'][name]:.2f}")
    for label, value in result["figures"].items():
        print(f"{label}: {value}")
