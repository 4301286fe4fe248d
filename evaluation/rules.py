"""Evaluation rules per rule set and level. The level-authority table (which level recognises which
stars, which score forwards where, who issues) is data: :mod:`evaluation.models.profiles`, edited in
the back office; this module reads it and holds the star bands and the rounding.

Star bands (both versions), on the average total out of 100:
1★ < 30; 2★ 30–49.99; 3★ 50–69.99; 4★ 70–89.99; 5★ ≥ 90.

Rounding: member totals are exact decimals (sums of option points). The product's
score is the arithmetic mean of the submitted members' totals, computed exactly with
``Decimal`` and then rounded **half-up to two decimals**; the star band applies to
that rounded score (so 69.995 → 70.00 → 4★, 69.994 → 69.99 → 3★).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
BANDS = [(Decimal(90), 5), (Decimal(70), 4), (Decimal(50), 3), (Decimal(30), 2)]


MIN_SCORE, MAX_SCORE = Decimal(0), Decimal(100)


def stars_for(score: Decimal) -> int:
    """The star band of an average total out of 100; anything outside 0–100 is refused (ValueError):
    such a total can only come from a broken criteria set or sheet, never from a valid evaluation."""
    if score is None or not isinstance(score, (Decimal, int)) or isinstance(score, bool):
        raise ValueError(f"A score must be a Decimal between 0 and 100, not {score!r}.")
    score = Decimal(score)
    if not score.is_finite() or not MIN_SCORE <= score <= MAX_SCORE:
        raise ValueError(f"A score must be between 0 and 100, not {score}.")
    for floor, stars in BANDS:
        if score >= floor:
            return stars
    return 1


def average(totals: list[Decimal]) -> Decimal | None:
    if not totals:
        return None
    return (sum(totals, Decimal(0)) / Decimal(len(totals))).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LevelRule:
    """One level of a rule set, read from its :class:`~evaluation.models.ProfileLevel` row."""

    recognises: frozenset[int]  # stars this level may recognise
    forward_threshold: Decimal | None  # scores at or above go to the next level
    next_level: str | None
    certifies_highest_when_above: bool = False  # above its stars: recognised at its highest rank
    unit_level: str = ""  # the administrative level whose authority runs it and issues its decision
    issuer: str = ""  # "UBND tỉnh/thành phố"

    @classmethod
    def from_row(cls, row) -> LevelRule:
        return cls(
            recognises=row.recognises,
            forward_threshold=row.forward_threshold,
            next_level=row.forwards_to or None,
            certifies_highest_when_above=row.certifies_highest_when_above,
            unit_level=row.unit_level,
            issuer=row.issuer,
        )


class UnknownLevel(LookupError):
    """The rule set has no such evaluating level (e.g. a district round under 148 as amended by 1489)."""


def rule_for(profile, level: str) -> LevelRule:
    """The rule of ``level`` in ``profile`` (a RegulationProfile or its code), read from the table
    every time: a correction in the back office applies to the next computation."""
    from .models.profiles import COMMUNE_STEP, ProfileLevel

    filters = {"profile": profile} if hasattr(profile, "pk") else {"profile__code": profile}
    row = ProfileLevel.objects.filter(level=level, **filters).exclude(level=COMMUNE_STEP).first()
    if row is None:
        raise UnknownLevel(f"{profile} has no {level} level")
    return LevelRule.from_row(row)


def level_recognising(stars: int, day) -> str | None:
    """The level that recognises ``stars`` under the rule set in force on ``day``, as that rule set says
    (None: no level does). Paper certificates use it for their default level: a 3★ decision of
    2023 was the district's (148), one dated after 06/07/2025 the province's (148 as amended by 1489).
    """
    from products.models import RegulationVersion

    from .models.profiles import RegulationProfile

    if not day:
        return None
    profile = RegulationProfile.in_force_on(day)
    if profile is None:
        regulation = RegulationVersion.in_force_on(day)
        profile = RegulationProfile.for_regulation(regulation, day) if regulation else None
    if profile is None:
        return None
    for row in profile.evaluating_levels:
        if stars in row.recognises:
            return row.level
    return None


class Outcome:
    PENDING = "pending"  # no quorum yet
    RECOGNISE = "recognise"  # this level recognises the computed stars
    FORWARD = "forward"  # at or above the threshold: goes to the next level
    NOT_REACHED = "not_reached"  # below 3★, or below what this level recognises and below threshold


def outcome_for(profile, level: str, score: Decimal | None, rule: LevelRule | None = None) -> str:
    """Recognise, forward or not reached, for ``score`` at ``level`` of ``profile`` (or of ``rule``)."""
    if score is None:
        return Outcome.PENDING
    rule = rule or rule_for(profile, level)
    stars = stars_for(score)
    if rule.forward_threshold is not None and score >= rule.forward_threshold:
        return Outcome.FORWARD
    if stars in rule.recognises:
        return Outcome.RECOGNISE
    return Outcome.NOT_REACHED


def recognisable_stars(
    profile, level: str, score: Decimal | None, rule: LevelRule | None = None
) -> int | None:
    """The stars this level may certify for ``score``, or None.

    A level marked ``certifies_highest_when_above`` (the province: ≥ 90 is certified 4★ and prepared for
    the central 5★ evaluation) recognises a higher score at its highest rank; another level (the
    district under 148) forwards without certifying.
    """
    if score is None:
        return None
    rule = rule or rule_for(profile, level)
    stars = stars_for(score)
    if stars in rule.recognises:
        return stars
    if rule.recognises and rule.certifies_highest_when_above and stars > max(rule.recognises):
        return max(rule.recognises)
    return None
