"""evaluate_rule: the points a value earns under each kind of rule."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexes.scoring import (
    RuleError,
    evaluate_rule,
    validate_rule,
)
from tests.indexes.scoring.samples import (
    BANDS_3_1_2,
    BANDS_3_3_1,
    BOOLEAN_4_1,
    COUNT_1_5,
    LEVELS_1_1_1,
    PROPORTIONAL,
    SURVEY,
    D,
    points_2dp,
    quick,
)

# The rules scored from one input; the rules with several inputs have their own tests.
ONE_INPUT_TYPES = ("levels", "pct_bands", "proportional", "boolean", "count", "survey_weighted")

# --- evaluate_rule ----------------------------------------------------------------------


def test_rate_of_96_in_bands_100_98_95_gives_one_point():
    assert evaluate_rule(BANDS_3_3_1, D(96), D(3)) == D("1")


@pytest.mark.parametrize(
    ("rate", "points"),
    [
        (D(100), D(3)),
        (D("99.99"), D(2)),
        (D(98), D(2)),
        (D("97.999"), D(1)),
        (D(95), D(1)),
        (D("94.99"), D(0)),
        (D(0), D(0)),
        ("98,5", D(2)),
        (100, D(3)),
    ],
)
def test_a_rate_exactly_on_a_band_minimum_gets_that_band(rate, points):
    assert evaluate_rule(BANDS_3_3_1, rate, D(3)) == points


def test_band_points_with_decimals_come_from_the_rule_as_written():
    assert evaluate_rule(BANDS_3_1_2, D(85), D("1.5")) == D("0.75")
    assert evaluate_rule(BANDS_3_1_2, D(100), D("1.5")) == D("1.50")


@pytest.mark.parametrize("rate", [D("100.01"), D(-1), "101", D("-0.01")])
def test_a_rate_outside_0_to_100_is_refused(rate):
    with pytest.raises(RuleError) as caught:
        evaluate_rule(BANDS_3_3_1, rate, D(3))
    assert caught.value.code == "rate_out_of_range"


def test_a_rate_as_float_is_refused_with_a_type_error():
    with pytest.raises(TypeError):
        evaluate_rule(BANDS_3_3_1, 96.0, D(3))
    with pytest.raises(TypeError):
        evaluate_rule(PROPORTIONAL, 50.0, D(1))


def test_a_rate_that_is_not_a_number_is_a_rule_error_with_its_code():
    with pytest.raises(RuleError) as caught:
        evaluate_rule(BANDS_3_3_1, "chín mươi", D(3))
    assert caught.value.code == "not_a_number"


@pytest.mark.parametrize(
    ("rate", "max_points", "points"),
    [
        (D("87.5"), D(1), D("0.88")),  # 0.875 rounds half up
        (D(95), D(2), D("1.90")),
        (D("82.66"), D(8), D("6.61")),  # 6.6128
        (D(100), D(2), D(2)),
        (D(0), D(2), D(0)),
        ("12,5", D(1), D("0.13")),
    ],
)
def test_proportional_points_are_the_rate_times_the_max_rounded_half_up(rate, max_points, points):
    assert evaluate_rule(PROPORTIONAL, rate, max_points) == points


def test_a_level_is_chosen_by_label_or_by_position():
    assert evaluate_rule(LEVELS_1_1_1, "Đúng thời hạn", D(1)) == D(1)
    assert evaluate_rule(LEVELS_1_1_1, "Chậm", D(1)) == D("0.5")
    assert evaluate_rule(LEVELS_1_1_1, " Chậm ", D(1)) == D("0.5")
    assert evaluate_rule(LEVELS_1_1_1, 2, D(1)) == D(0)
    assert evaluate_rule(LEVELS_1_1_1, 1, D(1)) == D("0.50")


@pytest.mark.parametrize("value", ["Sớm", 3, -1])
def test_an_unknown_level_is_refused(value):
    with pytest.raises(RuleError) as caught:
        evaluate_rule(LEVELS_1_1_1, value, D(1))
    assert caught.value.code == "unknown_level"


@pytest.mark.parametrize("value", [True, 1.0, None])
def test_a_level_given_as_bool_float_or_nothing_is_a_type_error(value):
    with pytest.raises(TypeError):
        evaluate_rule(LEVELS_1_1_1, value, D(1))


def test_boolean_done_gives_its_points_and_not_done_gives_zero():
    assert evaluate_rule(BOOLEAN_4_1, True, D(2)) == D(2)
    assert evaluate_rule(BOOLEAN_4_1, False, D(2)) == D(0)
    assert evaluate_rule({"type": "boolean"}, True, D("1.5")) == D("1.5")
    assert evaluate_rule({"type": "boolean", "true_points": 0.5}, True, D(1)) == D("0.5")


@pytest.mark.parametrize("value", ["yes", 1, 0, None])
def test_boolean_accepts_only_true_or_false(value):
    with pytest.raises(TypeError) as caught:
        evaluate_rule(BOOLEAN_4_1, value, D(2))
    assert caught.value.code == "not_a_boolean"


@pytest.mark.parametrize(
    ("count", "points"), [(0, D(0)), (1, D("0.5")), (2, D(1)), (5, D(1)), ("3", D(1))]
)
def test_count_gives_half_a_point_per_initiative_up_to_the_cap(count, points):
    assert evaluate_rule(COUNT_1_5, count, D(1)) == points


def test_count_without_a_cap_is_capped_at_the_max():
    assert evaluate_rule({"type": "count", "per_item": 0.25}, 10, D("1.5")) == D("1.5")


@pytest.mark.parametrize(
    ("count", "code"),
    [(-1, "negative_count"), (D("1.5"), "not_a_whole_number"), ("1,5", "not_a_whole_number")],
)
def test_count_must_be_a_whole_non_negative_number(count, code):
    with pytest.raises(RuleError) as caught:
        evaluate_rule(COUNT_1_5, count, D(1))
    assert caught.value.code == code


def test_count_as_float_or_bool_is_a_type_error():
    for value in (2.0, True):
        with pytest.raises(TypeError):
            evaluate_rule(COUNT_1_5, value, D(1))


def test_survey_points_weight_each_share_of_answers():
    # 3 × (50×100 + 30×60 + 20×20 + 0×0) / 10000 = 3 × 0.72
    shares = {"A": 50, "B": 30, "C": 20, "D": 0}
    assert evaluate_rule(SURVEY, shares, D(3)) == D("2.16")


def test_survey_options_nobody_chose_may_be_left_out():
    assert evaluate_rule(SURVEY, {"A": 100}, D(3)) == D(3)
    assert evaluate_rule(SURVEY, {"D": "100"}, D(3)) == D(0)
    assert evaluate_rule(SURVEY, {"A": "33,33", "B": "33,33", "C": "33,34"}, D(4)) == D("2.40")


@pytest.mark.parametrize(
    ("shares", "code"),
    [
        ({"A": 50, "B": 30, "C": 19}, "shares_sum"),
        ({"A": 60, "B": 50}, "shares_sum"),
        ({}, "shares_sum"),
        ({"A": 50, "E": 50}, "unknown_option"),
        ({"A": 150, "B": -50}, "share_out_of_range"),
        ({"A": "một nửa", "B": 50}, "not_a_number"),
    ],
)
def test_survey_shares_must_be_known_options_adding_up_to_100(shares, code):
    with pytest.raises(RuleError) as caught:
        evaluate_rule(SURVEY, shares, D(3))
    assert caught.value.code == code


def test_survey_shares_as_floats_or_not_a_mapping_are_type_errors():
    with pytest.raises(TypeError):
        evaluate_rule(SURVEY, {"A": 50.0, "B": 50}, D(3))
    with pytest.raises(TypeError):
        evaluate_rule(SURVEY, [50, 50], D(3))


def test_a_result_always_has_exactly_two_places():
    assert evaluate_rule(BOOLEAN_4_1, True, D(2)).as_tuple().exponent == -2
    assert str(evaluate_rule(PROPORTIONAL, D(0), D(2))) == "0.00"
    assert str(evaluate_rule(PROPORTIONAL, D("-0"), D(2))) == "0.00"


def test_an_invalid_rule_is_refused_with_its_first_problem():
    with pytest.raises(RuleError) as caught:
        evaluate_rule({"type": "pct_bands", "bands": [{"min": 50, "points": 1}]}, D(70), D(1))
    assert caught.value.code == "last_band_not_zero"


@pytest.mark.parametrize("max_points", [D("-1"), D("1.005")])
def test_a_max_that_is_negative_or_has_three_decimals_is_refused(max_points):
    with pytest.raises(RuleError) as caught:
        evaluate_rule(PROPORTIONAL, D(50), max_points)
    assert caught.value.code == "bad_max_points"


# --- properties ---------------------------------------------------------------------------


@st.composite
def rules_and_values(draw):
    max_points = draw(
        st.decimals(min_value=0, max_value=10, places=2, allow_nan=False, allow_infinity=False)
    )
    rate = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False)
    kind = draw(st.sampled_from(ONE_INPUT_TYPES))
    under_max = st.decimals(
        min_value=0, max_value=max_points, places=2, allow_nan=False, allow_infinity=False
    )
    if kind == "levels":
        points = draw(st.lists(under_max, min_size=1, max_size=4))
        levels = [{"label": f"level {i}", "points": p} for i, p in enumerate(points)]
        return {"type": kind, "levels": levels}, draw(st.integers(0, len(levels) - 1)), max_points
    if kind == "pct_bands":
        mins = sorted(draw(st.sets(st.integers(1, 100), max_size=4)), reverse=True) + [0]
        bands = [{"min": low, "points": draw(under_max)} for low in mins]
        return {"type": kind, "bands": bands}, draw(rate), max_points
    if kind == "proportional":
        return {"type": kind}, draw(rate), max_points
    if kind == "boolean":
        return {"type": kind, "true_points": draw(under_max)}, draw(st.booleans()), max_points
    if kind == "count":
        per_item = draw(
            st.decimals(
                min_value="0.01", max_value=5, places=2, allow_nan=False, allow_infinity=False
            )
        )
        rule = {"type": kind, "per_item": per_item, "cap": draw(under_max)}
        return rule, draw(st.integers(0, 1000)), max_points
    weights = {option: draw(points_2dp) for option in "ABCD"}
    a, b, c = sorted(draw(st.lists(st.integers(0, 10000), min_size=3, max_size=3)))
    shares = {"A": D(a) / 100, "B": D(b - a) / 100, "C": D(c - b) / 100, "D": D(10000 - c) / 100}
    return {"type": kind, "weights": weights}, shares, max_points


@quick
@given(rules_and_values())
def test_a_score_is_always_within_0_and_the_max_with_at_most_two_places(case):
    rule, value, max_points = case
    assert validate_rule(rule, max_points) == []
    points = evaluate_rule(rule, value, max_points)
    assert 0 <= points <= max_points
    assert points == points.quantize(D("0.01"))
