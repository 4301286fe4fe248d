"""Access rules for rounds, councils and score sheets.

- Organisers (provincial staff; district officers for their district's rounds) see the whole round.
- Council members (any role) see the rounds they sit on and the products assigned there.
- A member sees only their own score sheet until the round's scoring closes; then the whole council's.
"""

from django.db.models import Q

from accounts import access

from .models import (
    ConflictDeclaration,
    CouncilMember,
    CriteriaSet,
    DecisionEntry,
    RecognitionDecision,
    Round,
    RoundProduct,
    ScoreSheet,
)

CLOSED = ("closed", "decided")


def _member_rounds(user, qs, prefix=""):
    return qs.filter(**{f"{prefix}members__user": user}).distinct()


def _sheets_for_member(user, qs):
    return qs.filter(
        Q(member__user=user) | Q(entry__round__status__in=CLOSED, entry__round__members__user=user)
    ).distinct()


def _sheets_for_organiser(user, qs):
    if access.role_of(user) in ("province", "admin"):
        scoped = qs
    else:
        scoped = qs.filter(entry__round__unit__path__startswith=user.unit.path) if user.unit_id else qs.none()
    # An organiser who also sits on the council is bound by the members' rule.
    return scoped.filter(
        Q(member__user=user) | Q(entry__round__status__in=CLOSED) | ~Q(entry__round__members__user=user)
    ).distinct()


def register():
    member_view = {
        "council": lambda u, qs: _member_rounds(u, qs),
        "department": lambda u, qs: _member_rounds(u, qs),
    }
    access.register(
        Round, access.Policy(unit="unit", view={**member_view, "commune": lambda u, qs: qs.none()})
    )
    entry_view = {
        r: (lambda u, qs: qs.filter(round__members__user=u).distinct()) for r in ("council", "department")
    }
    access.register(
        RoundProduct,
        access.Policy(unit="round__unit", view={**entry_view, "commune": lambda u, qs: qs.none()}),
    )
    access.register(
        CouncilMember,
        access.Policy(
            unit="round__unit",
            view={r: (lambda u, qs: qs.filter(round__members__user=u)) for r in ("council", "department")},
        ),
    )
    access.register(ConflictDeclaration, access.Policy(unit="entry__round__unit", department_can_view=False))
    access.register(
        ScoreSheet,
        access.Policy(
            unit="entry__round__unit",
            view={
                "council": _sheets_for_member,
                "department": _sheets_for_member,
                "district": _sheets_for_organiser,
                "province": _sheets_for_organiser,
                "admin": _sheets_for_organiser,
                "commune": lambda u, qs: qs.none(),
            },
            change={
                r: (lambda u, qs: qs.filter(member__user=u))
                for r in ("council", "department", "district", "province", "admin")
            },
        ),
    )
    everyone = {r: (lambda u, qs: qs) for r in ("district", "commune", "department", "council")}
    access.register(CriteriaSet, access.Policy(view=everyone))
    access.register(DecisionEntry, access.Policy(unit="product__commune", producer="product__producer"))
    access.register(RecognitionDecision, access.Policy(unit="issuing_unit"))
