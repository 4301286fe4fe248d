"""The dossiers app takes over its models from evaluation (issue 12): state-only moves, same tables."""

import django.db.models.deletion
import dossiers.models.dossiers
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = ['calldistrictquota', 'checklistrule', 'communeassessment', 'communereport', 'communereportitem', 'documentkind', 'dossier', 'dossiercall', 'dossierdocument', 'dossierreturnreason', 'dossiertransition', 'historicalcalldistrictquota', 'historicalchecklistrule', 'historicalcommuneassessment', 'historicalcommunereport', 'historicalcommunereportitem', 'historicaldossier', 'historicaldossiercall', 'historicaldossierdocument', 'historicalsubmissionbatch', 'localcriterion', 'localcriterionoption', 'submissionbatch']


def relabel_content_types(apps, schema_editor, source="evaluation", target="dossiers"):
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
    relabel_content_types(apps, schema_editor, source="dossiers", target="evaluation")


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
                    name='DocumentKind',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=40, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('applies_to_tourism_only', models.BooleanField(default=False, verbose_name='tourism products only')),
                        ('source', models.CharField(choices=[('upload', 'Uploaded files'), ('commune_report', 'Filled online by the commune')], default='upload', max_length=20, verbose_name='provided as')),
                    ],
                    options={
                        'verbose_name': 'document kind',
                        'verbose_name_plural': 'document kinds',
                        'db_table': 'evaluation_documentkind',
                        'ordering': ['order', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='CommuneReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted')], db_index=True, default='draft', max_length=20, verbose_name='status')),
                        ('meeting_date', models.DateField(blank=True, null=True, verbose_name='meeting date')),
                        ('chair_name', models.CharField(blank=True, max_length=150, verbose_name='chair (commune chairman)')),
                        ('chair_title', models.CharField(blank=True, default='Chủ tịch UBND xã', max_length=150, verbose_name="chair's title")),
                        ('participants', models.TextField(blank=True, help_text='One per line.', verbose_name='participants')),
                        ('conclusion', models.TextField(blank=True, verbose_name='conclusion')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('commune', models.ForeignKey(limit_choices_to={'level__code': 'commune'}, on_delete=django.db.models.deletion.PROTECT, related_name='commune_reports', to='accounts.administrativeunit', verbose_name='commune')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'commune assessment report',
                        'verbose_name_plural': 'commune assessment reports',
                        'db_table': 'evaluation_communereport',
                        'ordering': ['-call__year', 'commune__name', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Dossier',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('returned', 'Returned for completion'), ('resubmitted', 'Resubmitted'), ('accepted', 'Accepted for evaluation')], db_index=True, default='draft', max_length=20, verbose_name='status')),
                        ('onsite_checked_on', models.DateField(blank=True, null=True, verbose_name='on-site check date')),
                        ('onsite_attested_at', models.DateTimeField(blank=True, null=True, verbose_name='attested at')),
                        ('onsite_note', models.TextField(blank=True, verbose_name='on-site check note')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                        ('submitted_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='submitted on (local date)')),
                        ('is_late', models.BooleanField(default=False, verbose_name='submitted after the deadline')),
                        ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted at')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('onsite_checked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='on-site check attested by')),
                        ('product', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dossiers', to='products.product', verbose_name='product')),
                    ],
                    options={
                        'verbose_name': 'dossier',
                        'verbose_name_plural': 'dossiers',
                        'db_table': 'evaluation_dossier',
                        'ordering': ['-year', 'product__name', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='CommuneReportItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='dossiers.communereport')),
                        ('dossier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commune_items', to='dossiers.dossier')),
                    ],
                    options={
                        'verbose_name': 'assessed product',
                        'verbose_name_plural': 'assessed products',
                        'db_table': 'evaluation_communereportitem',
                        'ordering': ['report', 'dossier__product__name', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='DossierCall',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('level', models.CharField(choices=[('district', 'District'), ('province', 'Province'), ('central', 'Central')], max_length=20, verbose_name='evaluating level')),
                        ('title', models.CharField(blank=True, max_length=255, verbose_name='title')),
                        ('late_policy', models.CharField(choices=[('refuse', 'Refuse late submissions'), ('flag', 'Accept late submissions, flagged')], default='refuse', max_length=10, verbose_name='late submissions')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('issuing_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dossier_calls', to='accounts.administrativeunit', verbose_name='issuing unit')),
                        ('regulation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='products.regulationversion', verbose_name='regulation version')),
                    ],
                    options={
                        'verbose_name': 'call for dossiers',
                        'verbose_name_plural': 'calls for dossiers',
                        'db_table': 'evaluation_dossiercall',
                        'ordering': ['-year', 'level', 'pk'],
                    },
                ),
                migrations.AddField(
                    model_name='dossier',
                    name='call',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='dossiers', to='dossiers.dossiercall', verbose_name='call for dossiers'),
                ),
                migrations.AddField(
                    model_name='communereport',
                    name='call',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commune_reports', to='dossiers.dossiercall', verbose_name='call'),
                ),
                migrations.CreateModel(
                    name='CallDistrictQuota',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('registered_count', models.PositiveIntegerField(verbose_name='registered products')),
                        ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.administrativeunit', verbose_name='district')),
                        ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='district_quotas', to='dossiers.dossiercall')),
                    ],
                    options={
                        'verbose_name': 'registered products of a district',
                        'verbose_name_plural': 'registered products of districts',
                        'db_table': 'evaluation_calldistrictquota',
                    },
                ),
                migrations.CreateModel(
                    name='DossierDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(max_length=255, upload_to=dossiers.models.dossiers.dossier_document_path, verbose_name='file')),
                        ('original_name', models.CharField(max_length=180, verbose_name='file name')),
                        ('size', models.PositiveBigIntegerField(verbose_name='size (bytes)')),
                        ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                        ('content_type', models.CharField(max_length=100, verbose_name='content type')),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                        ('dossier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='dossiers.dossier')),
                        ('kind', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='dossiers.documentkind', verbose_name='document kind')),
                        ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'dossier document',
                        'verbose_name_plural': 'dossier documents',
                        'db_table': 'evaluation_dossierdocument',
                        'ordering': ['kind__order', 'uploaded_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='DossierTransition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=40)),
                        ('from_state', models.CharField(blank=True, max_length=20)),
                        ('to_state', models.CharField(max_length=20)),
                        ('at', models.DateTimeField()),
                        ('reason', models.TextField(blank=True)),
                        ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('dossier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='dossiers.dossier')),
                    ],
                    options={
                        'verbose_name': 'dossier transition',
                        'verbose_name_plural': 'dossier transitions',
                        'db_table': 'evaluation_dossiertransition',
                        'ordering': ['at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='DossierReturnReason',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.TextField(verbose_name='reason')),
                        ('kind', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dossiers.documentkind')),
                        ('transition', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reasons', to='dossiers.dossiertransition')),
                    ],
                    options={
                        'verbose_name': 'return reason',
                        'verbose_name_plural': 'return reasons',
                        'db_table': 'evaluation_dossierreturnreason',
                        'ordering': ['transition', 'kind__order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCallDistrictQuota',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('registered_count', models.PositiveIntegerField(verbose_name='registered products')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('call', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.dossiercall')),
                        ('district', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.administrativeunit', verbose_name='district')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical registered products of a district',
                        'verbose_name_plural': 'historical registered products of districts',
                        'db_table': 'evaluation_historicalcalldistrictquota',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalChecklistRule',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('required', models.BooleanField(default=True, verbose_name='required')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('group', models.ForeignKey(blank=True, db_constraint=False, help_text='A top group; empty means every group.', limit_choices_to={'parent__isnull': True}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.productgroup', verbose_name='product group')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('kind', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.documentkind')),
                        ('regulation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.regulationversion', verbose_name='regulation version')),
                    ],
                    options={
                        'verbose_name': 'historical checklist rule',
                        'verbose_name_plural': 'historical checklist rules',
                        'db_table': 'evaluation_historicalchecklistrule',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalCommuneReport',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted')], db_index=True, default='draft', max_length=20, verbose_name='status')),
                        ('meeting_date', models.DateField(blank=True, null=True, verbose_name='meeting date')),
                        ('chair_name', models.CharField(blank=True, max_length=150, verbose_name='chair (commune chairman)')),
                        ('chair_title', models.CharField(blank=True, default='Chủ tịch UBND xã', max_length=150, verbose_name="chair's title")),
                        ('participants', models.TextField(blank=True, help_text='One per line.', verbose_name='participants')),
                        ('conclusion', models.TextField(blank=True, verbose_name='conclusion')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('call', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.dossiercall', verbose_name='call')),
                        ('commune', models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'level__code': 'commune'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.administrativeunit', verbose_name='commune')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical commune assessment report',
                        'verbose_name_plural': 'historical commune assessment reports',
                        'db_table': 'evaluation_historicalcommunereport',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalCommuneReportItem',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('dossier', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.dossier')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('report', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.communereport')),
                    ],
                    options={
                        'verbose_name': 'historical assessed product',
                        'verbose_name_plural': 'historical assessed products',
                        'db_table': 'evaluation_historicalcommunereportitem',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalDossierCall',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('level', models.CharField(choices=[('district', 'District'), ('province', 'Province'), ('central', 'Central')], max_length=20, verbose_name='evaluating level')),
                        ('title', models.CharField(blank=True, max_length=255, verbose_name='title')),
                        ('late_policy', models.CharField(choices=[('refuse', 'Refuse late submissions'), ('flag', 'Accept late submissions, flagged')], default='refuse', max_length=10, verbose_name='late submissions')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('issuing_unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.administrativeunit', verbose_name='issuing unit')),
                        ('regulation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.regulationversion', verbose_name='regulation version')),
                    ],
                    options={
                        'verbose_name': 'historical call for dossiers',
                        'verbose_name_plural': 'historical calls for dossiers',
                        'db_table': 'evaluation_historicaldossiercall',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalDossierDocument',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('file', models.TextField(max_length=255, verbose_name='file')),
                        ('original_name', models.CharField(max_length=180, verbose_name='file name')),
                        ('size', models.PositiveBigIntegerField(verbose_name='size (bytes)')),
                        ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                        ('content_type', models.CharField(max_length=100, verbose_name='content type')),
                        ('uploaded_at', models.DateTimeField(blank=True, editable=False, verbose_name='uploaded at')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('dossier', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.dossier')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('kind', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.documentkind', verbose_name='document kind')),
                        ('uploaded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical dossier document',
                        'verbose_name_plural': 'historical dossier documents',
                        'db_table': 'evaluation_historicaldossierdocument',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalSubmissionBatch',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='batch')),
                        ('deadline', models.DateField(verbose_name='deadline')),
                        ('quota_percent', models.PositiveSmallIntegerField(default=100, verbose_name='quota (% of registered products, cumulative)')),
                        ('note', models.CharField(blank=True, max_length=255, verbose_name='note')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('call', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.dossiercall')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical submission batch',
                        'verbose_name_plural': 'historical submission batches',
                        'db_table': 'evaluation_historicalsubmissionbatch',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='LocalCriterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=40, verbose_name='code')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('is_sample_wording', models.BooleanField(default=True, help_text='The official wording is not in the source documents: the answer options are samples.', verbose_name='sample wording')),
                        ('regulation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='products.regulationversion')),
                    ],
                    options={
                        'verbose_name': 'local criterion',
                        'verbose_name_plural': 'local criteria',
                        'db_table': 'evaluation_localcriterion',
                        'ordering': ['regulation', 'order'],
                    },
                ),
                migrations.CreateModel(
                    name='LocalCriterionOption',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=40, verbose_name='code')),
                        ('label', models.CharField(max_length=255, verbose_name='label')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='options', to='dossiers.localcriterion')),
                    ],
                    options={
                        'verbose_name': 'local criterion option',
                        'verbose_name_plural': 'local criterion options',
                        'db_table': 'evaluation_localcriterionoption',
                        'ordering': ['criterion', 'order'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCommuneAssessment',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('comment', models.TextField(blank=True, verbose_name='comment')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('item', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.communereportitem')),
                        ('criterion', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.localcriterion')),
                        ('option', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.localcriterionoption')),
                    ],
                    options={
                        'verbose_name': 'historical commune assessment',
                        'verbose_name_plural': 'historical commune assessments',
                        'db_table': 'evaluation_historicalcommuneassessment',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='CommuneAssessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('comment', models.TextField(blank=True, verbose_name='comment')),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assessments', to='dossiers.communereportitem')),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dossiers.localcriterion')),
                        ('option', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dossiers.localcriterionoption')),
                    ],
                    options={
                        'verbose_name': 'commune assessment',
                        'verbose_name_plural': 'commune assessments',
                        'db_table': 'evaluation_communeassessment',
                        'ordering': ['item', 'criterion__order'],
                    },
                ),
                migrations.CreateModel(
                    name='SubmissionBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='batch')),
                        ('deadline', models.DateField(verbose_name='deadline')),
                        ('quota_percent', models.PositiveSmallIntegerField(default=100, verbose_name='quota (% of registered products, cumulative)')),
                        ('note', models.CharField(blank=True, max_length=255, verbose_name='note')),
                        ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='batches', to='dossiers.dossiercall')),
                    ],
                    options={
                        'verbose_name': 'submission batch',
                        'verbose_name_plural': 'submission batches',
                        'db_table': 'evaluation_submissionbatch',
                        'ordering': ['call', 'deadline', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalDossier',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('returned', 'Returned for completion'), ('resubmitted', 'Resubmitted'), ('accepted', 'Accepted for evaluation')], db_index=True, default='draft', max_length=20, verbose_name='status')),
                        ('onsite_checked_on', models.DateField(blank=True, null=True, verbose_name='on-site check date')),
                        ('onsite_attested_at', models.DateTimeField(blank=True, null=True, verbose_name='attested at')),
                        ('onsite_note', models.TextField(blank=True, verbose_name='on-site check note')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                        ('submitted_on', models.DateField(blank=True, db_index=True, null=True, verbose_name='submitted on (local date)')),
                        ('is_late', models.BooleanField(default=False, verbose_name='submitted after the deadline')),
                        ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted at')),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('call', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.dossiercall', verbose_name='call for dossiers')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('onsite_checked_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='on-site check attested by')),
                        ('product', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.product', verbose_name='product')),
                        ('batch', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.submissionbatch', verbose_name='batch')),
                    ],
                    options={
                        'verbose_name': 'historical dossier',
                        'verbose_name_plural': 'historical dossiers',
                        'db_table': 'evaluation_historicaldossier',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name='dossier',
                    name='batch',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='dossiers', to='dossiers.submissionbatch', verbose_name='batch'),
                ),
                migrations.CreateModel(
                    name='ChecklistRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('required', models.BooleanField(default=True, verbose_name='required')),
                        ('group', models.ForeignKey(blank=True, help_text='A top group; empty means every group.', limit_choices_to={'parent__isnull': True}, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='products.productgroup', verbose_name='product group')),
                        ('regulation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='products.regulationversion', verbose_name='regulation version')),
                        ('kind', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rules', to='dossiers.documentkind')),
                    ],
                    options={
                        'verbose_name': 'checklist rule',
                        'verbose_name_plural': 'checklist rules',
                        'db_table': 'evaluation_checklistrule',
                        'ordering': ['regulation', 'group', 'kind__order'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('group__isnull', False)), fields=('regulation', 'group', 'kind'), name='unique_checklist_rule_group'), models.UniqueConstraint(condition=models.Q(('group__isnull', True)), fields=('regulation', 'kind'), name='unique_checklist_rule_all_groups')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='communereportitem',
                    constraint=models.UniqueConstraint(fields=('report', 'dossier'), name='unique_commune_report_item'),
                ),
                migrations.AddConstraint(
                    model_name='dossiercall',
                    constraint=models.UniqueConstraint(fields=('year', 'level', 'issuing_unit'), name='unique_dossier_call'),
                ),
                migrations.AddConstraint(
                    model_name='communereport',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'draft')), fields=('commune', 'call'), name='one_draft_commune_report_per_call'),
                ),
                migrations.AddConstraint(
                    model_name='calldistrictquota',
                    constraint=models.UniqueConstraint(fields=('call', 'district'), name='unique_call_district_quota'),
                ),
                migrations.AddConstraint(
                    model_name='localcriterion',
                    constraint=models.UniqueConstraint(fields=('regulation', 'code'), name='unique_local_criterion'),
                ),
                migrations.AddConstraint(
                    model_name='localcriterionoption',
                    constraint=models.UniqueConstraint(fields=('criterion', 'code'), name='unique_local_criterion_option'),
                ),
                migrations.AddConstraint(
                    model_name='communeassessment',
                    constraint=models.UniqueConstraint(fields=('item', 'criterion'), name='unique_commune_assessment'),
                ),
                migrations.AddConstraint(
                    model_name='submissionbatch',
                    constraint=models.UniqueConstraint(fields=('call', 'number'), name='unique_batch_number'),
                ),
                migrations.AddConstraint(
                    model_name='submissionbatch',
                    constraint=models.CheckConstraint(condition=models.Q(('quota_percent__lte', 100)), name='batch_quota_at_most_100'),
                ),
                migrations.AddConstraint(
                    model_name='dossier',
                    constraint=models.UniqueConstraint(fields=('product', 'year'), name='unique_dossier_product_year'),
                ),
                    ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
