"""The bulk writes of an import: new producers, new products (unique slugs, history, "register"
transitions) and the changed group or commune of existing products — what
:func:`producers.services.create_producer`, :func:`products.services.create_product` and
:func:`products.services.update_product` do for one row, done for the whole file with a number of
queries bounded by the number of batches. The checks those services make per row (scope, length,
type, unique tax code, who may change the product) were made while matching (:mod:`.matching`)."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django.utils.text import slugify
from unidecode import unidecode

from ocop_portal.bulk import create_objects, insert_history, insert_rows, update_rows
from ocop_portal.text import fold
from producers.models import Producer

from .. import certification, workflows
from ..models import Product, ProductTransition


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def create_producers(rows, *, by, now, batch: int) -> int:
    """Create the producers the rows need (once per producer key); returns how many were created."""
    created: dict = {}
    for p in rows:
        if p.producer is not None:
            continue
        producer = created.get(p.producer_key)
        if producer is None:
            name = p.producer_name.strip()
            producer = Producer(
                name=name,
                name_ascii=fold(name),
                kind=p.kind,
                tax_code=(p.tax_code or "").strip(),
                commune=p.commune,
                created_at=now,
                updated_at=now,
            )
            created[p.producer_key] = producer
        p.producer = producer
    producers = list(created.values())
    if producers:
        create_objects(Producer, producers, batch=batch)
        insert_history(Producer, producers, user=_user(by), date=now, batch=batch)
    return len(producers)


def unique_slugs(names: list[str]) -> list[str]:
    """A slug for each name, unique against the table and each other, as ``Product._unique_slug``
    makes them (``base``, ``base-2``, ``base-3`` …): one query for all of them."""
    bases = [slugify(unidecode(name))[:240] or "san-pham" for name in names]
    distinct = sorted(set(bases))
    taken: set[str] = set()
    if distinct:
        # every slug equal to a base or starting with "base-": a range scan of the slug's pattern index
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT p.slug FROM unnest(%s::text[]) AS b(base) JOIN products_product p "
                    "ON p.slug ~>=~ b.base AND p.slug ~<=~ (b.base || '-~')",
                    [distinct],
                )
                taken = {slug for (slug,) in cursor.fetchall()}
            else:  # pragma: no cover - the embedded SQLite mode
                taken = set(Product.objects.filter(slug__in=distinct).values_list("slug", flat=True)) | {
                    slug
                    for base in distinct
                    for slug in Product.objects.filter(slug__startswith=base + "-").values_list(
                        "slug", flat=True
                    )
                }
    out = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out.append(slug)
    return out


def create_products(rows, *, by, now, batch: int) -> None:
    """Insert the new products (state "idea registered"); their history and "register" transitions are
    written by :func:`record_registrations` once the duplicate check has given their reasons."""
    if not rows:
        return
    user = _user(by)
    this_year = timezone.localdate().year
    slugs = unique_slugs([p.name for p in rows])
    products = []
    for p, slug in zip(rows, slugs, strict=True):
        products.append(
            Product(
                name=p.name,
                name_ascii=fold(p.name),
                slug=slug,
                producer=p.producer,
                commune=p.commune,
                group=p.group,
                origin=Product.Origin.EXISTING if p.stars else Product.Origin.NEW,
                registered_year=p.recognised_on.year if p.recognised_on else this_year,
                state=workflows.IDEA_REGISTERED,
                created_by=user,
                created_at=now,
                updated_at=now,
            )
        )
    for product in products:  # as Product.objects.bulk_create: never a rating written here
        certification.check_rating_write(product.changed_rating_fields())
    create_objects(Product, products, batch=batch)
    for p, product in zip(rows, products, strict=True):
        product._loaded_rating = {}
        p.product = product


def record_registrations(rows, *, by, now, batch: int) -> None:
    """The history row and the "register" transition of each new product (with its duplicate reason)."""
    if not rows:
        return
    user = _user(by)
    products = [p.product for p in rows]
    insert_history(Product, products, user=user, date=now, batch=batch)
    insert_rows(
        ProductTransition,
        ["product_id", "name", "from_state", "to_state", "by_id", "reason", "at"],
        [
            (
                product.pk,
                "register",
                "",
                workflows.IDEA_REGISTERED,
                getattr(user, "pk", None),
                product.duplicate_reason,
                now,
            )
            for product in products
        ],
        batch=batch,
    )


def update_products(rows, *, by, now, batch: int) -> None:
    """Move existing products to the file's group and commune (with a history row each)."""
    changed = []
    for p in rows:
        product = p.product
        if product.group_id == p.group.pk and product.commune_id == p.commune.pk:
            continue
        product.group = p.group
        product.commune = p.commune
        product.updated_at = now
        changed.append(product)
    if changed:
        update_rows(Product, changed, ["group", "commune", "updated_at"], batch=batch)
        insert_history(Product, changed, user=_user(by), date=now, update=True, batch=batch)
