"""Benchmark: the product list export (``/products/?format=csv`` and ``?format=xlsx``) at 10 000
and 100 000 products, requested as a provincial user, the streamed response consumed chunk by chunk.

The point is memory: the export must not grow with the number of rows. Each measurement runs in a
fresh child process (so that ``ru_maxrss``, a high-water mark, starts clean):

* a warm-up export of zero rows (imports openpyxl, opens the connection, fills caches), then
* the timed export: wall time, time to the first chunk, bytes, rows/s, SQL queries, and how far
  the peak RSS (VmHWM, reset after the warm-up) rose above the RSS before the request; the
  getrusage ``ru_maxrss`` before/after is printed too (it starts at the parent's peak, so it
  usually hides the growth — see ``_common.peak_rss_mb``), then
* the same export again under ``tracemalloc`` (slower; only its peak of Python allocations is kept).

After the exports at each size, two probes of the same table: the staff search
``/products/?q=ca+phe`` and the duplicate check run for every new product
(``products.services.similar_products``), with PostgreSQL's scan of products_product (EXPLAIN).

Products are generated with ``bulk_create`` (no history rows, no per-row services) over every
commune of Quảng Nam, 2 000 producers and the 148/2023 subgroups; a third are recognised 3–5★.

Run: make bench  (or DATABASE_URL=... python bench/bench_export.py [--sizes 10000,100000]).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc

import _common as c

SIZES = (10_000, 100_000)
FORMATS = ("csv", "xlsx")
N_PRODUCERS = 2_000
BATCH = 5_000


# --- data ---------------------------------------------------------------------------------------


def make_producers(rng: random.Random):
    from accounts.models import AdministrativeUnit
    from ocop_portal.text import fold
    from producers.models import Producer, ProducerKind

    communes = list(AdministrativeUnit.objects.communes().filter(path__startswith="/49/"))
    prefixes = {
        ProducerKind.ENTERPRISE: "Công ty TNHH",
        ProducerKind.COOPERATIVE: "Hợp tác xã",
        ProducerKind.COOP_GROUP: "Tổ hợp tác",
        ProducerKind.HOUSEHOLD: "Hộ sản xuất",
    }
    kinds = list(prefixes)
    producers = []
    for i in range(N_PRODUCERS):
        kind = kinds[i % len(kinds)]
        commune = rng.choice(communes)
        name = f"{prefixes[kind]} Nông sản {commune.name.split(' ', 1)[-1]} số {i + 1}"
        producers.append(
            Producer(
                name=name,
                name_ascii=fold(name),
                kind=kind,
                tax_code=f"40{i:08d}" if kind == ProducerKind.ENTERPRISE else "",
                commune=commune,
                address=f"Thôn {rng.randint(1, 12)}, {commune.name}",
                phone=f"0235{rng.randint(1000000, 9999999)}",
            )
        )
    return Producer.objects.bulk_create(producers, batch_size=BATCH)


def make_products(start: int, count: int, producers, rng: random.Random) -> float:
    """Add ``count`` products numbered from ``start``; returns the seconds it took."""
    from django.utils.text import slugify
    from unidecode import unidecode

    from ocop_portal.text import fold
    from products import workflows as wf
    from products.demo import CATALOGUE, PIPELINE, VARIANTS
    from products.models import Product, ProductGroup

    groups = list(ProductGroup.objects.filter(regulation__code="148-2023", parent__isnull=False))
    bases = [(name, slugify(unidecode(name))) for name, _code, _story in CATALOGUE]
    today = datetime.date.today()
    t0 = time.perf_counter()
    batch = []
    for i in range(start, start + count):
        base, base_slug = bases[i % len(bases)]
        variant = VARIANTS[(i // len(bases)) % len(VARIANTS)]
        name = f"{base} {variant} {i + 1}".replace("  ", " ")
        producer = producers[i % len(producers)]
        fields = dict(
            name=name,
            name_ascii=fold(name),
            slug=f"{base_slug}-{i + 1}",
            producer_id=producer.pk,
            commune_id=producer.commune_id,
            group=groups[i % len(groups)],
            registered_year=2019 + i % 7,
            origin=Product.Origin.EXISTING if i % 3 == 0 else Product.Origin.NEW,
        )
        if i % 3 == 0:  # recognised
            certified = today - datetime.timedelta(days=rng.randint(30, 1000))
            fields.update(
                state=wf.RECOGNISED,
                stars=3 + (i % 9 == 0) + (i % 27 == 0),
                certificate_number=f"{i + 1}/GCN-OCOP",
                certified_on=certified,
                valid_until=certified + datetime.timedelta(days=3 * 365),
            )
        else:
            fields["state"] = PIPELINE[i % len(PIPELINE)]
        batch.append(Product(**fields))
        if len(batch) == BATCH:
            _bulk_create(batch)
            batch = []
    if batch:
        _bulk_create(batch)
    return time.perf_counter() - t0


def _bulk_create(batch) -> None:
    """Raw rows with a rating for the export's volume (no certificate rows: the staff export lists every
    product; only the public pages require a certificate)."""
    from products.certification import writing_ratings
    from products.models import Product

    with writing_ratings():
        Product.objects.bulk_create(batch)


# --- the measurement (child process) -------------------------------------------------------------


def consume(response, sink=None) -> tuple[int, int, float | None]:
    """Read the response chunk by chunk: (bytes, chunks, seconds to the first chunk)."""
    size = chunks = 0
    first = None
    t0 = time.perf_counter()
    content = response.streaming_content if response.streaming else [response.content]
    for chunk in content:
        if first is None:
            first = time.perf_counter() - t0
        size += len(chunk)
        chunks += 1
        if sink is not None:
            sink.write(chunk)
    response.close()
    return size, chunks, first


def count_rows(fmt: str, path: str) -> int | None:
    if fmt == "csv":
        with open(path, "rb") as fh:
            return sum(1 for _ in fh) - 1
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    ws.reset_dimensions()
    n = sum(1 for _ in ws.iter_rows(values_only=True)) - 1
    wb.close()
    return n


def child(fmt: str, db_name: str) -> None:
    c.attach_database(db_name)

    client = c.logged_in_client("demo_province")
    url = f"/products/?format={fmt}"
    # warm-up: an export of no row (imports, templates, connection, session)
    warm = client.get(url + "&registered_year=1900")
    assert warm.status_code == 200, warm.status_code
    consume(warm)
    gc.collect()
    c.reset_peak_rss()
    rss_before, ru_before = c.rss_mb(), c.ru_maxrss_mb()

    with tempfile.NamedTemporaryFile(suffix=f".{fmt}") as sink:
        with c.QueryCounter() as queries:
            t0 = time.perf_counter()
            response = client.get(url)
            view_time = time.perf_counter() - t0
            size, chunks, first = consume(response, sink)
            elapsed = time.perf_counter() - t0
        sink.flush()
        peak_after, ru_after = c.peak_rss_mb(), c.ru_maxrss_mb()
        rows = count_rows(fmt, sink.name)

    gc.collect()
    tracemalloc.start()
    consume(client.get(url))
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            dict(
                status=response.status_code,
                rows=rows,
                bytes=size,
                chunks=chunks,
                seconds=elapsed,
                first_chunk=view_time + (first or 0),
                queries=queries.total,
                rss_before=rss_before,
                peak_after=peak_after,
                ru_before=ru_before,
                ru_after=ru_after,
                traced_peak=traced_peak / 2**20,
            )
        )
    )


def measure(fmt: str, db_name: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", fmt, db_name], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, file=sys.stderr)
        raise SystemExit(f"export child failed ({fmt})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- search and duplicate check at the same sizes --------------------------------------------------


def scan_nodes(sql: str, params) -> str:
    """The scan nodes of PostgreSQL's plan for ``sql`` (e.g. "Seq Scan on products_product")."""
    import re

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    nodes = re.findall(
        r"((?:Parallel )?(?:Seq|Index Only|Index|Bitmap Heap|Bitmap Index) Scan)(?: using \S+)? on (\w+)",
        plan,
    )
    wanted = [f"{kind} on {table}" for kind, table in nodes if table.startswith("products_product")]
    return ", ".join(dict.fromkeys(wanted)) or "?"


