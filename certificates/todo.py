"""The certificate steps in “Việc cần làm” (see :mod:`ocop_portal.todo`):

- DARD: inspection reports to act on (propose revocation or dismiss; record the revocation decision),
  and certificates recorded from paper by a district, awaiting confirmation;
- district officers: certificates of their district expiring within 90 days, whose producers they guide
  to re-register for re-rating before the expiry date (DARD sees the province-wide count on its card;
  listing every expiring certificate would bury its own steps).

Three queries whatever the number of rows.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access
from ocop_portal.todo import Todo

from .models import Certificate, CertificateProposal, Inspection

EXPIRY_WINDOW = datetime.timedelta(days=90)


def todo_items(user, today) -> list[Todo]:
    role = access.role_of(user)
    items: list[Todo] = []
    if role in ("province", "admin"):
        inspections = access.visible(user, Inspection).filter(
            status__in=(Inspection.Status.REPORTED, Inspection.Status.PROPOSED)
        )
        for i in inspections.select_related("certificate__product").order_by("inspected_on", "pk"):
            reported = i.status == Inspection.Status.REPORTED
            items.append(
                Todo(
                    text=(
                        _("Act on the inspection report: %(product)s")
                        if reported
                        else _("Record the revocation decision: %(product)s")
                    )
                    % {"product": i.certificate.product.name},
                    url=reverse("certificates:inspection_detail", args=[i.pk]),
                    kind=_("Inspection"),
                    detail=_("Inspected on %(day)s") % {"day": i.inspected_on.strftime("%d/%m/%Y")},
                )
            )
        proposals = access.visible(user, CertificateProposal).filter(
            status=CertificateProposal.Status.PENDING
        )
        for p in proposals.select_related("product").order_by("pk"):
            items.append(
                Todo(
                    text=_("Confirm or reject the paper certificate of %(product)s")
                    % {"product": p.product.name},
                    url=reverse("certificates:proposal_list"),
                    kind=_("Certificate"),
                    detail=_("%(stars)s★, proposed by the district") % {"stars": p.stars},
                )
            )
    if role == "district":
        expiring = access.visible(user, Certificate).filter(
            status=Certificate.Status.VALID, valid_until__gte=today, valid_until__lte=today + EXPIRY_WINDOW
        )
        for c in expiring.select_related("product").order_by("valid_until", "pk"):
            items.append(
                Todo(
                    text=_("Re-register for re-rating before expiry: %(product)s")
                    % {"product": c.product.name},
                    url=reverse("certificates:certificate_detail", args=[c.pk]),
                    deadline=c.valid_until,
                    kind=_("Certificate"),
                    detail=_("Certificate %(number)s, %(stars)s★") % {"number": c.number, "stars": c.stars},
                )
            )
    return items
