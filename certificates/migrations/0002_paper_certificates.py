"""Certificates issued on paper before the portal (issue 13): the "recorded from paper" fields, the
proposals of district imports, and the upgrade of ratings imported before this release.

Before, a spreadsheet import wrote a rating straight onto the product (stars, dates and a placeholder
certificate number "QĐ <decision number>") with no Certificate row: the public pages called the product
certified while /verify/ could not find it. :func:`backfill` turns every such rating — a product with
stars whose certificate number starts with "QĐ ", or that is recognised/expired with stars and has no
certificate of that number — into what the rule allows now:

* set by a provincial user (DARD staff or an admin: the last transition that made it recognised or
  expired names them) → a Certificate **recorded from paper** (decision number from the placeholder,
  issue date and validity kept, a portal number OCOP-QNA-<year>-G…, the product's number updated);
* otherwise (a district officer, the import command without a user, or nobody known) → a **pending
  proposal** for DARD with the same data; the product's rating is cleared and it goes back to the state
  before the import (logged as "withdraw_rating"), so it is no longer shown as certified until DARD
  confirms it on the review screen.
"""

import datetime

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


RECOGNISED, EXPIRED = "recognised", "expired"
UNKNOWN_DECISION = "(không rõ số)"


def _level(stars, day, Regulation):
    regulation = Regulation.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if stars == 5:
        return "central"
    if stars == 3 and regulation is not None and regulation.code == "148-2023":
        return "district"
    return "province"


def _authority(product, level):
    if level == "central":
        return "Bộ Nông nghiệp và Phát triển nông thôn"
    unit = product.commune
    wanted = "district" if level == "district" else "province"
    while unit is not None and unit.level.code != wanted:
        unit = unit.parent
    if unit is None:
        return ""
    kind, _sep, rest = unit.name.partition(" ")
    return f"UBND {kind.lower()} {rest}" if rest else f"UBND {unit.name}"


def _next_number(Certificate, day):
    prefix = f"OCOP-QNA-{day.year}-G"
    last = (
        Certificate.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
    )
    last = last.first()
    seq = int(last.rsplit("-", 1)[-1][1:]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _valid_until(day):
    try:
        return day.replace(year=day.year + 3)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 3, day=28)


