"""attainable_points: the points each kind of rule can give, and never fewer than it gives."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexes.scoring import attainable_points, evaluate_rule
from tests.indexes.scoring.samples import (
    BANDS_3_1_2,
    BOOLEAN_4_1,
    COUNT_1_5,
    LEVELS_1_1_1,
    PROPORTIONAL,
    SURVEY,
    D,
    quick,
)

EXPLICIT_BANDS = {
    "type": "pct_bands",
    "bands": [
        {"min": 90, "min_inclusive": False, "points": 2},
        {"min": 70, "max": 90, "points": 1},
        {"max": 70, "max_inclusive": False, "points": 0},
    ],
}
COUNTS_BANDS = {
    "type": "counts",
    "numerator": "Hồ sơ đúng hạn",
    "denominator": "Tổng số hồ sơ",
    "floor": 50,
    "if_none": 1.5,
    "bands": [{"min": 95, "points": 2}, {"min": 80, "points": 1.25}, {"min": 0, "points": 0.5}],
}
COUNTS_PROPORTIONAL = {
    "type": "counts",
    "numerator": "Văn bản ký số",
    "denominator": "Văn bản ban hành",
    "floor": 50,
}
DEDUCTION_COUNT = {"type": "count", "per_item": -0.5, "cap": -2}
COMPOSITE = {
    "type": "composite",
    "combine": "weighted",
    "components": [{"code": "a", "weight": 40}, {"code": "b", "weight": 60}],
}
FORMULA = {
    "type": "formula",
    "inputs": [{"name": "dung_han"}, {"name": "ke_hoach"}],
    "expression": "min(dung_han / ke_hoach * 4, 4)",
}


@pytest.mark.parametrize(
    ("rule", "maximum", "minimum", "given_points", "refused"),
    [
        (LEVELS_1_1_1, "1", "0", ["1", "0.5", "0"], ["0.7", "0.25", "0.99"]),
        (BANDS_3_1_2, "1.5", "0", ["1.5", "0.75", "0"], ["1", "0.5"]),
        (EXPLICIT_BANDS, "2", "0", ["2", "1", "0"], ["1.5", "0.5"]),
        (BOOLEAN_4_1, "2", "0", ["2", "0"], ["1", "0.3"]),
        ({"type": "boolean"}, "1", "0", ["1", "0"], ["0.3", "0.5"]),
        (COUNT_1_5, "1", "0", ["0", "0.5", "1"], ["0.7", "0.3", "0.25"]),
        ({"type": "count", "per_item": 0.3}, "1", "0", ["0.3", "0.9", "1"], ["0.5", "0.95"]),
        ({"type": "count", "per_item": 0.25, "cap": 5}, "5", "0", ["4.75", "2.5", "5"], ["4.8"]),
        (DEDUCTION_COUNT, "0", "-2", ["0", "-0.5", "-2"], ["-0.3", "-1.25"]),
        (PROPORTIONAL, "2", "0", ["0", "0.37", "2"], []),
        (SURVEY, "4", "0", ["0", "3.8", "4"], []),
        ({"type": "survey_weighted", "weights": {"A": 100, "B": 50}}, "4", "0", ["2"], ["1.99"]),
        (COMPOSITE, "5", "0", ["0", "4.21", "5"], []),
        (COUNTS_BANDS, "2", "0", ["2", "1.25", "0.5", "0", "1.5"], ["1", "0.75"]),
        (COUNTS_PROPORTIONAL, "2", "0", ["0", "1", "1.73", "2"], ["0.5", "0.99"]),
        (FORMULA, "4", "0", ["0", "2.66", "4"], []),
    ],
)
def test_each_rule_gives_its_own_points_and_no_others(
    rule, maximum, minimum, given_points, refused
):
    allowed = attainable_points(rule, D(maximum), D(minimum))
    assert all(D(points) in allowed for points in given_points)
    assert not any(D(points) in allowed for points in refused)


def test_a_broken_rule_or_no_rule_leaves_the_leafs_range():
    broken = {"type": "levels", "levels": []}
    for rule in (broken, None, {}):
        allowed = attainable_points(rule, D(2))
        assert D("1.37") in allowed and D(0) in allowed and D(2) in allowed


# --- never refusing what the form gives: every input's points are attainable -------------

rates = st.decimals(min_value=0, max_value=100, places=3)


@quick
@given(rate=rates)
def test_every_rate_scores_points_the_band_rules_allow(rate):
    for rule, maximum in ((BANDS_3_1_2, D("1.5")), (EXPLICIT_BANDS, D(2)), (PROPORTIONAL, D(2))):
        assert evaluate_rule(rule, rate, maximum) in attainable_points(rule, maximum)


@quick
@given(count=st.integers(min_value=0, max_value=50))
def test_every_count_scores_points_the_count_rules_allow(count):
    rules = (
        (COUNT_1_5, D(1), D(0)),
        ({"type": "count", "per_item": 0.3}, D(1), D(0)),
        ({"type": "count", "per_item": 0.25, "cap": 5}, D(5), D(0)),
        (DEDUCTION_COUNT, D(0), D(-2)),
    )
    for rule, maximum, minimum in rules:
        points = evaluate_rule(rule, count, maximum, minimum)
        assert points in attainable_points(rule, maximum, minimum)


@quick
@given(total=st.integers(min_value=0, max_value=400), share=st.fractions(0, 1))
def test_every_pair_of_counts_scores_points_the_counts_rules_allow(total, share):
    done = int(total * share)
    value = {"numerator": done, "denominator": total}
    for rule in (COUNTS_BANDS, COUNTS_PROPORTIONAL):
        assert evaluate_rule(rule, value, D(2)) in attainable_points(rule, D(2))


@quick
@given(shares=st.lists(st.integers(min_value=0, max_value=100), min_size=4, max_size=4))
def test_every_survey_result_scores_points_the_survey_rules_allow(shares):
    if sum(shares) == 0:
        return
    # Shares that add up to exactly 100 %, the rounding put on the largest one.
    scaled = [(Decimal(share) * 100 / sum(shares)).quantize(Decimal("0.0001")) for share in shares]
    largest = scaled.index(max(scaled))
    scaled[largest] += 100 - sum(scaled)
    value = dict(zip("ABCD", scaled, strict=True))
    assert evaluate_rule(SURVEY, value, D(4)) in attainable_points(SURVEY, D(4))
    mix = {"a": scaled[0], "b": scaled[1]}
    assert evaluate_rule(COMPOSITE, mix, D(5)) in attainable_points(COMPOSITE, D(5))


@pytest.mark.parametrize("level", [0, 1, 2])
def test_every_level_and_each_answer_scores_allowed_points(level):
    assert evaluate_rule(LEVELS_1_1_1, level, D(1)) in attainable_points(LEVELS_1_1_1, D(1))
    for done in (True, False):
        assert evaluate_rule(BOOLEAN_4_1, done, D(2)) in attainable_points(BOOLEAN_4_1, D(2))
