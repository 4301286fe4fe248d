"""Scoring closes (kind ``scoring``): 3/1 days before ``Round.scoring_closes_on`` of a round being
scored (``OCOP_SCORING_REMINDER_LEAD_DAYS``), to each active council member, with the products they
have neither scored nor declared a conflict on. Relevant while such products remain."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from evaluation.models import ConflictDeclaration, Round, ScoreSheet

from ..models import Kind
from .base import Ladder, Recipient, Reminder, ReminderKind, link

LEADS = Ladder("OCOP_SCORING_REMINDER_LEAD_DAYS")


def closing(today: datetime.date, leads):
    """Rounds being scored whose scoring closes at most the longest lead time away."""
    return Round.objects.filter(
        status=Round.Status.SCORING,
        scoring_closes_on__gte=today,
        scoring_closes_on__lte=today + datetime.timedelta(days=max(leads)),
    ).order_by("scoring_closes_on", "pk")


def audience(round_: Round):
    """The round's council members with an active account."""
    for member in round_.members.select_related("user").order_by("user__username"):
        if member.user.is_active:
            yield member


def done_pairs(round_: Round) -> set[tuple[int, int]]:
    """(member, entry) pairs with a submitted score sheet or a declared conflict."""
    done = set(
        ScoreSheet.objects.filter(entry__round=round_, status=ScoreSheet.Status.SUBMITTED).values_list(
            "member_id", "entry_id"
        )
    )
    done |= set(ConflictDeclaration.objects.filter(entry__round=round_).values_list("member_id", "entry_id"))
    return done


def unscored(member, entries, done) -> list:
    """Relevance: the entries this member still has to score (none → no reminder)."""
    return [e for e in entries if (member.pk, e.pk) not in done]


def reminders(today: datetime.date, *, dry_run: bool = False) -> Iterator[Reminder]:
    leads = LEADS.get()
    if not leads:
        return
    for round_, lead, due in LEADS.steps(today, closing(today, leads), lambda r: r.scoring_closes_on, leads):
        entries = list(round_.entries.select_related("product").order_by("product__name"))
        done = done_pairs(round_)
        for member in audience(round_):
            todo = unscored(member, entries, done)
            if not todo:
                continue
            yield RULE.reminder(
                object_type="round",
                object_id=round_.pk,
                moment=round_.scoring_closes_on,
                lead=LEADS.tag(lead),
                due_on=due,
                recipients=[Recipient(member.user)],
                build=_scoring_context(round_, todo, lead),
                url=link("evaluation:my_sheets"),
                label=f"{round_.name} · {len(todo)} sản phẩm chưa chấm",
            )


def _scoring_context(round_, todo, lead):
    def build():
        return {
            "round": round_.name,
            "closes_on": round_.scoring_closes_on,
            "days_left": lead,
            "products": [e.product.name for e in todo],
        }

    return build


RULE = ReminderKind(
    name="scoring",
    kind=Kind.SCORING,
    template="scoring",
    moments=closing,
    leads=LEADS,
    audience=audience,
    relevant=unscored,
    reminders=reminders,
)
