"""Benchmark: spreadsheet import of 2 000 product rows (products.importers), as a provincial user.

The XLSX is built with openpyxl under the import headers (``importers.COLUMNS``): 2 000 products of
~700 producers (a third enterprises with a tax code) in every district of Quảng Nam, names from the
demo catalogue (so that the duplicate warning fires as it would on a real provincial list), 40 % of
rows with a rating (3–5★, decision number, date under 148/QĐ-TTg). The registry starts with the full
demo data (``seed_demo``: 437 products) so that matching and duplicate checks have rows to scan.

Measured, each with wall time, rows/s, SQL queries (all of them, counted with an execute wrapper —
CaptureQueriesContext keeps at most 9 000) split by kind and table, and the rise of peak RSS:

1. dry run (read + validate, nothing written);
2. real run (validate + apply in one transaction, through the producers/products services);
3. re-import of the same file (everything matched, nothing to change: idempotent);
4. a real run of another 2 000 rows whose names are four random syllables: the cost without the
   duplicate warning (the first file's names are alike, so every new row raises it and
   ``create_product`` runs twice);
5. the first dry run through the web page (POST /products/import/, multipart upload, report page).

Run: make bench  (or DATABASE_URL=... python bench/bench_import.py [--rows 2000]).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime
import io
import random
import time

import _common as c

ROWS = 2_000


SYLLABLES = (
    "An Bình Cẩm Duy Điện Giang Hà Hải Hòa Hương Khánh Kim Lâm Linh Lộc Long Minh Mỹ Nam Ngọc Nhơn "
    "Phong Phú Phước Quế Quang Sơn Tam Tân Thái Thanh Thắng Thịnh Thu Thủy Tiên Trà Trung Tú Vân Việt "
    "Vinh Xuân Yên Ánh Bảo Châu Đông Gia Hạnh Hiệp Hoàng Hồng Khải Lợi Mai Nguyên Nhật Phát Sang"
).split()


def build_workbook(n_rows: int, rng: random.Random, *, distinct: bool = False, tag: str = "") -> bytes:
    """The import sheet. Names from the demo catalogue ("Mì Quảng hộp quà 12": every row is close
    to others, so every new product raises the duplicate warning) or, with ``distinct``, made of
    four random syllables (few close matches)."""
    from openpyxl import Workbook

    from accounts.models import AdministrativeUnit
    from products import importers
    from products.demo import CATALOGUE, VARIANTS

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
            dict(
                name=f"{prefixes[kind]} {rng.choice(SYLLABLES)} {commune.name.split(' ', 1)[-1]} {tag}{i + 1}",
                kind=label,
                tax_code=f"4{len(tag) + 1}{i:08d}" if kind == "enterprise" else None,
                commune=commune.name,
                district=commune.parent.name,
            )
        )
    wb = Workbook()
    ws = wb.active
    ws.title = "Sản phẩm"
    ws.append(list(importers.COLUMNS.values()))
    first_day = datetime.date(2023, 3, 1)
    for i in range(n_rows):
        base, code, _story = CATALOGUE[i % len(CATALOGUE)]
        variant = VARIANTS[(i // len(CATALOGUE)) % len(VARIANTS)]
        producer = producers[i % len(producers)]
        rated = i % 5 < 2
        if distinct:
            name = " ".join(rng.sample(SYLLABLES, 4))
        else:
            name = f"{base} {variant}".strip() + f" {producer['name'].split()[-1]}"
        ws.append(
            [
                name,
                producer["name"],
                producer["kind"],
                producer["tax_code"],
                producer["commune"],
                producer["district"],
                code,
                3 + (i % 7 == 0) + (i % 21 == 0) if rated else None,
                f"{100 + i % 50}/QĐ-UBND" if rated else None,
                first_day + datetime.timedelta(days=rng.randint(0, 900)) if rated else None,
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def summary(counter: c.QueryCounter, top: int = 6) -> str:
    parts = [f"{n} {kind}" for kind, n in counter.by_kind().most_common()]
    tables = ", ".join(f"{t} {n}" for t, n in counter.by_table().most_common(top))
    return f"{' + '.join(parts)}; busiest tables: {tables}"


def run_import(label: str, data: bytes, user, *, dry_run: bool, n_rows: int):
    from products import importers

    c.reset_peak_rss()
    rss0 = c.rss_mb()
    with c.QueryCounter() as counter:
        t0 = time.perf_counter()
        report = importers.import_products(io.BytesIO(data), user=user, filename="ds.xlsx", dry_run=dry_run)
        elapsed = time.perf_counter() - t0
    growth = c.peak_rss_mb() - rss0
    outcome = (
        f"{report.created} to create, {report.updated} to update, {report.unchanged} unchanged, "
        f"{report.producers_created} new producers, {len(report.warnings)} warnings, "
        f"{len(report.errors)} errors, applied={report.applied}"
    )
    print(
        f"{label}: {elapsed:.1f} s ({n_rows / elapsed:,.0f} rows/s), {counter.total:,} SQL queries "
        f"({counter.total / n_rows:.1f} per row), peak RSS +{growth:.0f} MB — {outcome}",
        flush=True,
    )
    print(f"    queries: {summary(counter)}", flush=True)
    if report.errors:
        for error in report.errors[:5]:
            print(f"    error: {error}")
    return report


def main(n_rows: int) -> None:
    with c.throwaway_database():
        seconds = c.seed_demo()
        from products.models import Product

        print(f"demo data seeded in {seconds:.1f} s ({Product.objects.count()} products)", flush=True)
        rng = random.Random(148)
        t0 = time.perf_counter()
        data = build_workbook(n_rows, rng)
        print(
            f"built the XLSX with openpyxl: {n_rows:,} rows, {c.fmt_bytes(len(data))} in "
            f"{time.perf_counter() - t0:.1f} s",
            flush=True,
        )
        user = c.user("demo_province")
        before = Product.objects.count()
        run_import("dry run       ", data, user, dry_run=True, n_rows=n_rows)
        assert Product.objects.count() == before
        run_import("real import   ", data, user, dry_run=False, n_rows=n_rows)
        print(f"    products in the registry: {before:,} → {Product.objects.count():,}")
        again = Product.objects.count()
        run_import("re-import     ", data, user, dry_run=False, n_rows=n_rows)
        print(f"    products in the registry: {again:,} → {Product.objects.count():,} (idempotent)")
        distinct = build_workbook(n_rows, random.Random(2019), distinct=True, tag="B")
        before = Product.objects.count()
        run_import("distinct names", distinct, user, dry_run=False, n_rows=n_rows)
        print(f"    products in the registry: {before:,} → {Product.objects.count():,}")

        # The same dry run through the web page: multipart upload + validation + the report page.
        from django.core.files.uploadedfile import SimpleUploadedFile

        client = c.logged_in_client("demo_province")
        client.get("/products/import/")  # warm up templates
        upload = SimpleUploadedFile(
            "ds.xlsx", data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        with c.QueryCounter() as counter:
            t0 = time.perf_counter()
            response = client.post("/products/import/", {"file": upload, "dry_run": "on"})
            elapsed = time.perf_counter() - t0
        print(
            f"web dry run   : {elapsed:.1f} s, HTTP {response.status_code}, page {c.fmt_bytes(len(response.content))}, "
            f"{counter.total:,} SQL queries",
            flush=True,
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ROWS)
    main(parser.parse_args().rows)
