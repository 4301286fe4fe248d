"""The certificates app takes over its models from evaluation (issue 12): state-only moves, same tables."""

import certificates.models
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = ['certificate', 'historicalcertificate', 'historicalinspection', 'inspection', 'inspectionevidence', 'pdfjob']


def relabel_content_types(apps, schema_editor, source="evaluation", target="certificates"):
    """Moved models keep their content type row (same id: permissions, admin log and history keep
    pointing at it); only its app label changes."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if old is None:
            continue
        ContentType.objects.using(db).filter(app_label=target, model=model).delete()  # a stray duplicate
        old.app_label = target
        old.save(update_fields=["app_label"])


def restore_content_types(apps, schema_editor):
    relabel_content_types(apps, schema_editor, source="certificates", target="evaluation")


def copy_decision_entries(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, certificate_id FROM evaluation_decisionentry WHERE certificate_id IS NOT NULL"
        )
        pairs = cursor.fetchall()
        for table in ("evaluation_certificate", "evaluation_historicalcertificate"):
            cursor.executemany(
                f"UPDATE {table} SET decision_entry_id = %s WHERE id = %s", [(e, c) for e, c in pairs]
            )


def uncopy_decision_entries(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT decision_entry_id, id FROM evaluation_certificate WHERE decision_entry_id IS NOT NULL"
        )
        cursor.executemany(
            "UPDATE evaluation_decisionentry SET certificate_id = %s WHERE id = %s",
            [(c, e) for e, c in cursor.fetchall()],
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('evaluation', '0007_historicalcalldistrictquota_historicalchecklistrule_and_more'),
        ('accounts', '0001_initial'),
        ('products', '0002_search_and_reference_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only: the tables exist (evaluation_*) and keep their names (Meta.db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Certificate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.CharField(max_length=50, unique=True, verbose_name='certificate number')),
                        ('stars', models.PositiveSmallIntegerField(verbose_name='stars')),
                        ('level', models.CharField(choices=[('district', 'District'), ('province', 'Province'), ('central', 'Central')], max_length=20, verbose_name='level')),
                        ('issued_on', models.DateField(verbose_name='issued on')),
                        ('valid_until', models.DateField(db_index=True, verbose_name='valid until')),
                        ('verification_code', models.CharField(default=certificates.models.new_verification_code, editable=False, max_length=32, unique=True)),
                        ('status', models.CharField(choices=[('valid', 'Valid'), ('expired', 'Expired'), ('revoked', 'Revoked'), ('superseded', 'Superseded by a newer certificate')], db_index=True, default='valid', max_length=20, verbose_name='status')),
                        ('revoked_on', models.DateField(blank=True, null=True, verbose_name='revoked on')),
                        ('revocation_reason', models.TextField(blank=True, verbose_name='reason for revocation')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('decision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='evaluation.recognitiondecision', verbose_name='decision')),
                        ('product', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='products.product', verbose_name='product')),
                    ],
                    options={
                        'verbose_name': 'certificate',
                        'verbose_name_plural': 'certificates',
                        'db_table': 'evaluation_certificate',
                        'ordering': ['-issued_on', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCertificate',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('number', models.CharField(db_index=True, max_length=50, verbose_name='certificate number')),
                        ('stars', models.PositiveSmallIntegerField(verbose_name='stars')),
                        ('level', models.CharField(choices=[('district', 'District'), ('province', 'Province'), ('central', 'Central')], max_length=20, verbose_name='level')),
                        ('issued_on', models.DateField(verbose_name='issued on')),
                        ('valid_until', models.DateField(db_index=True, verbose_name='valid until')),
                        ('verification_code', models.CharField(db_index=True, default=certificates.models.new_verification_code, editable=False, max_length=32)),
                        ('status', models.CharField(choices=[('valid', 'Valid'), ('expired', 'Expired'), ('revoked', 'Revoked'), ('superseded', 'Superseded by a newer certificate')], db_index=True, default='valid', max_length=20, verbose_name='status')),
                        ('revoked_on', models.DateField(blank=True, null=True, verbose_name='revoked on')),
                        ('revocation_reason', models.TextField(blank=True, verbose_name='reason for revocation')),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('decision', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluation.recognitiondecision', verbose_name='decision')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('product', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.product', verbose_name='product')),
                    ],
                    options={
                        'verbose_name': 'historical certificate',
                        'verbose_name_plural': 'historical certificates',
                        'db_table': 'evaluation_historicalcertificate',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalInspection',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('inspected_on', models.DateField(verbose_name='inspection date')),
                        ('finding', models.TextField(verbose_name='finding')),
                        ('is_violation', models.BooleanField(default=True, verbose_name='violation found')),
                        ('status', models.CharField(choices=[('reported', 'Reported to DARD'), ('proposed', 'Revocation proposed'), ('revoked', 'Certificate revoked'), ('dismissed', 'Dismissed')], default='reported', max_length=20, verbose_name='status')),
                        ('proposal', models.TextField(blank=True, verbose_name='DARD proposal')),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('certificate', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='certificates.certificate')),
                        ('department', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.department', verbose_name='inspecting department')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('reported_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical inspection',
                        'verbose_name_plural': 'historical inspections',
                        'db_table': 'evaluation_historicalinspection',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Inspection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('inspected_on', models.DateField(verbose_name='inspection date')),
                        ('finding', models.TextField(verbose_name='finding')),
                        ('is_violation', models.BooleanField(default=True, verbose_name='violation found')),
                        ('status', models.CharField(choices=[('reported', 'Reported to DARD'), ('proposed', 'Revocation proposed'), ('revoked', 'Certificate revoked'), ('dismissed', 'Dismissed')], default='reported', max_length=20, verbose_name='status')),
                        ('proposal', models.TextField(blank=True, verbose_name='DARD proposal')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('certificate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inspections', to='certificates.certificate')),
                        ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.department', verbose_name='inspecting department')),
                        ('reported_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'inspection',
                        'verbose_name_plural': 'inspections',
                        'db_table': 'evaluation_inspection',
                        'ordering': ['-inspected_on'],
                    },
                ),
                migrations.CreateModel(
                    name='InspectionEvidence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(upload_to=certificates.models.evidence_path)),
                        ('original_name', models.CharField(max_length=255)),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                        ('inspection', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='certificates.inspection')),
                    ],
                    options={
                        'db_table': 'evaluation_inspectionevidence',
                    },
                ),
                migrations.CreateModel(
                    name='PdfJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=20)),
                        ('done', models.PositiveIntegerField(default=0)),
                        ('total', models.PositiveIntegerField(default=0)),
                        ('file', models.FileField(blank=True, upload_to='generated/')),
                        ('error', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('decision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pdf_jobs', to='evaluation.recognitiondecision')),
                    ],
                    options={
                        'db_table': 'evaluation_pdfjob',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='certificate',
                    constraint=models.CheckConstraint(condition=models.Q(('stars__gte', 3), ('stars__lte', 5)), name='certificate_stars_3_to_5'),
                ),
                    ],
            database_operations=[],
        ),
        # The link between a decision entry and its certificate moves to the certificate (the app above
        # points down): a real column, filled from evaluation_decisionentry.certificate_id.
        migrations.AddField(
            model_name='certificate',
            name='decision_entry',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='certificate', to='evaluation.decisionentry', verbose_name='decision entry'),
        ),
        migrations.AddField(
            model_name='historicalcertificate',
            name='decision_entry',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluation.decisionentry', verbose_name='decision entry'),
        ),
        migrations.RunPython(copy_decision_entries, uncopy_decision_entries),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
