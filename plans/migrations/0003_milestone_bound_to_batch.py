"""Issue 13, defect 5: one source per batch deadline.

A published plan's dossier-batch milestones are bound to the batches of the province's call of the
same year (``Milestone.batch``); the date, batch number and quota are then stored once, on the batch.

Reconciling an existing database: for every published plan whose province has a provincial call
for the plan's year, each dossier-batch milestone (in date order) is bound to the call's batch of
the same number (its ``batch_number``, or its rank among the plan's batch milestones). Where the two
disagreed, **the plan's date and quota win** (the plan is the document the province signed; the call
only carried a copy). A milestone whose number the call lacks creates that batch. Dossiers keep
the batch and late flag they were given when submitted. Milestones of drafts and of plans without
a call keep their own date (stored once, on the milestone).

Reversing copies the batch's values back onto the milestone and unbinds it (batches are kept).
"""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models


def bind_published_plans(apps, schema_editor):
    AnnualPlan = apps.get_model("plans", "AnnualPlan")
    Milestone = apps.get_model("plans", "Milestone")
    DossierCall = apps.get_model("dossiers", "DossierCall")
    SubmissionBatch = apps.get_model("dossiers", "SubmissionBatch")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:  # no deferred FK checks left pending before the constraint is added below
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for plan in AnnualPlan.objects.filter(status="published").order_by("pk"):
        call = DossierCall.objects.filter(
            year=plan.year, level="province", issuing_unit_id=plan.province_id
        ).first()
        if call is None:
            continue
        batches = {b.number: b for b in SubmissionBatch.objects.filter(call=call)}
        taken = set(Milestone.objects.filter(batch__call=call).values_list("batch_id", flat=True))
        used_numbers = set()
        milestones = Milestone.objects.filter(
            plan=plan, kind="dossier_batch", batch__isnull=True
        ).order_by("due_date", "pk")
        for rank, m in enumerate(milestones, start=1):
            number = m.batch_number or rank
            if number in used_numbers:
                continue  # two milestones claim one batch: leave the second unbound (its own date)
            used_numbers.add(number)
            batch = batches.get(number)
            if batch is not None and batch.pk in taken:
                continue
            if batch is None:
                batch = SubmissionBatch.objects.create(
                    call=call,
                    number=number,
                    deadline=m.due_date,
                    quota_percent=m.quota_percent if m.quota_percent is not None else 100,
                    note=m.label[:255],
                )
            else:
                batch.deadline = m.due_date  # the plan's date wins
                if m.quota_percent is not None:
                    batch.quota_percent = m.quota_percent
                batch.save(update_fields=["deadline", "quota_percent"])
            Milestone.objects.filter(pk=m.pk).update(
                batch=batch, due_date=None, batch_number=None, quota_percent=None
            )
            taken.add(batch.pk)
    if postgres:
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def unbind(apps, schema_editor):
    Milestone = apps.get_model("plans", "Milestone")
    for m in Milestone.objects.filter(batch__isnull=False).select_related("batch"):
        Milestone.objects.filter(pk=m.pk).update(
            batch=None,
            due_date=m.batch.deadline,
            batch_number=m.batch.number,
            quota_percent=m.batch.quota_percent,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0002_transition_log_base'),
        ('plans', '0002_historicalallocation_historicalannualplan_and_more'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='milestone',
            options={'ordering': [models.OrderBy(django.db.models.functions.comparison.Coalesce('batch__deadline', 'due_date')), 'pk'], 'verbose_name': 'milestone', 'verbose_name_plural': 'milestones'},
        ),
        migrations.AddField(
            model_name='historicalmilestone',
            name='batch',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.submissionbatch', verbose_name='batch of the call'),
        ),
        migrations.AddField(
            model_name='milestone',
            name='batch',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='plan_milestone', to='dossiers.submissionbatch', verbose_name='batch of the call'),
        ),
        migrations.AlterField(
            model_name='historicalmilestone',
            name='due_date',
            field=models.DateField(blank=True, help_text="For a bound dossier batch: the batch's deadline.", null=True, verbose_name='due date'),
        ),
        migrations.AlterField(
            model_name='milestone',
            name='due_date',
            field=models.DateField(blank=True, help_text="For a bound dossier batch: the batch's deadline.", null=True, verbose_name='due date'),
        ),
        migrations.RunPython(bind_published_plans, unbind),
        migrations.AddConstraint(
            model_name='milestone',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('batch__isnull', True), ('due_date__isnull', False)), models.Q(('batch__isnull', False), ('batch_number__isnull', True), ('due_date__isnull', True), ('kind', 'dossier_batch'), ('quota_percent__isnull', True)), _connector='OR'), name='milestone_date_stored_once'),
        ),
    ]
