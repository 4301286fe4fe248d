"""Certificates expiring (kind ``certificate_expiry``): 6/3/1 months before ``valid_until``
(``OCOP_CERTIFICATE_REMINDER_MONTHS``), to the producer (its portal accounts, else its e-mail
address) and to the district officers, grouped per producer / district and date. Relevant while the
certificate is still valid (not renewed, revoked or expired)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from dateutil.relativedelta import relativedelta

from certificates.models import Certificate

from ..models import Kind
from .base import (
    Ladder,
    Recipient,
    Reminder,
    ReminderKind,
    ddmmyyyy,
    district_officers,
    link,
    producer_recipients,
    product_district,
)

LEADS = Ladder("OCOP_CERTIFICATE_REMINDER_MONTHS", unit="months")


def cert_queryset():
    """Certificates with what a reminder shows of them (product, producer, commune, district)."""
    return Certificate.objects.select_related(
        "product", "product__producer", "product__commune", "product__commune__parent__level"
    )


def cert_row(cert: Certificate) -> dict:
    return {
        "number": cert.number,
        "product": cert.product.name,
        "producer": cert.product.producer.name,
        "stars": cert.stars,
        "valid_until": cert.valid_until,
        "commune": cert.product.commune.name,
    }


def still_valid(certs, today: datetime.date):
    """Relevance: the certificate is still valid today (renewed, revoked, expired → no reminder)."""
    return certs.filter(status=Certificate.Status.VALID, valid_until__gte=today)


def expiring(today: datetime.date, months):
    """Valid certificates whose validity ends at most the longest lead time away."""
    return still_valid(cert_queryset(), today).filter(
        # Month arithmetic is not symmetric (30/04 + 6 months = 30/10, 31/10 − 6 months = 30/04):
        # fetch a few days more and let the ladder decide.
        valid_until__lte=today + relativedelta(months=max(months), days=4),
    )


def audience(by_producer: dict, by_district: dict) -> tuple[dict, dict]:
    """→ ({producer id: recipients}, {district id: officers}). A producer without a portal account
    gets a plain e-mail at its address."""
    producers = producer_recipients({pid for _v, pid in by_producer})
    for (_v, pid), certs_ in by_producer.items():
        if not producers.get(pid) and certs_[0].product.producer.email:
            producer = certs_[0].product.producer
            producers[pid] = [Recipient(email=producer.email, display_name=producer.name)]
    officers = district_officers({did for _v, did in by_district})
    return producers, officers


def reminders(today: datetime.date, *, dry_run: bool = False) -> Iterator[Reminder]:
    months = LEADS.get()
    if not months:
        return
    certs = expiring(today, months).order_by("valid_until", "number")
    by_producer: dict[tuple, list[Certificate]] = defaultdict(list)
    by_district: dict[tuple, list[Certificate]] = defaultdict(list)
    steps = {}
    for cert, lead, due in LEADS.steps(today, certs, lambda c: c.valid_until, months):
        steps[cert.valid_until] = (lead, due)
        by_producer[(cert.valid_until, cert.product.producer_id)].append(cert)
        district = product_district(cert.product)
        if district is not None:
            by_district[(cert.valid_until, district.pk)].append(cert)
    producers, officers = audience(by_producer, by_district)
    for (valid_until, pid), group in by_producer.items():
        if producers.get(pid):
            yield _expiry_reminder("producer", pid, valid_until, steps[valid_until], group, producers[pid])
    for (valid_until, did), group in by_district.items():
        if officers.get(did):
            yield _expiry_reminder("district", did, valid_until, steps[valid_until], group, officers[did])


def _expiry_reminder(object_type, object_id, valid_until, step, certs, recipients) -> Reminder:
    months, due = step
    first = certs[0]
    label_owner = (
        first.product.producer.name if object_type == "producer" else first.product.commune.parent.name
    )

    def build():
        return {
            "audience": object_type,
            "months": months,
            "valid_until": valid_until,
            "certificates": [cert_row(c) for c in certs],
            "owner": label_owner,
        }

    return RULE.reminder(
        object_type=object_type,
        object_id=object_id,
        moment=valid_until,
        lead=LEADS.tag(months),
        due_on=due,
        recipients=recipients,
        build=build,
        url=link("certificates:certificate_detail", first.pk)
        if len(certs) == 1
        else link("certificates:certificate_list"),
        label=f"{len(certs)} giấy chứng nhận hết hạn {ddmmyyyy(valid_until)} · {label_owner}",
    )


RULE = ReminderKind(
    name="certificates_expiring",
    kind=Kind.CERTIFICATE_EXPIRY,
    template="certificate_expiry",
    moments=expiring,
    leads=LEADS,
    audience=audience,
    relevant=still_valid,
    reminders=reminders,
)
