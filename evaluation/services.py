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
from ocop_portal.workflow import TransitionRefused
from products import services as product_services
from products import workflows as pw
from products.models import Product, ProductGroup

from . import criteria, rules
from .models import (
    ConflictDeclaration,
    CouncilMember,
    CriterionOption,
    DecisionEntry,
    Level,
    RecognitionDecision,
    Round,
    RoundProduct,
    RoundTransition,
    ScoreAnswer,
    ScoreSheet,
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
    return Round.objects.select_for_update().select_related("regulation", "unit").get(pk=round_.pk)


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
    regulation,
    unit,
    by,
    meeting_date=None,
    scoring_closes_on=None,
    quorum=None,
    previous_level_round=None,
) -> Round:
    from django.conf import settings

    expected_level = {"district": "district", "province": "province", "central": "province"}[level]
    if unit.level.code != expected_level:
        raise TransitionRefused(
            _("A %(level)s round must be run by a %(unit_level)s authority.")
            % {"level": Level(level).label, "unit_level": Level(expected_level).label}
        )
    return Round.objects.create(
        name=name,
        year=year,
        level=level,
        regulation=regulation,
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
) -> RoundProduct:
    round_ = _lock(round_)
    if round_.status not in (Round.Status.SETUP, Round.Status.SCORING):
        raise TransitionRefused(_("Products can no longer be added: scoring is closed."))
    if not round_.unit.contains(product.commune):
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
    group = _group_in(round_.regulation, product.group)
    sheet = criteria.sheet_for_group(group)
    if sheet is None:
        raise TransitionRefused(_("No score sheet is loaded for group %(group)s.") % {"group": group})
    rerating = is_rerating or product.state in (pw.RECOGNISED, pw.EXPIRED, pw.RERATING, pw.NOT_REACHED)
    entry = RoundProduct.objects.create(
        round=round_, product=product, criteria_set=sheet, is_rerating=rerating, forwarded_from=forwarded_from
    )
    if product.state in (pw.RECOGNISED, pw.EXPIRED, pw.NOT_REACHED):
        product_services.transition(
            product, "start_rerating", by=by, reason=_("Assigned to %(round)s") % {"round": round_}
        )
    return entry


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
    ScoreSheet.objects.filter(entry=entry, member=member).delete()  # a member with a conflict must not count
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        entry=entry, member=member, defaults={"reason": reason.strip()}
    )
    return declaration


def member_for(round_: Round, user) -> CouncilMember | None:
    return round_.members.filter(user=user).first()


def sheet_structure(criteria_set):
    """Parts → criteria → options, prefetched (for forms and validation)."""
    return list(criteria_set.parts.prefetch_related("criteria__options").order_by("code"))


@transaction.atomic
def save_scores(
    entry: RoundProduct,
    member: CouncilMember,
    answers: dict[int, int],
    *,
    submit: bool,
    by,
    comment: str = "",
) -> ScoreSheet:
    """Record ``answers`` (criterion id → option id) on the member's sheet; submit when asked.

    Refused: round not open for scoring, a member with a declared conflict, an option that does not
    belong to its criterion, a criterion from another sheet, a part total above its maximum, and
    submitting with unanswered criteria.
    """
    round_ = _lock(entry.round)
    if round_.status != Round.Status.SCORING:
        raise TransitionRefused(_("Scoring is not open for this round."))
    if member.round_id != round_.pk or (by is not None and member.user_id != by.pk):
        raise TransitionRefused(_("You can only fill in your own score sheet."))
    if ConflictDeclaration.objects.filter(entry=entry, member=member).exists():
        raise TransitionRefused(
            _("You declared a conflict of interest for this product and cannot score it.")
        )
    parts = sheet_structure(entry.criteria_set)
    criteria_by_id = {c.pk: (part, c) for part in parts for c in part.criteria.all()}
    unknown = set(answers) - set(criteria_by_id)
    if unknown:
        raise TransitionRefused(_("Some answers do not belong to this score sheet."))
    options = {o.pk: o for o in CriterionOption.objects.filter(pk__in=list(answers.values()))}
    totals = {p.code: Decimal(0) for p in parts}
    for criterion_id, option_id in answers.items():
        option = options.get(option_id)
        part, criterion = criteria_by_id[criterion_id]
        if option is None or option.criterion_id != criterion_id:
            raise TransitionRefused(
                _("Criterion %(code)s: the answer is not one of its options.") % {"code": criterion.code}
            )
        totals[part.code] += option.points
    for part in parts:
        if totals[part.code] > part.max_points:
            raise TransitionRefused(
                _("Part %(part)s exceeds its maximum of %(max)s points.")
                % {"part": part.code, "max": part.max_points}
            )
    if submit:
        missing = [c.code for _p, c in criteria_by_id.values() if c.pk not in answers]
        if missing:
            raise TransitionRefused(
                _("Answer every criterion before submitting (missing: %(codes)s).")
                % {"codes": ", ".join(sorted(missing))}
            )
    sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(entry=entry, member=member)
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
    if submit:
        sheet.status = ScoreSheet.Status.SUBMITTED
        sheet.submitted_at = sheet.submitted_at or timezone.now()
    sheet.save()
    return sheet


def compute_entry(entry: RoundProduct, regulation_code: str, level: str, quorum: int) -> RoundProduct:
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
        entry.outcome = rules.outcome_for(regulation_code, level, entry.average)
        entry.recognisable_stars = rules.recognisable_stars(regulation_code, level, entry.average)
    return entry


@transaction.atomic
def compute_results(round_: Round) -> list[RoundProduct]:
    round_ = _lock(round_)
    entries = list(round_.entries.prefetch_related("sheets"))
    for entry in entries:
        compute_entry(entry, round_.regulation.code, round_.level, round_.quorum)
        entry.save(update_fields=["average", "submitted_count", "stars", "outcome", "recognisable_stars"])
    return entries


def _bring_to_evaluated(product: Product, *, by, round_: Round):
    reason = _("Evaluated in %(round)s") % {"round": round_}
    if product.state in (pw.IN_DEVELOPMENT, pw.RERATING):
        product_services.transition(product, "submit_dossier", by=by, reason=reason)
        product.refresh_from_db()
    if product.state == pw.DOSSIER_SUBMITTED:
        product_services.transition(product, "mark_evaluated", by=by, reason=reason)


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
                reason=_("Score %(score)s in %(round)s") % {"score": entry.average, "round": round_},
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
    if RecognitionDecision.objects.filter(issuing_unit=round_.unit, number=number).exists():
        raise TransitionRefused(_("Decision number %(n)s is already used.") % {"n": number})
    decision = RecognitionDecision.objects.create(
        number=number,
        date=date,
        level=round_.level,
        issuing_unit=round_.unit,
        regulation=round_.regulation,
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
