"""The duplicate warning of an import, for every new product at once.

:func:`products.services.similar_products` asks, for one name, which products of *other* producers in
the same top group (revoked ones aside) have a folded name at least
:data:`~ocop_portal.search.DUPLICATE_THRESHOLD` similar (pg_trgm), best five first. Row by row the import
asked it once per new product, each new product then seeing the rows imported before it. Here the new
products are inserted first and one query answers for all of them, each seeing only the products with
a smaller id (those that existed, and the earlier rows of the file): the same answer as row by row.
The reason is written on the product (as ``create_product(duplicate_reason=…)`` does) and a warning
is added to the report.

From :data:`SET_JOIN_FROM` new products on (a provincial list), one GIN probe per product is too slow on
a large registry of alike names (issue 15: 10 000 rows into 100 000 products ≈ 15 minutes): the file is
then checked against the same folded name anywhere and similar names in the same commune, joined in
Python after one read of those candidates (:mod:`.similarity`).
"""

from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext as _

from ocop_portal.bulk import update_rows
from ocop_portal.search import DUPLICATE_THRESHOLD

from .. import services, workflows
from ..models import Product
from .creating import record_registrations
from .similarity import similar_ids

SET_JOIN_FROM = 200  # new products from which the candidates are read once and joined in Python (.similarity)

_SIMILAR_SQL = """
WITH new AS (
    SELECT n.id, n.name_ascii, n.producer_id,
           ARRAY(SELECT f.id FROM products_productgroup f
                 WHERE COALESCE(f.parent_id, f.id) = COALESCE(g.parent_id, g.id)) AS family
    FROM products_product n JOIN products_productgroup g ON g.id = n.group_id
    WHERE n.id = ANY(%(ids)s)
)
SELECT new.id, m.name, m.producer_name
FROM new CROSS JOIN LATERAL (
    SELECT p.name, pr.name AS producer_name, similarity(p.name_ascii, new.name_ascii) AS score, p.id
    FROM products_product p
    JOIN producers_producer pr ON pr.id = p.producer_id
    WHERE p.name_ascii %% new.name_ascii
      AND p.id < new.id
      AND p.producer_id <> new.producer_id
      AND p.state <> %(revoked)s
      AND p.group_id = ANY(new.family)
      AND similarity(p.name_ascii, new.name_ascii) >= %(threshold)s
    ORDER BY score DESC, p.id
    LIMIT 5
) m
ORDER BY new.id, m.score DESC, m.id
"""


def similar_of(products) -> dict[int, list[tuple[str, str]]]:
    """{new product id: [(name, producer name), …]} of its close matches (one query on PostgreSQL)."""
    ids = [product.pk for product in products]
    out: dict[int, list[tuple[str, str]]] = {}
    if not ids:
        return out
    if connection.vendor != "postgresql":  # pragma: no cover - the embedded SQLite mode: row by row
        for product in products:
            matches = services.similar_products(
                product.name, product.group, exclude_producer_id=product.producer_id
            )
            matches = [m for m in matches if m.pk < product.pk]
            if matches:
                out[product.pk] = [(m.name, str(m.producer)) for m in matches]
        return out
    if len(ids) < SET_JOIN_FROM:  # a few GIN probes of the whole registry (20–70 ms each at 100 000)
        with connection.cursor() as cursor:
            cursor.execute(
                _SIMILAR_SQL, {"ids": ids, "revoked": workflows.REVOKED, "threshold": DUPLICATE_THRESHOLD}
            )
            for product_id, name, producer_name in cursor.fetchall():
                out.setdefault(product_id, []).append((name, producer_name))
        return out
    return similar_of_joined(products)


def similar_of_joined(products) -> dict[int, list[tuple[str, str]]]:
    """:func:`similar_of` for a large file (PostgreSQL): the same folded name anywhere, a similar name in
    the same commune (:mod:`.similarity`)."""
    from ..models import ProductGroup

    tops = dict(ProductGroup.objects.values_list("pk", "parent_id"))
    new = [
        (p.pk, p.name_ascii, p.producer_id, p.commune_id, tops[p.group_id] or p.group_id) for p in products
    ]
    found = similar_ids(new, DUPLICATE_THRESHOLD, workflows.REVOKED)
    wanted = sorted({pk for ids in found.values() for pk in ids})
    if not wanted:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id, p.name, pr.name FROM products_product p "
            "JOIN producers_producer pr ON pr.id = p.producer_id WHERE p.id = ANY(%s)",
            [wanted],
        )
        label = {pk: (name, producer_name) for pk, name, producer_name in cursor.fetchall()}
    return {pk: [label[other] for other in ids] for pk, ids in found.items()}


def mark_duplicates(rows, report, *, by, now, batch: int) -> None:
    """Give each new product with close matches its reason and the report its warning, then record
    the new products' history and transitions (which carry the reason)."""
    found = similar_of([p.product for p in rows])
    changed = []
    for p in rows:
        matches = found.get(p.product.pk)
        if not matches:
            continue
        names = ", ".join(f"{name} ({producer})" for name, producer in matches)
        reason = _("Imported from a spreadsheet (row %(row)s); similar: %(names)s") % {
            "row": p.row,
            "names": names,
        }
        report.warnings.append(
            _("Row %(row)s: similar products exist: %(names)s") % {"row": p.row, "names": names}
        )
        p.product.duplicate_reason = reason[:1000].strip()
        changed.append(p.product)
    if changed:
        update_rows(Product, changed, ["duplicate_reason"], batch=batch)
    record_registrations(rows, by=by, now=now, batch=batch)
