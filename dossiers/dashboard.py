"""Dashboard cards of the dossier pages."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Role

from . import checks
from . import workflows as wf
from .models import (
    Dossier,
    SubmissionBatch,
)


def dashboard_cards(user) -> list[dict]:
    from django.urls import reverse

    role = access.role_of(user)
    cards = []
    year = timezone.localdate().year
    if role in (Role.DISTRICT, Role.PROVINCE, Role.ADMIN):
        # Each count is the dossier list behind its link: same year, same group of states.
        dossiers = access.visible(user, Dossier).filter(year=year)
        drafts = dossiers.filter(status__in=wf.STATUS_GROUPS[wf.TO_COMPLETE]).count()
        cards.append(
            {
                "title": _("Dossiers %(year)s to complete") % {"year": year},
                "value": drafts,
                "text": _("Drafts and dossiers returned for completion"),
                "url": reverse("dossiers:list") + f"?year={year}&status={wf.TO_COMPLETE}",
                "icon": "folder2-open",
                "order": 40,
            }
        )
        if role != Role.DISTRICT:
            waiting = dossiers.filter(status__in=wf.STATUS_GROUPS[wf.TO_REVIEW]).count()
            cards.append(
                {
                    "title": _("Dossiers %(year)s to review") % {"year": year},
                    "value": waiting,
                    "text": _("Submitted or resubmitted, waiting for acceptance"),
                    "url": reverse("dossiers:list") + f"?year={year}&status={wf.TO_REVIEW}",
                    "icon": "inboxes",
                    "order": 41,
                }
            )
    if role == Role.DISTRICT and user.unit_id:
        today = timezone.localdate()
        batches = (
            SubmissionBatch.objects.filter(call__in=checks.calls_for(user), deadline__gte=today)
            .select_related("call")
            .order_by("deadline")
        )
        batch = batches.first()
        if batch:
            row = checks.district_quotas(batch.call, [user.unit])[0]
            progress = dict((b.pk, p) for b, p in row.batches)[batch.pk]
            cards.append(
                {
                    "title": _("Next batch: %(d)s") % {"d": batch.deadline.strftime("%d/%m/%Y")},
                    "value": f"{progress.submitted}/{progress.needed}",
                    "text": _("Dossiers submitted / needed by the deadline"),
                    "url": batch.call.get_absolute_url(),
                    "icon": "calendar-check",
                    "order": 42,
                }
            )
    if role == Role.COMMUNE and user.unit_id:
        waiting = checks.awaiting_commune_report(user.unit).count()
        cards.append(
            {
                "title": _("Products awaiting the commune report"),
                "value": waiting,
                "text": _("Assess the four local criteria"),
                "url": reverse("dossiers:commune_reports"),
                "icon": "clipboard-check",
                "order": 40,
            }
        )
    # Council members (department staff too, when they sit on a council): the dossiers of the products
    # in their rounds, the same rows as their dossier list.
    to_read = access.visible(user, Dossier).count() if role in (Role.COUNCIL, Role.DEPARTMENT) else 0
    if role == Role.COUNCIL or to_read:
        cards.append(
            {
                "title": _("Dossiers to read"),
                "value": to_read,
                "text": _("Dossiers of the products in the rounds whose council you sit on"),
                "url": reverse("dossiers:list"),
                "icon": "folder2-open",
                "order": 40,
            }
        )
    return cards
