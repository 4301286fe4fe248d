"""Evaluation rounds: council, assignments, scoring, results, forwarding, decisions, inspections.

Every function is one transaction and raises ``TransitionRefused`` with a clear message when the
operation is not allowed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from ocop_portal.numbers import format_number
from ocop_portal.workflow import TransitionRefused
from products import services as product_services
from products import workflows as pw
from products.models import Product, ProductGroup

from . import criteria, eligibility, rules, sheets
from .authority import issuing_unit_for, level_rule, profile_for_round
from .models import (
    ConflictDeclaration,
    CouncilMember,
    DecisionEntry,
    Level,
    RecognitionDecision,
    Round,
    RoundProduct,
    RoundTransition,
    ScoreAnswer,
    ScoreSheet,
    ScoreSheetRevision,
)
from .workflows import ROUND

ELIGIBLE_STATES = (
    pw.IN_DEVELOPMENT,
    pw.RERATING,
    pw.DOSSIER_SUBMITTED,
    pw.EVALUATED,
    pw.NOT_REACHED,
    pw.RECOGNISED,
    pw.EXPIRED,
)


# Where a new round's scoring deadline is prefilled from. Apps above evaluation register a source
# (plans: the evaluation milestone of the year's published plan) in their ``AppConfig.ready``.
DEADLINE_SOURCES: list = []


def register_deadline_source(source) -> None:
    """``source(year, level) -> date | None``."""
    if source not in DEADLINE_SOURCES:
        DEADLINE_SOURCES.append(source)


def default_deadline(year: int, level: str):
    """The scoring deadline a new round of ``level`` in ``year`` should close on, or None."""
    for source in DEADLINE_SOURCES:
        deadline = source(year, level)
        if deadline:
            return deadline
    return None


def _lock(round_: Round) -> Round:
    return (
        Round.objects.select_for_update()
        .select_related("regulation", "profile", "unit", "unit__level")
        .get(pk=round_.pk)
    )


def _move(round_: Round, name: str, *, by, reason: str = "") -> Round:
    t = ROUND.check(round_.status, name, role=access.role_of(by) if by else None, reason=reason)
    RoundTransition.record(round_, name, round_.status, t.target, by=by, reason=reason)
    round_.status = t.target
    round_.save(update_fields=["status"])
    return round_


@transaction.atomic
def create_round(
    *,
    name,
    year,
    level,
    unit,
    by,
    regulation=None,
    profile=None,
    meeting_date=None,
    scoring_closes_on=None,
    quorum=None,
    previous_level_round=None,
) -> Round:
    """A round of ``level`` run by ``unit`` under a rule set (see :func:`profile_for_round`): the level
    must be one of the rule set's, and ``unit`` of the administrative level its row names."""
    from django.conf import settings

    profile = profile_for_round(year=year, meeting_date=meeting_date, regulation=regulation, profile=profile)
    rule = level_rule(profile, level)
    if unit.level.code != rule.unit_level:
        raise TransitionRefused(
            _("A %(level)s round must be run by a %(unit_level)s authority.")
            % {
                "level": Level(level).label,
                "unit_level": Level(rule.unit_level).label
                if rule.unit_level in Level.values
                else rule.unit_level,
            }
        )
    return Round.objects.create(
        name=name,
        year=year,
        level=level,
        regulation=profile.regulation,
        profile=profile,
        unit=unit,
        created_by=by,
        meeting_date=meeting_date,
        scoring_closes_on=scoring_closes_on,
        quorum=quorum or settings.OCOP_EVALUATION_QUORUM,
        previous_level_round=previous_level_round,
    )


@transaction.atomic
def add_member(
    round_: Round, user, *, role: str = CouncilMember.Role.MEMBER, department=None, by=None
) -> CouncilMember:
    round_ = _lock(round_)
    if round_.status not in (Round.Status.SETUP, Round.Status.SCORING):
        raise TransitionRefused(_("The council can no longer be changed: scoring is closed."))
    if role == CouncilMember.Role.CHAIR and round_.members.filter(role=CouncilMember.Role.CHAIR).exists():
        raise TransitionRefused(_("This council already has a chair."))
    member, created = CouncilMember.objects.get_or_create(
        round=round_, user=user, defaults={"role": role, "department": department or user.department}
    )
    if not created:
        raise TransitionRefused(_("%(user)s is already a member of this council.") % {"user": user})
    return member