def search_probe(n: int) -> None:
    """Staff search (/products/?q=ca+phe) and the duplicate check (products.services.similar_products)
    at this table size: median of 5, and how PostgreSQL scans products_product."""
    import statistics

    from products.models import Product, ProductGroup
    from products.services import similar_products

    client = c.logged_in_client("demo_province")
    url = "/products/?q=ca+phe"
    client.get(url)
    times, counts = [], []
    for _ in range(5):
        with c.QueryCounter() as counter:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t0)
        counts.append(counter.total)
    search_sql, search_params = Product.objects.search("ca phe").query.sql_with_params()
    print(
        f"staff search {url} at {n:,} products: median {statistics.median(times) * 1000:.0f} ms, "
        f"{max(counts)} queries, HTTP {response.status_code}; plan: {scan_nodes(search_sql, search_params)}",
        flush=True,
    )
    group = ProductGroup.objects.get(regulation__code="148-2023", code="1.6")
    similar_products("Cà phê rang xay Tiên Phước", group)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        matches = similar_products("Cà phê rang xay Tiên Phước", group)
        times.append(time.perf_counter() - t0)
    from django.contrib.postgres.search import TrigramSimilarity

    from ocop_portal.text import fold

    dup_sql, dup_params = (
        Product.objects.annotate(
            _similarity=TrigramSimilarity("name_ascii", fold("Cà phê rang xay Tiên Phước"))
        )
        .filter(_similarity__gte=0.6)
        .query.sql_with_params()
    )
    print(
        f"duplicate check similar_products() at {n:,} products: median {statistics.median(times) * 1000:.0f} ms "
        f"({len(matches)} matches); plan: {scan_nodes(dup_sql, dup_params)}",
        flush=True,
    )


