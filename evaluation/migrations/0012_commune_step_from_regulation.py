"""The commune step moves from ``RegulationVersion.has_commune_step`` to the rule sets (one truth).

Keeps the data: a regulation flagged with the commune step whose own rule set (same code, else its
first) has no commune row gets one, before ``products.0008`` drops the flag.
"""

from django.db import migrations

COMMUNE_TEXT = (
    "UBND xã, phường đánh giá các tiêu chí địa phương trong hồ sơ (nguồn gốc sản phẩm, nguyên liệu địa "
    "phương; sử dụng lao động địa phương; nguồn gốc ý tưởng sản phẩm; bản sắc, tri thức địa phương) và "
    "lập báo cáo đánh giá cấp xã."
)


def flags_to_profiles(apps, schema_editor):
    Regulation = apps.get_model("products", "RegulationVersion")
    Profile = apps.get_model("evaluation", "RegulationProfile")
    Row = apps.get_model("evaluation", "ProfileLevel")
    for regulation in Regulation.objects.filter(has_commune_step=True):
        profiles = Profile.objects.filter(regulation=regulation)
        own = profiles.filter(code=regulation.code).first() or profiles.order_by("valid_from", "pk").first()
        if own is None or Row.objects.filter(profile=own, level="commune").exists():
            continue
        Row.objects.create(
            profile=own, order=0, level="commune", unit_level="commune", description=COMMUNE_TEXT
        )


def profiles_to_flags(apps, schema_editor):
    Regulation = apps.get_model("products", "RegulationVersion")
    Row = apps.get_model("evaluation", "ProfileLevel")
    with_step = Row.objects.filter(level="commune").values("profile__regulation_id")
    Regulation.objects.filter(pk__in=with_step).update(has_commune_step=True)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0011_regulation_profiles"),
        ("products", "0007_upload_policy"),
    ]

    operations = [migrations.RunPython(flags_to_profiles, profiles_to_flags)]
