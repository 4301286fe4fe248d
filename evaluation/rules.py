"""Evaluation rules per regulation version and level, as data.

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
    recognises: frozenset[int]  # stars this level may recognise
    forward_threshold: Decimal | None  # scores at or above go to the next level
    next_level: str | None


RULES: dict[str, dict[str, LevelRule]] = {
    # Decision 148/QĐ-TTg (2023): district recognises 3★ and forwards ≥ 70; province recognises 4★ and
    # prepares ≥ 90 for the central 5★ evaluation.
    "148-2023": {
        "district": LevelRule(frozenset({3}), Decimal(70), "province"),
        "province": LevelRule(frozenset({4}), Decimal(90), "central"),
        "central": LevelRule(frozenset({5}), None, None),
    },
    # Decision 1048/QĐ-TTg (2019, amended 781/2020): district screens and forwards ≥ 50; the province
    # recognises 3★–4★; ≥ 90 goes to the central level for 5★.
    "1048-2019": {
        "district": LevelRule(frozenset(), Decimal(50), "province"),
        "province": LevelRule(frozenset({3, 4}), Decimal(90), "central"),
        "central": LevelRule(frozenset({5}), None, None),
    },
}


def rule_for(regulation_code: str, level: str) -> LevelRule:
    return RULES[regulation_code][level]


class Outcome:
    PENDING = "pending"  # no quorum yet
    RECOGNISE = "recognise"  # this level recognises the computed stars
    FORWARD = "forward"  # at or above the threshold: goes to the next level
    NOT_REACHED = "not_reached"  # below 3★, or below what this level recognises and below threshold


def outcome_for(regulation_code: str, level: str, score: Decimal | None) -> str:
    if score is None:
        return Outcome.PENDING
    rule = rule_for(regulation_code, level)
    stars = stars_for(score)
    if rule.forward_threshold is not None and score >= rule.forward_threshold:
        return Outcome.FORWARD
    if stars in rule.recognises:
        return Outcome.RECOGNISE
    return Outcome.NOT_REACHED


def recognisable_stars(regulation_code: str, level: str, score: Decimal | None) -> int | None:
    """The stars this level may certify for ``score``, or None.

    A province-level product at or above the central threshold (≥ 90) is certified at the province's
    highest rank (4★) and prepared for the central 5★ evaluation; a district forwards without certifying.
    """
    if score is None:
        return None
    rule = rule_for(regulation_code, level)
    stars = stars_for(score)
    if stars in rule.recognises:
        return stars
    if rule.recognises and level != "district" and stars > max(rule.recognises):
        return max(rule.recognises)
    return None