@transaction.atomic
def remove_member(member: CouncilMember, *, by=None) -> None:
    round_ = _lock(member.round)
    if round_.status != Round.Status.SETUP:
        raise TransitionRefused(_("Members can only be removed while the round is being set up."))
    if member.sheets.exists():
        raise TransitionRefused(_("This member has already scored; the member cannot be removed."))
    member.delete()


def _group_in(regulation, group: ProductGroup) -> ProductGroup:
    """The product's group expressed under ``regulation`` (same code), for products re-rated under a newer version."""
    if group.regulation_id == regulation.pk:
        return group
    match = (
        ProductGroup.objects.filter(regulation=regulation, code=group.code).first()
        or ProductGroup.objects.filter(regulation=regulation, code=group.top.code).first()
    )
    if match is None:
        raise TransitionRefused(
            _("The product's group has no counterpart under %(reg)s.") % {"reg": regulation}
        )
    return match


@transaction.atomic
def assign_product(
    round_: Round,
    product: Product,
    *,
    by,
    is_rerating: bool = False,
    forwarded_from: RoundProduct | None = None,
    historical_note: str = "",
) -> RoundProduct:
    """Put ``product`` in ``round_`` with its score sheet. The dossier rule: see :mod:`.eligibility`
    (``historical_note``: where a past year's paper record comes from)."""
    historical_note = (historical_note or "").strip()
    round_ = _lock(round_)
    if round_.status not in (Round.Status.SETUP, Round.Status.SCORING):
        raise TransitionRefused(_("Products can no longer be added: scoring is closed."))
    if not _within_round_area(round_, product):
        raise TransitionRefused(
            _("%(product)s is outside the area of %(unit)s.") % {"product": product, "unit": round_.unit}
        )
    if product.state not in ELIGIBLE_STATES:
        raise TransitionRefused(
            _("%(product)s cannot be evaluated while its state is “%(state)s”.")
            % {"product": product, "state": product.state_label}
        )
    if round_.entries.filter(product=product).exists():
        raise TransitionRefused(_("%(product)s is already in this round.") % {"product": product})
    eligibility.require_dossier(round_, product, forwarded_from, historical_note)
    group = _group_in(round_.regulation, product.group)
    sheet = criteria.sheet_for_group(group)
    if sheet is None:
        raise TransitionRefused(_("No score sheet is loaded for group %(group)s.") % {"group": group})
    rerating = is_rerating or product.state in (pw.RECOGNISED, pw.EXPIRED, pw.RERATING, pw.NOT_REACHED)
    entry = RoundProduct.objects.create(
        round=round_,
        product=product,
        criteria_set=sheet,
        is_rerating=rerating,
        forwarded_from=forwarded_from,
        is_historical=bool(historical_note) or bool(forwarded_from and forwarded_from.is_historical),
        historical_note=historical_note or (forwarded_from.historical_note if forwarded_from else ""),
    )
    if product.state in (pw.RECOGNISED, pw.EXPIRED, pw.NOT_REACHED):
        product_services.transition(
            product, "start_rerating", by=by, reason=_("Assigned to %(round)s") % {"round": round_}
        )
    return entry


def _within_round_area(round_: Round, product: Product) -> bool:
    """The product's commune is, or was, inside the round's unit: a product registered in a commune of
    Quảng Nam before the 2025 merger (kept as history) is re-rated by the merged city's round."""
    from accounts.successions import were_within

    if round_.unit.contains(product.commune):
        return True
    return were_within(round_.unit).filter(pk=product.commune_id).exists()


@transaction.atomic
def remove_product(entry: RoundProduct, *, by=None) -> None:
    round_ = _lock(entry.round)
    if round_.status != Round.Status.SETUP or entry.sheets.exists():
        raise TransitionRefused(_("A product can only be removed before anyone has scored it."))
    entry.delete()


@transaction.atomic
def open_scoring(round_: Round, *, by) -> Round:
    round_ = _lock(round_)
    if not round_.members.exists():
        raise TransitionRefused(_("Add the council members before opening scoring."))
    if not round_.entries.exists():
        raise TransitionRefused(_("Assign products before opening scoring."))
    return _move(round_, "open_scoring", by=by)


