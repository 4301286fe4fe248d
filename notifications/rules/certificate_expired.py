"""Certificates expired (kind ``certificate_expired``): the day after ``valid_until``, to DARD and the
district officers (grouped per unit and date): the product left the catalogue and is a re-rating
candidate. Still sent up to ``OCOP_EXPIRED_NOTICE_CATCHUP_DAYS`` late; not for a product whose
certificate was renewed. The re-rating flag itself is a housekeeping action
(:func:`notifications.services.flag_rerating`), built on :func:`recently_expired` and
:func:`next_draft_plan`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Exists, OuterRef

from accounts.models import AdministrativeUnit
from certificates.models import Certificate
from plans import workflows as pwf
from plans.models import AnnualPlan, PlanProduct

from ..models import Kind
from .base import (
    ONE_DAY,
    CatchUp,
    Reminder,
    ReminderKind,
    ddmmyyyy,
    district_officers,
    link,
    product_district,
    province_staff,
)
from .certificate_expiry import cert_queryset, cert_row

LEADS = CatchUp("OCOP_EXPIRED_NOTICE_CATCHUP_DAYS", lead="expired")


def expired_within(today: datetime.date, window: int, *, include_unprocessed: bool = False):
    """Certificates whose validity ended within the catch-up window.

    ``include_unprocessed``: also certificates still marked valid although past ``valid_until``
    (what a dry run sees before the housekeeping step has expired them).
    """
    statuses = [Certificate.Status.EXPIRED] + ([Certificate.Status.VALID] if include_unprocessed else [])
    return cert_queryset().filter(
        status__in=statuses,
        valid_until__lt=today,
        valid_until__gte=today - datetime.timedelta(days=window + 1),
    )


def not_renewed(certs, today: datetime.date):
    """Relevance: the product has no valid certificate today."""
    renewed = Certificate.objects.filter(
        product=OuterRef("product"), status=Certificate.Status.VALID, valid_until__gte=today
    )
    return certs.exclude(Exists(renewed))


def recently_expired(today: datetime.date, *, include_unprocessed: bool = False):
    """Certificates whose validity ended within the catch-up window and that were not renewed."""
    certs = expired_within(today, LEADS.get(), include_unprocessed=include_unprocessed)
    return not_renewed(certs, today).order_by("valid_until", "number")


def audience(by_unit: dict) -> tuple[dict, list]:
    """→ ({district id: officers}, DARD staff)."""
    officers = district_officers({uid for kind, uid, _v in by_unit if kind == "district"})
    return officers, province_staff()


def reminders(today: datetime.date, *, dry_run: bool = False) -> Iterator[Reminder]:
    by_unit: dict[tuple, list[Certificate]] = defaultdict(list)
    provinces: dict[int, AdministrativeUnit] = {}
    for cert in recently_expired(today, include_unprocessed=dry_run):
        district = product_district(cert.product)
        if district is not None:
            by_unit[("district", district.pk, cert.valid_until)].append(cert)
        province_code = cert.product.commune.ancestor_codes()[0]
        province = provinces.setdefault(province_code, AdministrativeUnit.objects.get(code=province_code))
        by_unit[("province", province.pk, cert.valid_until)].append(cert)
    if not by_unit:
        return
    officers, dard = audience(by_unit)
    for (object_type, unit_id, valid_until), group in by_unit.items():
        recipients = officers.get(unit_id, []) if object_type == "district" else dard
        if not recipients:
            continue
        yield RULE.reminder(
            object_type=object_type,
            object_id=unit_id,
            moment=valid_until,
            lead=LEADS.lead,
            due_on=valid_until + ONE_DAY,
            recipients=recipients,
            build=_expired_context(group, valid_until, today),
            url=link("certificates:certificate_list"),
            label=f"{len(group)} giấy chứng nhận đã hết hạn {ddmmyyyy(valid_until)}",
        )


def _expired_context(certs, valid_until, today):
    def build():
        planned = {
            pp.product_id: pp.plan
            for pp in PlanProduct.objects.filter(
                product__in=[c.product_id for c in certs],
                kind=PlanProduct.Kind.UPGRADE,
                plan__year__gte=today.year,
            ).select_related("plan")
        }
        rows = []
        for c in certs:
            row = cert_row(c)
            plan = planned.get(c.product_id)
            row["plan"] = f"Kế hoạch năm {plan.year}" if plan else ""
            rows.append(row)
        return {"valid_until": valid_until, "certificates": rows}

    return build


def next_draft_plan(product, today: datetime.date):
    """The plan a re-rating candidate goes to: the earliest *draft* plan of the product's province
    for this year or later. Published plans are never amended automatically (DARD decides)."""
    province_code = product.commune.ancestor_codes()[0]
    return (
        AnnualPlan.objects.filter(province__code=province_code, year__gte=today.year, status=pwf.DRAFT)
        .order_by("year")
        .first()
    )


RULE = ReminderKind(
    name="certificates_expired",
    kind=Kind.CERTIFICATE_EXPIRED,
    template="certificate_expired",
    moments=expired_within,
    leads=LEADS,
    audience=audience,
    relevant=not_renewed,
    reminders=reminders,
)
