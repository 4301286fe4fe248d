"""The ratio bench's data: PostgreSQL databases of the demo plus generated products, by size.

``ensure(size)`` returns the URL of ``ocop_bench_1k`` / ``ocop_bench_100k`` (``ocop_bench_<size>``
otherwise), building it when it is missing or was built by another version of this generator, and
migrating it in place otherwise (a branch's new migrations run on the reused data). Never a
``test_*`` name, so the test runs of others are never touched.

How a database is built (≈ 1.5 min for 100 000 products on 2 cores):

1. ``ocop_bench_seed``: migrated, then ``seed_demo`` (Quảng Nam's units, the users, the demo's 437
   products with their certificates, dossiers, plans …). Built once, kept as the template.
2. ``CREATE DATABASE ocop_bench_<size> TEMPLATE ocop_bench_seed``.
3. :func:`generate` (a child process on that database) adds products up to ``size`` in all:
   realistic names (the demo's catalogue × packaging variants × producer's area), 2 000 producers
   over every commune, the 148/2023 subgroups, a third recognised 3–5★ each with its valid
   certificate (so the public catalogue shows them), the others spread over the cycle; the current
   year's plan gets the same 300 generated products at every size, and producers report revenue
   for the two years the plan's revenue target reads. ``bulk_create`` in batches of 5 000.

The database carries a comment ``ocop-bench <VERSION> size=<n>`` (``COMMENT ON DATABASE``): a
reused database is one whose comment matches.
"""

from __future__ import annotations

import datetime
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VERSION = "v1"
SEED_DB = "ocop_bench_seed"
N_PRODUCERS = 2_000
PLAN_PRODUCTS = 300
BATCH = 5_000


def base_name_for(size: int) -> str:
    return {1_000: "ocop_bench_1k", 100_000: "ocop_bench_100k"}.get(size, f"ocop_bench_{size}")


def name_for(size: int) -> str:
    """The database a run uses: ``OCOP_BENCH_COPY=x`` gives a private copy (``ocop_bench_100k_x``),
    taken from the shared one, for a branch whose migrations must not reach the shared databases."""
    copy = os.environ.get("OCOP_BENCH_COPY", "")
    return base_name_for(size) + (f"_{copy}" if copy else "")


def server_url() -> str:
    """The PostgreSQL server (without database name) the bench uses."""
    return os.environ.get("OCOP_BENCH_SERVER", "postgres://postgres@127.0.0.1:5432")


def url_for(name: str) -> str:
    return f"{server_url()}/{name}"


def _admin():
    import psycopg

    return psycopg.connect(url_for("postgres"), autocommit=True)


def _comment(name: str) -> str | None:
    with _admin() as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    return None if row is None else (row[0] or "")


def _set_comment(name: str, text: str) -> None:
    with _admin() as conn:
        quoted = text.replace("'", "''")
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{quoted}'")


def _drop_create(name: str, template: str | None = None) -> None:
    assert not name.startswith("test_"), name
    with _admin() as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def child_env(name: str, base: dict | None = None) -> dict:
    """The environment of a process working on database ``name`` (production-like: DEBUG off)."""
    env = dict(base or os.environ)
    env.update(
        DATABASE_URL=url_for(name),
        REDIS_URL=env.get("OCOP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        CACHE_KEY_PREFIX="ocop_bench",
        DJANGO_SECRET_KEY="bench-only-not-secret",
        DJANGO_DEBUG="false",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_STATIC_MANIFEST="false",  # no collectstatic run needed; both sides of a pair alike
        SITE_URL="https://testserver",
        OCOP_DATA_DIR=str(Path(env.get("OCOP_BENCH_DATA_DIR", "/tmp/ocop-bench-data"))),
        CELERY_TASK_ALWAYS_EAGER="true",
    )
    return env


def _manage(name: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=child_env(name), cwd=ROOT, check=True
    )


def _seed_template(log) -> None:
    if _comment(SEED_DB) == f"ocop-bench {VERSION} seed":
        log(f"reusing {SEED_DB}")
        _manage(SEED_DB, "migrate", "-v", "0")
        return
    log(f"building {SEED_DB}: migrate + seed_demo")
    _drop_create(SEED_DB)
    _manage(SEED_DB, "migrate", "-v", "0")
    _manage(SEED_DB, "seed_demo", "--allow-production")
    _set_comment(SEED_DB, f"ocop-bench {VERSION} seed")


def ensure(size: int, log=print, *, rebuild: bool = False) -> str:
    """The URL of a database with ``size`` products (built or reused, migrated)."""
    name = name_for(size)
    marker = f"ocop-bench {VERSION} size={size}"
    if not rebuild and _comment(name) == marker:
        log(f"reusing {name}")
        _manage(name, "migrate", "-v", "0")
        return url_for(name)
    base = base_name_for(size)
    if not rebuild and name != base and _comment(base) == marker:
        log(f"copying {base} into {name}")
        _drop_create(name, template=base)
        _set_comment(name, marker)
        _manage(name, "migrate", "-v", "0")
        return url_for(name)
    t0 = time.monotonic()
    _seed_template(log)
    _drop_create(name, template=SEED_DB)
    _manage(name, "migrate", "-v", "0")
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "generate", str(size)],
        env=child_env(name),
        cwd=ROOT,
        check=True,
    )
    _set_comment(name, marker)
    log(f"built {name} in {time.monotonic() - t0:.0f} s")
    return url_for(name)


# --- the generator (runs in a child process, Django set up on the target database) ----------------


