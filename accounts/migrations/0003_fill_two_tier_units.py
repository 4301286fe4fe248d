"""Fill the two-tier fields of existing units (official code, the unit under the province).

A migration of its own: on PostgreSQL the previous migration's indexes are created at its end, and an
index cannot be created on a table whose rows were updated earlier in the same transaction."""

from django.db import migrations, models


def fill_units(apps, schema_editor):
    """Existing rows: official code = code; local unit = the ancestor directly under the province."""
    Unit = apps.get_model("accounts", "AdministrativeUnit")
    Unit.objects.filter(official_code="").update(official_code=models.F("code"))
    by_code = dict(Unit.objects.values_list("code", "pk"))
    for pk, path in Unit.objects.values_list("pk", "path"):
        codes = [c for c in path.strip("/").split("/") if c]
        local = by_code.get(codes[1]) if len(codes) >= 2 else None
        Unit.objects.filter(pk=pk).update(local_unit=local)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_two_tier_units")]

    operations = [migrations.RunPython(fill_units, migrations.RunPython.noop)]
