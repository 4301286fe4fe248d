"""``has_commune_step`` is read from the rule sets (``evaluation.RegulationProfile``) from now on;
``evaluation.0012`` copied every flag into them first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0008_vietnamese_collation"),
        ("evaluation", "0012_commune_step_from_regulation"),
    ]

    operations = [migrations.RemoveField(model_name="regulationversion", name="has_commune_step")]
