from decimal import Decimal

import pytest

from evaluation import rules


@pytest.mark.parametrize(
    "score,stars",
    [
        ("0", 1),
        ("29.99", 1),
        ("30", 2),
        ("49.99", 2),
        ("50", 3),
        ("69.99", 3),
        ("70", 4),
        ("89.99", 4),
        ("90", 5),
        ("100", 5),
    ],
)
def test_star_band_edges(score, stars):
    assert rules.stars_for(Decimal(score)) == stars


def test_average_is_exact_and_rounds_half_up_to_two_places():
    assert rules.average([Decimal("70"), Decimal("69.99"), Decimal("69.99")]) == Decimal("69.99")  # 69.9933…
    assert rules.average([Decimal("69.99"), Decimal("70.00")]) == Decimal("70.00")  # 69.995 → 70.00 (half up)
    assert rules.average([Decimal("69.98"), Decimal("70.00")]) == Decimal("69.99")
    assert rules.average([]) is None


@pytest.mark.django_db  # the level-authority table is data (evaluation.models.profiles)
@pytest.mark.parametrize(
    "regulation,level,score,outcome,certify",
    [
        # 148/2023: district recognises 3★ and forwards ≥ 70
        ("148-2023", "district", "49.99", "not_reached", None),
        ("148-2023", "district", "50", "recognise", 3),
        ("148-2023", "district", "69.99", "recognise", 3),
        ("148-2023", "district", "70", "forward", None),
        ("148-2023", "district", "95", "forward", None),
        # 148/2023: province recognises 4★, prepares ≥ 90 for central
        ("148-2023", "province", "69.99", "not_reached", None),
        ("148-2023", "province", "70", "recognise", 4),
        ("148-2023", "province", "89.99", "recognise", 4),
        ("148-2023", "province", "90", "forward", 4),
        ("148-2023", "central", "90", "recognise", 5),
        ("148-2023", "central", "89.99", "not_reached", None),
        # 1048/2019: district only screens (≥ 50 goes up); province recognises 3★–4★; ≥ 90 central
        ("1048-2019", "district", "49.99", "not_reached", None),
        ("1048-2019", "district", "50", "forward", None),
        ("1048-2019", "district", "85", "forward", None),
        ("1048-2019", "province", "29.99", "not_reached", None),
        ("1048-2019", "province", "49.99", "not_reached", None),
        ("1048-2019", "province", "50", "recognise", 3),
        ("1048-2019", "province", "70", "recognise", 4),
        ("1048-2019", "province", "89.99", "recognise", 4),
        ("1048-2019", "province", "90", "forward", 4),
        ("1048-2019", "province", "100", "forward", 4),
    ],
)
def test_outcomes_per_regulation_and_level(regulation, level, score, outcome, certify):
    assert rules.outcome_for(regulation, level, Decimal(score)) == outcome
    assert rules.recognisable_stars(regulation, level, Decimal(score)) == certify


@pytest.mark.parametrize("score", ["100.01", "-1", "-0.01", "1000", "NaN", "Infinity"])
def test_star_band_refuses_scores_outside_0_to_100(score):
    with pytest.raises(ValueError, match="between 0 and 100"):
        rules.stars_for(Decimal(score))


@pytest.mark.parametrize("score", [None, 85.5, "85", True])
def test_star_band_refuses_what_is_not_a_decimal(score):
    with pytest.raises(ValueError):
        rules.stars_for(score)


@pytest.mark.django_db
def test_outcome_of_an_out_of_range_average_is_refused_not_banded():
    with pytest.raises(ValueError):
        rules.outcome_for("148-2023", "province", Decimal("100.01"))
    with pytest.raises(ValueError):
        rules.recognisable_stars("148-2023", "district", Decimal("-1"))
