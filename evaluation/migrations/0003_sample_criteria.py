from django.db import migrations


def load_samples(apps, schema_editor):
    """Load the labelled sample score sheets (one per top group and regulation)."""
    from decimal import Decimal

    from evaluation.criteria import sample_sheet

    RegulationVersion = apps.get_model("products", "RegulationVersion")
    ProductGroup = apps.get_model("products", "ProductGroup")
    CriteriaSet = apps.get_model("evaluation", "CriteriaSet")
    CriteriaPart = apps.get_model("evaluation", "CriteriaPart")
    Criterion = apps.get_model("evaluation", "Criterion")
    CriterionOption = apps.get_model("evaluation", "CriterionOption")
    for regulation in RegulationVersion.objects.all():
        for group in ProductGroup.objects.filter(regulation=regulation, parent__isnull=True):
            data = sample_sheet(regulation, group)
            if CriteriaSet.objects.filter(regulation=regulation, code=data["code"]).exists():
                continue
            cs = CriteriaSet.objects.create(regulation=regulation, group=group, code=data["code"], name=data["name"], is_sample=True, source=data["source"])
            maxima = {"A": regulation.part_a_max, "B": regulation.part_b_max, "C": regulation.part_c_max}
            for p in data["parts"]:
                part = CriteriaPart.objects.create(criteria_set=cs, code=p["code"], name=p["name"], max_points=maxima[p["code"]])
                for i, c in enumerate(p["criteria"]):
                    crit = Criterion.objects.create(part=part, code=c["code"], text=c["text"], order=i)
                    for j, o in enumerate(c["options"]):
                        CriterionOption.objects.create(criterion=crit, text=o["text"], points=Decimal(o["points"]), order=j)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_criteriaset_criteriapart_criterion_criterionoption_and_more"), ("products", "0002_search_and_reference_data")]

    operations = [migrations.RunPython(load_samples, migrations.RunPython.noop)]