# --- main -------------------------------------------------------------------------------------


def main(sizes) -> None:
    rng = random.Random(2023)
    results = {}
    with c.throwaway_database() as db_name:
        from django.db import connection

        c.seed_units_and_users()
        producers = make_producers(rng)
        made = 0
        for n in sizes:
            seconds = make_products(made, n - made, producers, rng)
            print(
                f"generated {n - made:,} products (bulk_create) in {seconds:.1f} s "
                f"({(n - made) / seconds:,.0f} rows/s); {n:,} in the table",
                flush=True,
            )
            made = n
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            for fmt in FORMATS:
                r = measure(fmt, db_name)
                results[(fmt, n)] = r
                print(
                    f"export {fmt.upper():4} {n:>7,} products: {r['seconds']:6.1f} s "
                    f"({r['rows'] / r['seconds']:,.0f} rows/s), first chunk after {r['first_chunk']:.1f} s, "
                    f"{c.fmt_bytes(r['bytes'])} in {r['chunks']:,} chunks, {r['rows']:,} rows, "
                    f"{r['queries']} SQL queries; RSS {r['rss_before']:.0f} MB → peak {r['peak_after']:.0f} MB "
                    f"(+{r['peak_after'] - r['rss_before']:.1f} MB; ru_maxrss {r['ru_before']:.0f} → {r['ru_after']:.0f} MB), "
                    f"tracemalloc peak {r['traced_peak']:.1f} MB",
                    flush=True,
                )
            search_probe(n)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for fmt in FORMATS:
            a, b = results[(fmt, small)], results[(fmt, large)]
            grow_a = a["peak_after"] - a["rss_before"]
            grow_b = b["peak_after"] - b["rss_before"]
            print(
                f"{fmt.upper():4} {small:,} → {large:,} rows ({large // small}×): time ×{b['seconds'] / a['seconds']:.1f}, "
                f"peak RSS growth {grow_a:.1f} → {grow_b:.1f} MB, tracemalloc peak "
                f"{a['traced_peak']:.1f} → {b['traced_peak']:.1f} MB"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "DB"))
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
    else:
        main(sorted(int(s) for s in args.sizes.split(",")))
