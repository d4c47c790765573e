"""validate_rule: every problem of a leaf's scoring rule, each with its code."""

import pytest

from indexes.scoring import (
    RuleError,
    validate_rule,
)
from tests.indexes.scoring.samples import (
    PROPORTIONAL,
    SAMPLE_RULES,
    D,
    codes,
)

# --- validate_rule ----------------------------------------------------------------------


@pytest.mark.parametrize(("rule", "max_points"), SAMPLE_RULES)
def test_every_rule_of_the_sample_set_is_valid(rule, max_points):
    assert validate_rule(rule, max_points) == []


def test_rule_numbers_may_be_strings_with_a_decimal_comma():
    rule = {"type": "count", "per_item": "0,5", "cap": "1,0"}
    assert validate_rule(rule, D(1)) == []


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ([], "rule_not_mapping"),
        ({}, "missing_parameter"),
        ({"type": ""}, "missing_parameter"),
        ({"type": "lottery"}, "unknown_type"),
        ({"type": ["levels"]}, "unknown_type"),
        ({"type": "levels"}, "levels_empty"),
        ({"type": "levels", "levels": []}, "levels_empty"),
        ({"type": "levels", "levels": "Đúng thời hạn"}, "levels_empty"),
        ({"type": "pct_bands"}, "bands_empty"),
        ({"type": "pct_bands", "bands": []}, "bands_empty"),
        ({"type": "survey_weighted"}, "weights_empty"),
        ({"type": "survey_weighted", "weights": {}}, "weights_empty"),
        ({"type": "count"}, "missing_parameter"),
    ],
)
def test_a_rule_without_its_type_or_main_parameter_is_reported(rule, code):
    assert codes(validate_rule(rule, D(1))) == [code]


def test_a_missing_type_names_the_parameter():
    (problem,) = validate_rule({}, D(1))
    assert problem.params == {"parameter": "type"}
    assert isinstance(problem, RuleError)


def test_level_labels_must_be_present_and_distinct():
    rule = {
        "type": "levels",
        "levels": [
            {"label": "Chậm", "points": 1},
            {"label": " ", "points": 0.5},
            {"label": "Chậm ", "points": 0},
            {"points": 0},
        ],
    }
    problems = validate_rule(rule, D(1))
    assert codes(problems) == ["level_label_empty", "level_label_duplicate", "level_label_empty"]
    assert problems[1].params == {"index": 2, "position": 3, "label": "Chậm "}


def test_level_points_must_be_numbers_within_the_leaf_max_with_two_decimals():
    rule = {
        "type": "levels",
        "levels": [
            {"label": "a", "points": 1.5},
            {"label": "b", "points": -0.5},
            {"label": "c", "points": 0.125},
            {"label": "d", "points": "nhiều"},
            {"label": "e"},
            "f",
        ],
    }
    problems = validate_rule(rule, D(1))
    assert codes(problems) == [
        "points_out_of_range",
        "points_out_of_range",
        "too_many_decimals",
        "not_a_number",
        "missing_parameter",
        "level_label_empty",
        "missing_parameter",
    ]
    assert problems[0].params == {"parameter": "levels[0].points", "value": D("1.5"), "max": D(1)}
    assert problems[4].params == {"parameter": "levels[4].points"}


def test_bands_must_go_strictly_down_by_minimum():
    rule = {
        "type": "pct_bands",
        "bands": [{"min": 80, "points": 1}, {"min": 90, "points": 2}, {"min": 90, "points": 0}],
    }
    problems = validate_rule(rule, D(2))
    assert codes(problems) == ["band_order", "band_order", "last_band_not_zero"]
    assert problems[0].params == {"index": 1, "position": 2, "min": D(90), "previous": D(80)}


def test_band_minimums_must_be_percentages():
    rule = {
        "type": "pct_bands",
        "bands": [{"min": 120, "points": 1}, {"min": 50, "points": 0.5}, {"min": -10, "points": 0}],
    }
    problems = validate_rule(rule, D(1))
    assert codes(problems) == [
        "band_min_out_of_range",
        "band_min_out_of_range",
        "last_band_not_zero",
    ]


def test_the_last_band_must_start_at_zero_so_that_every_rate_falls_in_a_band():
    rule = {"type": "pct_bands", "bands": [{"min": 100, "points": 1}, {"min": 50, "points": 0}]}
    (problem,) = validate_rule(rule, D(1))
    assert (problem.code, problem.params) == ("last_band_not_zero", {"min": D(50)})


def test_band_points_must_fit_the_leaf_and_band_parts_must_be_present():
    rule = {"type": "pct_bands", "bands": [{"min": 100, "points": 3}, {"min": 0}, 7]}
    assert codes(validate_rule(rule, D(2))) == [
        "points_out_of_range",
        "missing_parameter",
        "missing_parameter",
        "missing_parameter",
    ]


def test_boolean_true_points_default_to_the_max_and_may_not_exceed_it():
    assert validate_rule({"type": "boolean"}, D(2)) == []
    (problem,) = validate_rule({"type": "boolean", "true_points": 3}, D(2))
    assert problem.code == "points_out_of_range"
    assert codes(validate_rule({"type": "boolean", "true_points": "có"}, D(2))) == ["not_a_number"]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"type": "count", "per_item": 0, "cap": 1}, ["per_item_not_positive"]),
        ({"type": "count", "per_item": -0.5}, ["per_item_not_positive"]),
        ({"type": "count", "per_item": 0.125}, ["too_many_decimals"]),
        ({"type": "count", "per_item": 0.5, "cap": 2}, ["points_out_of_range"]),
        ({"type": "count", "per_item": 0.5, "cap": -1}, ["cap_sign"]),
        ({"type": "count", "cap": 1}, ["missing_parameter"]),
        ({"type": "count", "per_item": 0.5}, []),
    ],
)
def test_count_needs_a_positive_amount_per_item_and_a_cap_within_the_max(rule, expected):
    assert codes(validate_rule(rule, D(1))) == expected


def test_survey_weights_are_percentages_of_named_options():
    rule = {"type": "survey_weighted", "weights": {"A": 100, "B": 120, "C": -20, "": 0, "D": None}}
    problems = validate_rule(rule, D(3))
    assert codes(problems) == [
        "weight_out_of_range",
        "weight_out_of_range",
        "weight_option_empty",
        "missing_parameter",
    ]
    assert problems[0].params == {"option": "B", "value": D(120)}


def test_every_problem_of_a_rule_is_reported_at_once():
    rule = {
        "type": "pct_bands",
        "bands": [{"min": 50, "points": 5}, {"min": 90, "points": 0.333}],
    }
    assert codes(validate_rule(rule, D(2))) == [
        "points_out_of_range",
        "too_many_decimals",
        "band_order",
        "last_band_not_zero",
    ]


def test_a_float_max_is_refused_with_a_type_error():
    with pytest.raises(TypeError):
        validate_rule(PROPORTIONAL, 1.0)