def backfill(apps, schema_editor):
    from django.db.models import Q
    from django.utils import timezone

    Product = apps.get_model("products", "Product")
    Transition = apps.get_model("products", "ProductTransition")
    Regulation = apps.get_model("products", "RegulationVersion")
    Certificate = apps.get_model("certificates", "Certificate")
    Proposal = apps.get_model("certificates", "CertificateProposal")
    today = timezone.localdate()
    candidates = (
        Product.objects.filter(stars__isnull=False)
        .filter(Q(certificate_number__startswith="QĐ ") | Q(state__in=[RECOGNISED, EXPIRED]))
        .select_related("commune__level", "commune__parent__level", "commune__parent__parent__level")
        .order_by("pk")
    )
    for product in candidates:
        number = product.certificate_number
        if (
            not number.startswith("QĐ ")
            and Certificate.objects.filter(product=product, number=number).exists()
        ):
            continue  # a real certificate backs it
        decision = number[3:].strip() if number.startswith("QĐ ") else ""
        if not decision or decision == UNKNOWN_DECISION:
            decision = UNKNOWN_DECISION
        day = product.certified_on or (
            product.valid_until and product.valid_until - datetime.timedelta(days=1095)
        )
        stars = min(max(product.stars, 3), 5)
        setter = (
            Transition.objects.filter(product=product, to_state__in=[RECOGNISED, EXPIRED])
            .select_related("by")
            .order_by("-at", "-pk")
            .first()
        )
        by = setter.by if setter else None
        provincial = by is not None and (by.is_superuser or by.role in ("province", "admin"))
        level = _level(stars, day, Regulation) if day else "province"
        if provincial and day:
            valid_until = product.valid_until or _valid_until(day)
            cert = Certificate.objects.create(
                product=product,
                number=_next_number(Certificate, day),
                stars=stars,
                level=level,
                issued_on=day,
                valid_until=valid_until,
                status="valid" if valid_until >= today else "expired",
                recorded_from_paper=True,
                issuing_authority=_authority(product, level),
                decision_number=decision,
                decision_date=day,
                recorded_by=by,
                source="Xếp hạng nhập từ bảng tính trước khi nâng cấp (chuyển thành bản ghi chứng nhận bản giấy)",
            )
            Product.objects.filter(pk=product.pk).update(
                certificate_number=cert.number, certified_on=day, valid_until=valid_until, stars=stars
            )
            continue
        if day:
            Proposal.objects.create(
                product=product,
                stars=stars,
                level=level,
                issuing_authority=_authority(product, level),
                decision_number=decision,
                decision_date=day,
                source_file="Dữ liệu nhập trước khi nâng cấp",
                proposed_by=by,
                proposed_at=setter.at if setter else timezone.now(),
            )
        previous = setter.from_state if setter and setter.from_state not in ("", RECOGNISED, EXPIRED) else ""
        previous = previous or "idea_registered"
        Product.objects.filter(pk=product.pk).update(
            stars=None, certificate_number="", certified_on=None, valid_until=None, state=previous
        )
        Transition.objects.create(
            product=product,
            name="withdraw_rating",
            from_state=product.state,
            to_state=previous,
            by=None,
            at=timezone.now(),
            reason="Xếp hạng nhập từ bảng tính chưa có giấy chứng nhận: chuyển thành đề nghị chờ Sở NN&PTNT xác nhận",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("products", "0003_import_upload"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="decision_date",
            field=models.DateField(blank=True, null=True, verbose_name="decision date"),
        ),
        migrations.AddField(
            model_name="certificate",
            name="decision_number",
            field=models.CharField(blank=True, max_length=60, verbose_name="decision number"),
        ),
        migrations.AddField(
            model_name="certificate",
            name="issuing_authority",
            field=models.CharField(blank=True, max_length=150, verbose_name="issuing authority"),
        ),
        migrations.AddField(
            model_name="certificate",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AddField(
            model_name="certificate",
            name="recorded_from_paper",
            field=models.BooleanField(default=False, verbose_name="recorded from a paper certificate"),
        ),
        migrations.AddField(
            model_name="certificate",
            name="source",
            field=models.CharField(blank=True, max_length=255, verbose_name="source of the record"),
        ),
        migrations.AddField(
            model_name="historicalcertificate",
            name="decision_date",
            field=models.DateField(blank=True, null=True, verbose_name="decision date"),
        ),
        migrations.AddField(
            model_name="historicalcertificate",
            name="decision_number",
            field=models.CharField(blank=True, max_length=60, verbose_name="decision number"),
        ),
        migrations.AddField(
            model_name="historicalcertificate",
            name="issuing_authority",
            field=models.CharField(blank=True, max_length=150, verbose_name="issuing authority"),
        ),
        migrations.AddField(
            model_name="historicalcertificate",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AddField(
            model_name="historicalcertificate",
            name="recorded_from_paper",
            field=models.BooleanField(default=False, verbose_name="recorded from a paper certificate"),
        ),
        migrations.AddField(
            model_name="historicalcertificate",
            name="source",
            field=models.CharField(blank=True, max_length=255, verbose_name="source of the record"),
        ),
        migrations.CreateModel(
            name="HistoricalCertificateProposal",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("stars", models.PositiveSmallIntegerField(verbose_name="stars")),
                (
                    "level",
                    models.CharField(
                        choices=[("district", "District"), ("province", "Province"), ("central", "Central")],
                        max_length=20,
                        verbose_name="level",
                    ),
                ),
                (
                    "issuing_authority",
                    models.CharField(blank=True, max_length=150, verbose_name="issuing authority"),
                ),
                ("decision_number", models.CharField(max_length=60, verbose_name="decision number")),
                ("decision_date", models.DateField(verbose_name="decision date")),
                ("source_file", models.CharField(blank=True, max_length=255, verbose_name="source file")),
                ("source_sha256", models.CharField(blank=True, max_length=64)),
                ("source_row", models.PositiveIntegerField(blank=True, null=True, verbose_name="row")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting DARD"),
                            ("confirmed", "Confirmed"),
                            ("rejected", "Rejected"),
                            ("replaced", "Replaced by a newer proposal"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "proposed_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="proposed at"),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("rejection_reason", models.TextField(blank=True, verbose_name="reason for rejection")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "certificate",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="certificates.certificate",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "product",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="products.product",
                        verbose_name="product",
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="proposed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical certificate proposal",
                "verbose_name_plural": "historical certificate proposals",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="CertificateProposal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("stars", models.PositiveSmallIntegerField(verbose_name="stars")),
                (
                    "level",
                    models.CharField(
                        choices=[("district", "District"), ("province", "Province"), ("central", "Central")],
                        max_length=20,
                        verbose_name="level",
                    ),
                ),
                (
                    "issuing_authority",
                    models.CharField(blank=True, max_length=150, verbose_name="issuing authority"),
                ),
                ("decision_number", models.CharField(max_length=60, verbose_name="decision number")),
                ("decision_date", models.DateField(verbose_name="decision date")),
                ("source_file", models.CharField(blank=True, max_length=255, verbose_name="source file")),
                ("source_sha256", models.CharField(blank=True, max_length=64)),
                ("source_row", models.PositiveIntegerField(blank=True, null=True, verbose_name="row")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting DARD"),
                            ("confirmed", "Confirmed"),
                            ("rejected", "Rejected"),
                            ("replaced", "Replaced by a newer proposal"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                (
                    "proposed_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="proposed at"),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                ("rejection_reason", models.TextField(blank=True, verbose_name="reason for rejection")),
                (
                    "certificate",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="proposal",
                        to="certificates.certificate",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "product",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="certificate_proposals",
                        to="products.product",
                        verbose_name="product",
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="proposed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "certificate proposal",
                "verbose_name_plural": "certificate proposals",
                "ordering": ["-proposed_at", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("stars__gte", 3), ("stars__lte", 5)), name="proposal_stars_3_to_5"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("status", "pending")),
                        fields=("product",),
                        name="one_pending_proposal_per_product",
                    ),
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