@transaction.atomic
def declare_conflict(
    entry: RoundProduct, member: CouncilMember, *, reason: str, by=None
) -> ConflictDeclaration:
    if not reason.strip():
        raise TransitionRefused(_("Say why there is a conflict of interest."))
    if member.round_id != entry.round_id:
        raise TransitionRefused(_("This member is not on this round's council."))
    if entry.round.status not in (Round.Status.SETUP, Round.Status.SCORING):
        raise TransitionRefused(_("Scoring is closed."))
    submitted = ScoreSheet.objects.filter(
        entry=entry, member=member, status=ScoreSheet.Status.SUBMITTED
    ).first()
    if submitted is not None:
        raise TransitionRefused(
            _(
                "You submitted a sheet for this product at %(when)s; a conflict of interest is declared "
                "before scoring. Tell the round's organiser."
            )
            % {"when": sheets.when(submitted.submitted_at)}
        )
    ScoreSheet.objects.filter(entry=entry, member=member).delete()  # a member with a conflict must not count
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        entry=entry, member=member, defaults={"reason": reason.strip()}
    )
    return declaration


def member_for(round_: Round, user) -> CouncilMember | None:
    return round_.members.filter(user=user).first()


sheet_structure = sheets.structure  # parts → criteria → options, prefetched (forms, validation, demo)


def _sheet_for_update(entry: RoundProduct, member: CouncilMember, by) -> ScoreSheet | None:
    """Lock the round and the member's sheet (or None); refuse when the member may not score."""
    round_ = _lock(entry.round)
    if round_.status != Round.Status.SCORING:
        raise TransitionRefused(_("Scoring is not open for this round."))
    if member.round_id != round_.pk or (by is not None and member.user_id != by.pk):
        raise TransitionRefused(_("You can only fill in your own score sheet."))
    if ConflictDeclaration.objects.filter(entry=entry, member=member).exists():
        raise TransitionRefused(
            _("You declared a conflict of interest for this product and cannot score it.")
        )
    return ScoreSheet.objects.select_for_update().filter(entry=entry, member=member).first()


def _write_answers(sheet: ScoreSheet, answers: dict[int, int], totals: dict, comment: str) -> None:
    sheet.answers.exclude(criterion_id__in=answers.keys()).delete()
    existing = {a.criterion_id: a for a in sheet.answers.all()}
    for criterion_id, option_id in answers.items():
        answer = existing.get(criterion_id)
        if answer is None:
            ScoreAnswer.objects.create(sheet=sheet, criterion_id=criterion_id, option_id=option_id)
        elif answer.option_id != option_id:
            answer.option_id = option_id
            answer.save()
    sheet.part_a, sheet.part_b, sheet.part_c = totals.get("A", 0), totals.get("B", 0), totals.get("C", 0)
    sheet.total = sum(totals.values(), Decimal(0))
    sheet.comment = comment


def _recompute(entry: RoundProduct) -> None:
    """Live results from the current version of every sheet."""
    round_ = entry.round
    entry = RoundProduct.objects.prefetch_related("sheets").get(pk=entry.pk)
    compute_entry(entry, round_.profile, round_.level, round_.quorum)
    entry.save(update_fields=["average", "submitted_count", "stars", "outcome", "recognisable_stars"])


@transaction.atomic
def save_scores(
    entry: RoundProduct,
    member: CouncilMember,
    answers: dict[int, int],
    *,
    submit: bool,
    by,
    comment: str = "",
    expected_version: int | None = None,
) -> ScoreSheet:
    """Record ``answers`` (criterion id → option id) on the member's draft sheet; submit when asked.

    Refused: round not open for scoring, a member with a declared conflict, an option that does not
    belong to its criterion, a criterion from another sheet, a part total above its maximum,
    submitting with unanswered criteria, a sheet already submitted (:class:`SheetLocked`: revise it
    with :func:`revise_scores`), and a form opened at another ``expected_version`` than the sheet's
    current one (:class:`StaleSheet`). Nothing is saved when refused.
    """
    sheet = _sheet_for_update(entry, member, by)
    sheets.check_version(sheet, expected_version)
    if sheet is not None and sheet.is_submitted:
        raise sheets.SheetLocked(sheets.locked_message(sheet))
    totals = sheets.totals(entry, answers, complete=submit)
    if sheet is None:
        sheet = ScoreSheet.objects.create(entry=entry, member=member, version=0)
    _write_answers(sheet, answers, totals, comment)
    sheet.version += 1
    if submit:
        sheet.status = ScoreSheet.Status.SUBMITTED
        sheet.submitted_at = timezone.now()
    sheet.save()
    if submit:
        _recompute(entry)
    return sheet


