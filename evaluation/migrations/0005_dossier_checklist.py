"""Seed the dossier checklist: document kinds, rules per regulation/group, local criteria (148/2023)."""

from django.db import migrations


def load(apps, schema_editor):
    from dossiers import checklist as dossier_checklist

    dossier_checklist.load(apps, app_label="evaluation")


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0004_dossiers"),
        ("products", "0002_search_and_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
