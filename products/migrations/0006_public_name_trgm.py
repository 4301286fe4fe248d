"""A trigram index over the names of recognised products only (PostgreSQL only, issue 15).

The public catalogue searches recognised products: this index is a third of the whole-registry
one, so the search's trigram and ``LIKE`` alternatives read far shorter posting lists and the
planner no longer has to intersect them with the state index (EXPLAIN ANALYZE at 100 000 products:
313 ms → 110–140 ms for ``ca phe``, under load).
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS products_product_public_name_trgm ON products_product "
            "USING gin (name_ascii gin_trgm_ops) WHERE state = 'recognised'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS products_product_public_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("products", "0005_search_and_catalogue_indexes")]

    operations = [migrations.RunPython(create, drop)]