@transaction.atomic
def revise_scores(
    entry: RoundProduct,
    member: CouncilMember,
    answers: dict[int, int],
    *,
    reason: str,
    by,
    expected_version: int | None,
    comment: str = "",
) -> ScoreSheet:
    """Replace the member's submitted sheet by a revised one while scoring is open.

    The replaced version (answers, part totals, total, comment, submission time) is kept as a
    :class:`ScoreSheetRevision` with the reason; the revised sheet is submitted again now and the
    entry's results are recomputed from it. Refused without a reason, for a sheet that is not
    submitted, for a stale form, for an incomplete sheet and when nothing changed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(_("Say why the submitted sheet is revised."))
    sheet = _sheet_for_update(entry, member, by)
    if sheet is None or not sheet.is_submitted:
        raise TransitionRefused(_("Only a submitted sheet can be revised; this one is still a draft."))
    sheets.check_version(sheet, expected_version)
    totals = sheets.totals(entry, answers, complete=True)
    current = dict(sheet.answers.values_list("criterion_id", "option_id"))
    if current == answers and sheet.comment == comment:
        raise TransitionRefused(_("The revised sheet is the same as the submitted one: nothing was saved."))
    ScoreSheetRevision.objects.create(
        sheet=sheet,
        number=sheet.revisions.count() + 1,
        part_a=sheet.part_a,
        part_b=sheet.part_b,
        part_c=sheet.part_c,
        total=sheet.total,
        comment=sheet.comment,
        answers=sheets.answer_snapshot(sheet),
        submitted_at=sheet.submitted_at,
        revised_by=by if getattr(by, "is_authenticated", False) else None,
        reason=reason,
    )
    _write_answers(sheet, answers, totals, comment)
    sheet.version += 1
    sheet.submitted_at = timezone.now()
    sheet.save()
    _recompute(entry)
    return sheet


def compute_entry(
    entry: RoundProduct, profile, level: str, quorum: int, rule: rules.LevelRule | None = None
) -> RoundProduct:
    """The entry's average, stars, outcome and recognisable stars under ``level`` of ``profile`` (a
    RegulationProfile or its code; ``rule``: that level's rule, already read)."""
    totals = [s.total for s in entry.sheets.all() if s.status == ScoreSheet.Status.SUBMITTED]
    entry.submitted_count = len(totals)
    if len(totals) < quorum:
        entry.average = rules.average(totals) if totals else None
        entry.stars = None
        entry.outcome = RoundProduct.Outcome.PENDING
        entry.recognisable_stars = None
    else:
        entry.average = rules.average(totals)
        entry.stars = rules.stars_for(entry.average)
        rule = rule or rules.rule_for(profile, level)
        entry.outcome = rules.outcome_for(profile, level, entry.average, rule=rule)
        entry.recognisable_stars = rules.recognisable_stars(profile, level, entry.average, rule=rule)
    return entry


@transaction.atomic
def compute_results(round_: Round) -> list[RoundProduct]:
    round_ = _lock(round_)
    entries = list(round_.entries.prefetch_related("sheets"))
    rule = rules.rule_for(round_.profile, round_.level)
    for entry in entries:
        compute_entry(entry, round_.profile, round_.level, round_.quorum, rule=rule)
        entry.save(update_fields=["average", "submitted_count", "stars", "outcome", "recognisable_stars"])
    return entries


def _bring_to_evaluated(product: Product, *, by, round_: Round):
    """A product with a dossier in the portal is at "dossier submitted" since its dossier was sent; one
    the round's own record backs without that move (a historical record evaluated before the portal,
    or a re-rated product whose dossier predates the rule) is brought there by the round."""
    reason = _("Evaluated in %(round)s") % {"round": round_}
    if product.state in (pw.IN_DEVELOPMENT, pw.RERATING):
        product_services.transition(product, "submit_dossier", by=by, reason=reason, via="evaluation")
        product.refresh_from_db()
    if product.state == pw.DOSSIER_SUBMITTED:
        product_services.transition(product, "mark_evaluated", by=by, reason=reason, via="evaluation")


