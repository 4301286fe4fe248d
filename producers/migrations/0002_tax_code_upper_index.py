"""``UPPER(tax_code)`` index (PostgreSQL only): the producer search's exact tax-code match is an
indexed lookup, so every alternative of the search's OR can use an index (issue 15)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS producers_producer_taxcode_upper ON producers_producer (UPPER(tax_code))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS producers_producer_taxcode_upper")


class Migration(migrations.Migration):
    dependencies = [("producers", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
