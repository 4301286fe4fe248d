"""Score-sheet rules that change nothing: totals from answers, the version token, the answer snapshot.

The services (``evaluation.services.save_scores`` / ``revise_scores``) call these under the round's and
the sheet's row locks; a refusal raises before anything is written.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ocop_portal.workflow import TransitionRefused

from .models import CriterionOption, RoundProduct, ScoreSheet


class SheetLocked(TransitionRefused):
    """The sheet was submitted: it changes only through an explicit revision."""


class StaleSheet(TransitionRefused):
    """The form was opened before the sheet's last save: nothing of it is saved."""


def when(moment) -> str:
    """``14:05 01/12/2026`` in the portal's time zone."""
    return date_format(timezone.localtime(moment), "H:i d/m/Y") if moment else "—"


def locked_message(sheet: ScoreSheet) -> str:
    return _(
        "This sheet was submitted at %(when)s and is locked: nothing was saved. To change it before "
        "scoring closes, use “Revise the sheet” and give a reason."
    ) % {"when": when(sheet.submitted_at)}


def structure(criteria_set):
    """Parts → criteria → options, prefetched (for forms and validation)."""
    return list(criteria_set.parts.prefetch_related("criteria__options").order_by("code"))


def check_version(sheet: ScoreSheet | None, expected_version: int | None) -> None:
    """Refuse a form opened at another version than the sheet's current one (``None``: not checked)."""
    if expected_version is None or expected_version == (sheet.version if sheet else 0):
        return
    if sheet is not None and sheet.is_submitted:
        raise StaleSheet(
            _(
                "This sheet was opened before it was submitted at %(when)s (in another window or "
                "tab); nothing from this window was saved. The submitted sheet is shown below."
            )
            % {"when": when(sheet.submitted_at)}
        )
    raise StaleSheet(
        _(
            "This sheet was saved again at %(when)s after this window opened it (in another window or "
            "tab); nothing from this window was saved. Reload the sheet and enter your changes again."
        )
        % {"when": when(sheet.updated_at) if sheet else "—"}
    )


def totals(entry: RoundProduct, answers: dict[int, int], *, complete: bool) -> dict[str, Decimal]:
    """Validate ``answers`` (criterion id → option id) against the entry's sheet → part code → points.

    Refused: a criterion of another sheet, an option of another criterion, a part above its maximum,
    and (``complete``) an unanswered criterion.
    """
    parts = structure(entry.criteria_set)
    criteria_by_id = {c.pk: (part, c) for part in parts for c in part.criteria.all()}
    if set(answers) - set(criteria_by_id):
        raise TransitionRefused(_("Some answers do not belong to this score sheet."))
    options = {o.pk: o for o in CriterionOption.objects.filter(pk__in=list(answers.values()))}
    out = {p.code: Decimal(0) for p in parts}
    for criterion_id, option_id in answers.items():
        option = options.get(option_id)
        part, criterion = criteria_by_id[criterion_id]
        if option is None or option.criterion_id != criterion_id:
            raise TransitionRefused(
                _("Criterion %(code)s: the answer is not one of its options.") % {"code": criterion.code}
            )
        out[part.code] += option.points
    for part in parts:
        if out[part.code] > part.max_points:
            raise TransitionRefused(
                _("Part %(part)s exceeds its maximum of %(max)s points.")
                % {"part": part.code, "max": part.max_points}
            )
    if complete:
        missing = [c.code for _p, c in criteria_by_id.values() if c.pk not in answers]
        if missing:
            raise TransitionRefused(
                _("Answer every criterion before submitting (missing: %(codes)s).")
                % {"codes": ", ".join(sorted(missing))}
            )
    return out


def answer_snapshot(sheet: ScoreSheet) -> list[dict]:
    """The sheet's answers as kept in a revision: criterion, its code, the option and its points."""
    answers = sheet.answers.select_related("criterion", "criterion__part", "option").order_by(
        "criterion__part__code", "criterion__order", "criterion__code"
    )
    return [
        {
            "criterion": a.criterion_id,
            "code": a.criterion.code,
            "option": a.option_id,
            "text": a.option.text,
            "points": str(a.option.points),
        }
        for a in answers
    ]


def to_score(user):
    """Entries the user still has to score: in rounds open for scoring whose council they sit on, with
    no submitted sheet of theirs and no declared conflict (the dashboard card and the list agree)."""
    from .models import ConflictDeclaration, CouncilMember

    seat = CouncilMember.objects.filter(round=OuterRef("round"), user=user)
    submitted = ScoreSheet.objects.filter(
        entry=OuterRef("pk"), member__user=user, status=ScoreSheet.Status.SUBMITTED
    )
    conflict = ConflictDeclaration.objects.filter(entry=OuterRef("pk"), member__user=user)
    return RoundProduct.objects.filter(
        Exists(seat), ~Exists(submitted), ~Exists(conflict), round__status="scoring"
    )