@transaction.atomic
def close_scoring(round_: Round, *, by) -> Round:
    round_ = _lock(round_)
    _move(round_, "close_scoring", by=by)
    for entry in compute_results(round_):
        if entry.outcome == RoundProduct.Outcome.PENDING:
            continue
        product = Product.objects.get(pk=entry.product_id)
        _bring_to_evaluated(product, by=by, round_=round_)
        product.refresh_from_db()
        if entry.outcome == RoundProduct.Outcome.NOT_REACHED and product.state == pw.EVALUATED:
            product_services.transition(
                product,
                "not_reached",
                by=by,
                via="evaluation",
                reason=_("Score %(score)s in %(round)s")
                % {"score": format_number(entry.average, 2), "round": round_},
            )
    return round_


@transaction.atomic
def reopen_scoring(round_: Round, *, by, reason: str) -> Round:
    round_ = _lock(round_)
    if DecisionEntry.objects.filter(round_entry__round=round_).exists():
        raise TransitionRefused(_("A decision already lists this round's products."))
    return _move(round_, "reopen_scoring", by=by, reason=reason)


@transaction.atomic
def forward(round_: Round, target: Round, *, by) -> list[RoundProduct]:
    """Send the products at or above the forwarding threshold to the next level's round, with their dossier."""
    round_ = _lock(round_)
    if round_.status not in (Round.Status.CLOSED, Round.Status.DECIDED):
        raise TransitionRefused(_("Close scoring before forwarding products."))
    rule = round_.rule
    if rule.next_level is None or target.level != rule.next_level:
        raise TransitionRefused(
            _("Products of this round go to a %(level)s round.") % {"level": rule.next_level or "-"}
        )
    if target.regulation_id != round_.regulation_id:
        raise TransitionRefused(_("The target round uses another regulation version."))
    if target.profile_id != round_.profile_id:
        raise TransitionRefused(
            _("The target round follows another rule set (%(profile)s).") % {"profile": target.profile}
        )
    created = []
    for entry in round_.entries.filter(outcome=RoundProduct.Outcome.FORWARD).select_related("product"):
        if target.entries.filter(product=entry.product).exists():
            continue
        created.append(
            assign_product(target, entry.product, by=by, is_rerating=entry.is_rerating, forwarded_from=entry)
        )
    if target.previous_level_round_id is None:
        target.previous_level_round = round_
        target.save(update_fields=["previous_level_round"])
    return created


@transaction.atomic
def create_decision(
    round_: Round, *, number: str, date: datetime.date, signer_name: str, signer_title: str, by
) -> RecognitionDecision:
    round_ = _lock(round_)
    if round_.status != Round.Status.CLOSED:
        raise TransitionRefused(_("A decision can be prepared once scoring is closed."))
    entries = [e for e in round_.entries.select_related("product") if e.recognisable_stars]
    if not entries:
        raise TransitionRefused(_("No product of this round can be recognised at this level."))
    issuing_unit = issuing_unit_for(round_)
    if RecognitionDecision.objects.filter(issuing_unit=issuing_unit, number=number).exists():
        raise TransitionRefused(_("Decision number %(n)s is already used.") % {"n": number})
    decision = RecognitionDecision.objects.create(
        number=number,
        date=date,
        level=round_.level,
        issuing_unit=issuing_unit,
        regulation=round_.regulation,
        profile=round_.profile,
        signer_name=signer_name,
        signer_title=signer_title,
        created_by=by,
    )
    DecisionEntry.objects.bulk_create(
        DecisionEntry(
            decision=decision, product=e.product, round_entry=e, stars=e.recognisable_stars, score=e.average
        )
        for e in entries
    )
    return decision


@transaction.atomic
def record_decision(decision: RecognitionDecision, *, by) -> list[Round]:
    """The decision was approved (certificates issued, by the certificates app): its closed rounds are
    marked decided."""
    rounds = list(
        Round.objects.filter(entries__decisionentry__decision=decision, status=Round.Status.CLOSED).distinct()
    )
    for round_ in rounds:
        _move(_lock(round_), "record_decision", by=by)
    return rounds
