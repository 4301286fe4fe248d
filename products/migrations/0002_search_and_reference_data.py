from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


def load_reference_data(apps, schema_editor):
    from products.reference_data import load

    load(apps)


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS products_product_name_trgm ON products_product USING gin (name_ascii gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS producers_producer_name_trgm ON producers_producer USING gin (name_ascii gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [("products", "0001_initial"), ("producers", "0001_initial")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(trigram_indexes, migrations.RunPython.noop),
        migrations.RunPython(load_reference_data, migrations.RunPython.noop),
    ]
