"""The evaluation steps in “Việc cần làm” (see :mod:`ocop_portal.todo`): score sheets to fill and send
before the round's scoring closes (council members, and department staff who sit on a council), and
draft recognition decisions to approve (the organising level). Two queries whatever the number of rows."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access
from ocop_portal.todo import Todo

from .models import RecognitionDecision
from .sheets import to_score

ORGANISERS = ("province", "district", "admin")


def todo_items(user, today) -> list[Todo]:
    items = [
        Todo(
            text=_("Score: %(product)s") % {"product": entry.product.name},
            url=reverse("evaluation:score", args=[entry.pk]),
            deadline=entry.round.scoring_closes_on or entry.round.meeting_date,
            kind=_("Score sheet"),
            detail=entry.round.name,
        )
        for entry in to_score(user)
        .select_related("round", "product")
        .order_by("round__scoring_closes_on", "pk")
    ]
    if access.role_of(user) in ORGANISERS:
        drafts = access.editable(user, RecognitionDecision).filter(status=RecognitionDecision.Status.DRAFT)
        items += [
            Todo(
                text=_("Check and approve the decision %(number)s") % {"number": d.number},
                url=reverse("evaluation:decision_detail", args=[d.pk]),
                deadline=None,  # the decision's own date is not a deadline
                kind=_("Decision"),
                detail=_("Dated %(day)s; approving issues the certificates")
                % {"day": d.date.strftime("%d/%m/%Y")},
            )
            for d in drafts.order_by("date", "pk")
        ]
    return items