def generate(size: int, seed: int = 15) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")
    django.setup()
    from django.db import connection

    from products.models import Product

    rng = random.Random(seed)
    existing = Product.objects.count()
    todo = max(0, size - existing)
    t0 = time.perf_counter()
    producers = _producers(rng)
    ids = _products(todo, producers, rng)
    _plan(ids, producers, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"generated {todo} products ({existing} from the demo) in {time.perf_counter() - t0:.0f} s",
        flush=True,
    )


def _producers(rng: random.Random):
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
    rows = []
    for i in range(N_PRODUCERS):
        kind = kinds[i % len(kinds)]
        commune = rng.choice(communes)
        area = commune.name.split(" ", 1)[-1]
        name = (
            f"{prefixes[kind]} {rng.choice(['Nông sản', 'Đặc sản', 'Sản xuất', 'Thương mại'])} {area} {i + 1}"
        )
        producer = Producer(
            name=name,
            name_ascii=fold(name),
            kind=kind,
            tax_code=f"48{i:08d}" if kind == ProducerKind.ENTERPRISE else "",
            commune=commune,
            address=f"Thôn {rng.randint(1, 12)}, {commune.name}",
            phone=f"0235{rng.randint(1000000, 9999999)}",
        )
        producer.area = area  # not a field: the generator names the products after it
        rows.append(producer)
    return Producer.objects.bulk_create(rows, batch_size=BATCH)


def _products(count: int, producers, rng: random.Random) -> list[int]:
    """``count`` products; returns the ids of the new ones."""
    from django.utils import timezone
    from django.utils.text import slugify
    from unidecode import unidecode

    from certificates.models import Certificate
    from ocop_portal.text import fold
    from products import workflows as wf
    from products.certification import writing_ratings
    from products.demo import CATALOGUE, PIPELINE, VARIANTS
    from products.models import Level, Product, ProductGroup

    groups = {g.code: g for g in ProductGroup.objects.filter(regulation__code="148-2023")}
    subgroups = [g for g in groups.values() if g.parent_id]
    today = timezone.localdate()
    ids: list[int] = []
    batch, certs = [], []
    for i in range(count):
        base, code, _story = CATALOGUE[i % len(CATALOGUE)]
        variant = VARIANTS[(i // len(CATALOGUE)) % len(VARIANTS)]
        producer = producers[i % len(producers)]
        name = " ".join(part for part in (base, variant, producer.area, f"{i + 1}") if part)
        group = groups.get(code) or subgroups[i % len(subgroups)]
        fields = dict(
            name=name,
            name_ascii=fold(name),
            slug=f"{slugify(unidecode(base))}-g{i + 1}",
            producer_id=producer.pk,
            commune_id=producer.commune_id,
            group=group,
            registered_year=2019 + i % 7,
            origin=Product.Origin.EXISTING if i % 3 == 0 else Product.Origin.NEW,
        )
        if i % 3 == 0:  # recognised, backed by a valid certificate: public
            issued = today - datetime.timedelta(days=rng.randint(30, 1000))
            stars = 3 + (i % 9 == 0) + (i % 27 == 0)
            number = f"{i + 1}/GCN-BENCH"
            fields.update(
                state=wf.RECOGNISED,
                stars=stars,
                certificate_number=number,
                certified_on=issued,
                valid_until=issued + datetime.timedelta(days=3 * 365),
            )
        else:
            fields["state"] = PIPELINE[i % len(PIPELINE)]
        batch.append(Product(**fields))
        if len(batch) == BATCH or i == count - 1:
            with writing_ratings():
                made = Product.objects.bulk_create(batch)
            ids.extend(p.pk for p in made)
            for p in made:
                if p.state == wf.RECOGNISED:
                    certs.append(
                        Certificate(
                            product_id=p.pk,
                            number=p.certificate_number,
                            stars=p.stars,
                            level=Level.PROVINCE,
                            issued_on=p.certified_on,
                            valid_until=p.valid_until,
                            recorded_from_paper=True,
                            issuing_authority="UBND tỉnh Quảng Nam",
                            decision_number=f"{p.pk}/QĐ-UBND",
                            decision_date=p.certified_on,
                            source="bench generator",
                        )
                    )
            Certificate.objects.bulk_create(certs, batch_size=BATCH)
            batch, certs = [], []
    return ids


def _plan(ids: list[int], producers, rng: random.Random) -> None:
    """The current year's plan gets the same number of generated products at every size; producers
    report revenue for the year before the plan and the plan's year."""
    from plans.models import AnnualPlan, PlanProduct, RevenueReport

    plan = AnnualPlan.objects.order_by("-year").first()
    if plan is None:
        return
    picked = ids[:: max(1, len(ids) // PLAN_PRODUCTS)][:PLAN_PRODUCTS]
    PlanProduct.objects.bulk_create(
        [
            PlanProduct(
                plan=plan, product_id=pk, kind=PlanProduct.Kind.NEW if n % 2 else PlanProduct.Kind.UPGRADE
            )
            for n, pk in enumerate(picked)
        ],
        ignore_conflicts=True,
    )
    years = (plan.year - 1, plan.year)
    reports = [
        RevenueReport(producer_id=p.pk, year=year, revenue=rng.randint(200, 5_000) * 1_000_000)
        for p in producers
        for year in years
    ]
    RevenueReport.objects.bulk_create(reports, batch_size=BATCH, ignore_conflicts=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "generate":
        generate(int(sys.argv[2]))
    elif len(sys.argv) == 2:
        print(ensure(int(sys.argv[1])))
    else:
        sys.exit("usage: _bigdata.py SIZE | _bigdata.py generate SIZE")
