"""Access rules for rounds, councils and score sheets.

- Organisers (provincial staff; district officers for their district's rounds) see the whole round.
- Council members (any role) see the rounds they sit on and the products assigned there.
- A member sees only their own score sheet until the round's scoring closes; then the whole council's.
  The replaced versions of a revised sheet follow their sheet.
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
    ScoreSheetRevision,
)

CLOSED = ("closed", "decided")


def _member_rounds(user, qs, prefix=""):
    return qs.filter(**{f"{prefix}members__user": user}).distinct()


def _sheets_for_member(prefix=""):
    def rule(user, qs):
        return qs.filter(
            Q(**{f"{prefix}member__user": user})
            | Q(**{f"{prefix}entry__round__status__in": CLOSED, f"{prefix}entry__round__members__user": user})
        ).distinct()

    return rule


def _sheets_for_organiser(prefix=""):
    def rule(user, qs):
        if access.role_of(user) in ("province", "admin"):
            scoped = qs
        elif user.unit_id:
            scoped = qs.filter(**{f"{prefix}entry__round__unit__path__startswith": user.unit.path})
        else:
            scoped = qs.none()
        # An organiser who also sits on the council is bound by the members' rule.
        return scoped.filter(
            Q(**{f"{prefix}member__user": user})
            | Q(**{f"{prefix}entry__round__status__in": CLOSED})
            | ~Q(**{f"{prefix}entry__round__members__user": user})
        ).distinct()

    return rule


def _sheet_rules(prefix=""):
    return {
        "council": _sheets_for_member(prefix),
        "department": _sheets_for_member(prefix),
        "district": _sheets_for_organiser(prefix),
        "province": _sheets_for_organiser(prefix),
        "admin": _sheets_for_organiser(prefix),
        "commune": lambda u, qs: qs.none(),
    }


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
            view=_sheet_rules(),
            change={
                r: (lambda u, qs: qs.filter(member__user=u))
                for r in ("council", "department", "district", "province", "admin")
            },
        ),
    )
    # A revision (the replaced version of a submitted sheet) is seen by whoever sees its sheet.
    nobody = {
        r: (lambda u, qs: qs.none()) for r in ("council", "department", "district", "province", "admin")
    }
    access.register(
        ScoreSheetRevision,
        access.Policy(unit="sheet__entry__round__unit", view=_sheet_rules("sheet__"), change=nobody),
    )
    everyone = {r: (lambda u, qs: qs) for r in ("district", "commune", "department", "council")}
    access.register(CriteriaSet, access.Policy(view=everyone))
    access.register(DecisionEntry, access.Policy(unit="product__commune", producer="product__producer"))
    access.register(RecognitionDecision, access.Policy(unit="issuing_unit"))
