"""Tests of indexes/scoring/: pure arithmetic, no Django settings or database needed.

Rules and numbers come from the illustrative district set 2023 (DOMAIN.md, sample YAML).
"""

import ast
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexes import scoring
from indexes.scoring import (
    METHODS,
    RULE_TYPES,
    LeafResult,
    RuleError,
    ScoringError,
    TargetResult,
    Threshold,
    Totals,
    TreeNode,
    all_targets_met,
    check_targets,
    check_tree,
    classify,
    evaluate_rule,
    percent,
    rank,
    rollup,
    to_decimal,
    validate_rule,
)

D = Decimal
# No example database in the working tree, no deadline flakiness on slow machines.
quick = settings(database=None, deadline=None)

# --- rules of the sample set (as PyYAML/JSONField hand them over: 0.5 is a float) --------

LEVELS_1_1_1 = {
    "type": "levels",
    "levels": [
        {"label": "Đúng thời hạn", "points": 1},
        {"label": "Chậm", "points": 0.5},
        {"label": "Không ban hành", "points": 0},
    ],
}
BANDS_1_1_2 = {
    "type": "pct_bands",
    "bands": [{"min": 100, "points": 2}, {"min": 80, "points": 1}, {"min": 0, "points": 0}],
}
BANDS_3_3_1 = {
    "type": "pct_bands",
    "bands": [
        {"min": 100, "points": 3},
        {"min": 98, "points": 2},
        {"min": 95, "points": 1},
        {"min": 0, "points": 0},
    ],
}
BANDS_3_1_2 = {
    "type": "pct_bands",
    "bands": [{"min": 100, "points": 1.5}, {"min": 80, "points": 0.75}, {"min": 0, "points": 0}],
}
PROPORTIONAL = {"type": "proportional"}
BOOLEAN_4_1 = {"type": "boolean", "true_points": 2}
COUNT_1_5 = {"type": "count", "per_item": 0.5, "cap": 1}
SURVEY = {"type": "survey_weighted", "weights": {"A": 100, "B": 60, "C": 20, "D": 0}}

SAMPLE_RULES = [
    (LEVELS_1_1_1, D(1)),
    (BANDS_1_1_2, D(2)),
    (BANDS_3_3_1, D(3)),
    (BANDS_3_1_2, D("1.5")),
    (PROPORTIONAL, D(1)),
    (BOOLEAN_4_1, D(2)),
    ({"type": "boolean", "true_points": 1}, D(1)),
    (COUNT_1_5, D(1)),
    (SURVEY, D(3)),
]


def codes(problems):
    return [problem.code for problem in problems]


def test_the_package_imports_nothing_but_the_standard_library_and_itself():
    imported = set()
    for module in Path(scoring.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported |= {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    outside = {name for name in imported if name and not name.startswith("indexes.scoring")}
    roots = {name.split(".")[0] for name in outside}
    assert roots <= set(sys.stdlib_module_names) | {"__future__"}


def test_constants_name_the_methods_and_rule_types_of_the_domain():
    assert METHODS == ("appraisal", "survey", "other")
    assert set(RULE_TYPES) == {
        "levels",
        "pct_bands",
        "proportional",
        "boolean",
        "count",
        "survey_weighted",
    }
    assert D("0.01") == scoring.TWO_PLACES


# --- to_decimal -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["7,5", "7.5", " 7,5 ", "7,50", "+7.5"])
def test_decimal_comma_and_decimal_point_read_the_same_number(text):
    assert to_decimal(text) == D("7.5")


def test_ints_and_decimals_are_kept_exact():
    assert to_decimal(3) == D(3)
    assert to_decimal(D("0.25")) == D("0.25")
    assert to_decimal(",5") == D("0.5")
    assert to_decimal("-1") == D(-1)


@pytest.mark.parametrize("value", [7.5, 0.1, True, False, None, [1]])
def test_floats_bools_and_other_types_are_refused_with_a_type_error(value):
    with pytest.raises(TypeError) as caught:
        to_decimal(value)
    assert isinstance(caught.value, ScoringError)
    assert caught.value.code == "not_a_number"


@pytest.mark.parametrize(
    "text", ["", "abc", "7,5,0", "1.234,5", "1e3", "NaN", "Infinity", "1_000", "--1", "7 5", "٣"]
)
def test_text_that_is_not_a_plain_number_is_refused(text):
    with pytest.raises(ScoringError) as caught:
        to_decimal(text)
    assert caught.value.code == "not_a_number"
    assert caught.value.params == {"value": text}


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), D("-Infinity"), D("sNaN")])
def test_nan_and_infinite_decimals_are_refused(value):
    with pytest.raises(ScoringError) as caught:
        to_decimal(value)
    assert caught.value.code == "not_a_number"


def test_a_problem_carries_its_code_params_and_an_english_message():
    error = RuleError(
        code="band_order", params={"index": 2, "position": 3, "min": 90, "previous": 80}
    )
    assert isinstance(error, ScoringError)
    assert isinstance(error, ValueError)
    assert error.code == "band_order"
    assert error.params["index"] == 2
    assert error.message == "Band 3: minimum 90 % must be below the previous band's 80 %"
    assert str(error) == error.message


def test_a_problem_with_an_unknown_code_or_missing_params_still_has_a_message():
    assert ScoringError("something_new", {"x": 1}).message == "something_new: {'x': 1}"
    assert "sum_mismatch" in ScoringError("sum_mismatch").message
    assert (
        ScoringError("empty_tree", {}, "The set has no criteria").message
        == "The set has no criteria"
    )


def test_params_are_a_fresh_dict_the_caller_may_extend():
    shared = {"parameter": "cap"}
    error = RuleError("missing_parameter", shared)
    error.params.setdefault("code", "1.5")
    assert shared == {"parameter": "cap"}


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
        ({"type": "count", "per_item": 0.5, "cap": -1}, ["points_out_of_range"]),
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


# --- rollup, percent, targets -------------------------------------------------------------


def leaf(code, method, max_points, points, applicable=True):
    return LeafResult(
        code=code,
        field_code=code.split(".")[0],
        method=method,
        max_points=D(max_points),
        points=None if points is None else D(points),
        applicable=applicable,
    )


UNIT_LEAVES = [
    leaf("1.1.1", "appraisal", "1", "1"),
    leaf("1.1.2", "appraisal", "2", "1"),
    leaf("1.7", "survey", "3", "2.16"),
    leaf("3.3.1", "appraisal", "3", None, applicable=False),
    leaf("3.5", "survey", "8", "7.5", applicable=False),
    leaf("8.2", "other", "3", "2"),
    leaf("8.3.1", "other", "3", None),
    leaf("1.5", "appraisal", "1", "0.5"),
]


def test_rollup_adds_points_and_max_per_field_per_method_and_overall():
    result = rollup(UNIT_LEAVES)
    assert result.total == Totals(D("6.66"), D(13))
    assert result.by_field == {
        "1": Totals(D("4.66"), D(7)),
        "3": Totals(D(0), D(0)),
        "8": Totals(D(2), D(6)),
    }
    assert result.by_method == {
        "appraisal": Totals(D("2.5"), D(4)),
        "survey": Totals(D("2.16"), D(3)),
        "other": Totals(D(2), D(6)),
    }


def test_fields_keep_the_order_they_first_appear_in():
    assert list(rollup(UNIT_LEAVES).by_field) == ["1", "3", "8"]


def test_a_leaf_not_scored_yet_counts_zero_points_but_its_max_counts():
    result = rollup([leaf("8.3.1", "other", "3", None)])
    assert result.total == Totals(D(0), D(3))
    assert result.total.pct == D(0)


def test_methods_are_listed_in_a_fixed_order_and_only_when_something_applies():
    result = rollup(
        [leaf("8.2", "other", "3", "3"), leaf("3.5", "survey", "8", None, applicable=False)]
    )
    assert list(result.by_method) == ["other"]
    leaves = [
        leaf("8.2", "other", "3", "3"),
        leaf("1.7", "survey", "3", "3"),
        leaf("1.2", "appraisal", "1", "1"),
    ]
    assert list(rollup(leaves).by_method) == ["appraisal", "survey", "other"]


def test_no_leaves_roll_up_to_zero_of_zero():
    result = rollup([])
    assert result.total == Totals(D(0), D(0))
    assert result.total.pct is None
    assert result.by_field == {}
    assert result.by_method == {}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"max_points": 1.0}, TypeError),
        ({"points": 0.5}, TypeError),
        ({"method": "guess"}, ScoringError),
        ({"points": D("1.5")}, ScoringError),
        ({"points": D("-0.5")}, ScoringError),
        ({"max_points": D(-1), "points": None}, ScoringError),
    ],
)
def test_a_leaf_result_refuses_floats_unknown_methods_and_points_outside_its_max(kwargs, error):
    fields = {
        "code": "1.2",
        "field_code": "1",
        "method": "appraisal",
        "max_points": D(1),
        "points": D(1),
    }
    with pytest.raises(error):
        LeafResult(**{**fields, **kwargs})


def test_percent_of_a_zero_max_is_none():
    assert percent(D(0), D(0)) is None
    assert Totals(D(0), D(0)).pct is None


@pytest.mark.parametrize(
    ("points", "max_points", "pct"),
    [
        (D(2), D(3), D("66.67")),
        (D(1), D(3), D("33.33")),
        (D(1), D(8), D("12.50")),
        (D("86.98"), D(100), D("86.98")),
        (D("0.01"), D(8000), D("0.00")),
        (D("0.01"), D(1600), D("0.00")),  # 0.000625 %
        (D("1"), D(200), D("0.50")),
        (D("0.01"), D(400), D("0.00")),  # 0.0025 %
        (D("0.01"), D(200), D("0.01")),  # 0.005 % rounds half up
        (D(3), D(3), D("100.00")),
    ],
)
def test_percent_is_rounded_half_up_to_two_places(points, max_points, pct):
    assert percent(points, max_points) == pct
    assert percent(points, max_points).as_tuple().exponent == -2


def test_percent_refuses_floats():
    with pytest.raises(TypeError):
        percent(1.0, D(2))


def test_exactly_95_percent_meets_a_95_percent_target():
    assert Totals(D("31.35"), D(33)).meets(D(95)) is True
    assert Totals(D(95), D(100)).meets(95) is True


def test_94_999_percent_does_not_meet_a_95_percent_target():
    assert Totals(D("94.999"), D(100)).meets(D(95)) is False


def test_a_result_displayed_as_95_percent_is_not_rounded_up_to_meet_the_target():
    totals = Totals(D("94.99"), D("99.99"))  # 94.9995 %
    assert totals.pct == D("95.00")
    assert totals.meets(D(95)) is False


def test_a_target_cannot_be_met_or_missed_when_nothing_applies():
    assert Totals(D(0), D(0)).meets(D(90)) is None


def test_totals_refuse_floats():
    with pytest.raises(TypeError):
        Totals(1.5, D(2))
    with pytest.raises(TypeError):
        Totals(D(1), D(2)).meets(95.0)


CITY_TARGETS = {"appraisal": D(100), "survey": D(95), "other": D(90)}


def test_targets_of_the_city_report_met_actual_and_points_missing():
    by_method = {
        "appraisal": Totals(D("58.5"), D(59)),
        "survey": Totals(D(31), D(33)),
        "other": Totals(D("7.2"), D(8)),
    }
    results = check_targets(by_method, CITY_TARGETS)
    assert results == {
        "appraisal": TargetResult("appraisal", D(100), D("99.15"), False, D("0.50")),
        "survey": TargetResult("survey", D(95), D("93.94"), False, D("0.35")),
        "other": TargetResult("other", D(90), D("90.00"), True, D(0)),
    }
    assert all_targets_met(results) is False


def test_points_missing_are_rounded_up_so_that_entering_them_is_enough():
    (result,) = check_targets({"survey": Totals(D("0.9"), D("1.01"))}, {"survey": D(95)}).values()
    assert result.missing_points == D("0.06")  # 0.9595 - 0.9 = 0.0595
    assert Totals(D("0.96"), D("1.01")).meets(D(95)) is True


def test_a_method_without_applicable_leaves_has_no_verdict():
    results = check_targets(
        {"appraisal": Totals(D(59), D(59)), "other": Totals(D(0), D(0))}, CITY_TARGETS
    )
    assert results["survey"] == TargetResult("survey", D(95), None, None, D(0))
    assert results["other"].met is None
    assert results["appraisal"].met is True
    assert all_targets_met(results) is True


def test_all_targets_met_needs_every_measured_target_met():
    met = TargetResult("appraisal", D(100), D(100), True, D(0))
    missed = TargetResult("other", D(90), D("89.99"), False, D("0.01"))
    assert all_targets_met({}) is True
    assert all_targets_met({"appraisal": met}) is True
    assert all_targets_met({"appraisal": met, "other": missed}) is False


@pytest.mark.parametrize("target", [D("100.01"), D(-1)])
def test_a_target_outside_0_to_100_is_refused(target):
    with pytest.raises(ScoringError) as caught:
        check_targets({}, {"survey": target})
    assert caught.value.code == "target_out_of_range"


def test_a_float_target_is_refused():
    with pytest.raises(TypeError):
        check_targets({}, {"survey": 95.0})


# --- classification and ranking ---------------------------------------------------------

NATIONAL = [
    Threshold("A", "Nhóm A", D(90)),
    Threshold("B", "Nhóm B", D(80)),
    Threshold("C", "Nhóm C", D(70)),
    Threshold("D", "Nhóm D", D(0)),
]


@pytest.mark.parametrize(
    ("pct", "code"),
    [
        (D(90), "A"),
        (D("92.18"), "A"),
        (D("89.99"), "B"),
        (D(80), "B"),
        (D("86.98"), "B"),
        (D(70), "C"),
        (D(0), "D"),
    ],
)
def test_a_percent_exactly_on_a_threshold_gets_that_class(pct, code):
    assert classify(pct, NATIONAL).code == code


def test_thresholds_may_be_given_in_any_order():
    assert classify(D(85), list(reversed(NATIONAL))).code == "B"


def test_no_class_without_a_percent_or_below_every_threshold():
    assert classify(None, NATIONAL) is None
    assert (
        classify(D("49.99"), [Threshold("TOT", "Tốt", D(90)), Threshold("TB", "Trung bình", D(50))])
        is None
    )
    assert classify(D(50), []) is None


def test_classification_refuses_floats():
    with pytest.raises(TypeError):
        classify(90.0, NATIONAL)
    with pytest.raises(TypeError):
        Threshold("A", "Nhóm A", 90.0)


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    values = {"Phường 1": D(90), "Phường 2": D(85), "Mỹ Trà": D(85), "Mỹ Ngãi": D(80)}
    assert rank(values) == {"Phường 1": 1, "Phường 2": 2, "Mỹ Trà": 2, "Mỹ Ngãi": 4}


def test_units_without_a_value_have_no_rank_and_do_not_push_others_down():
    assert rank({"a": None, "b": D("70.5"), "c": D("70.50"), "d": D(71)}) == {
        "a": None,
        "b": 2,
        "c": 2,
        "d": 1,
    }


def test_ranking_nothing_gives_nothing_and_floats_are_refused():
    assert rank({}) == {}
    with pytest.raises(TypeError):
        rank({"a": 90.0})


# --- the criteria tree ------------------------------------------------------------------

SAMPLE_TREE = [
    TreeNode("1", None, D(12)),
    TreeNode("1.1", "1", D(3)),
    TreeNode("1.1.1", "1.1", D(1)),
    TreeNode("1.1.2", "1.1", D(2)),
    TreeNode("1.2", "1", D(1)),
    TreeNode("1.3", "1", D(2)),
    TreeNode("1.3.1", "1.3", D(1)),
    TreeNode("1.3.2", "1.3", D(1)),
    TreeNode("1.4", "1", D(1)),
    TreeNode("1.5", "1", D(1)),
    TreeNode("1.6", "1", D(1)),
    TreeNode("1.7", "1", D(3)),
    TreeNode("3", None, D(20)),
    TreeNode("3.1", "3", D(3)),
    TreeNode("3.1.1", "3.1", D("1.5")),
    TreeNode("3.1.2", "3.1", D("1.5")),
    TreeNode("3.2", "3", D(1)),
    TreeNode("3.3", "3", D(7)),
    TreeNode("3.3.1", "3.3", D(3)),
    TreeNode("3.3.2", "3.3", D(2)),
    TreeNode("3.3.3", "3.3", D(1)),
    TreeNode("3.3.4", "3.3", D(1)),
    TreeNode("3.4", "3", D(1)),
    TreeNode("3.5", "3", D(8)),
    TreeNode("10", None, D(0)),
]


def test_the_sample_tree_has_no_problems():
    assert check_tree(SAMPLE_TREE) == []


def test_a_parent_whose_max_is_not_its_childrens_sum_is_reported():
    nodes = [TreeNode("3", None, D(20)), TreeNode("3.1", "3", D("1.5")), TreeNode("3.2", "3", D(1))]
    (problem,) = check_tree(nodes)
    assert problem.code == "sum_mismatch"
    assert problem.params == {"code": "3", "expected": D("2.5"), "actual": D(20)}
    assert problem.message == "3: max points are 20 but its children add up to 2.5"


@pytest.mark.parametrize(
    ("nodes", "expected"),
    [
        ([TreeNode("1", None, D(1)), TreeNode("1", None, D(1))], [("duplicate_code", "1")]),
        ([TreeNode("1.1", "1", D(1))], [("unknown_parent", "1.1")]),
        (
            [TreeNode("2", None, D(1)), TreeNode("1.1", "2", D(1))],
            [("code_not_under_parent", "1.1")],
        ),
        ([TreeNode("1", None, D(1)), TreeNode("11", "1", D(1))], [("code_not_under_parent", "11")]),
        ([TreeNode("1", None, D(1)), TreeNode("1.", "1", D(1))], [("code_not_under_parent", "1.")]),
        ([TreeNode("1.2", None, D(1))], [("root_code_dotted", "1.2")]),
        ([TreeNode("1", None, D(-1))], [("negative_max", "1")]),
        ([TreeNode("1", None, D("0.125"))], [("too_many_decimals", "1")]),
    ],
)
def test_each_tree_problem_names_its_node(nodes, expected):
    assert [(problem.code, problem.params["code"]) for problem in check_tree(nodes)] == expected


def test_a_grandchild_hung_directly_under_a_field_is_reported():
    nodes = [TreeNode("3", None, D(1)), TreeNode("3.3.1", "3", D(1))]
    assert codes(check_tree(nodes)) == ["code_not_under_parent"]


def test_nodes_deeper_than_three_levels_are_reported():
    nodes = [
        TreeNode("1", None, D(1)),
        TreeNode("1.1", "1", D(1)),
        TreeNode("1.1.1", "1.1", D(1)),
        TreeNode("1.1.1.1", "1.1.1", D(1)),
    ]
    (problem,) = check_tree(nodes)
    assert (problem.code, problem.params) == (
        "too_deep",
        {"code": "1.1.1.1", "depth": 4, "max_depth": 3},
    )
    assert check_tree(nodes, max_depth=4) == []


def test_parents_that_loop_are_reported_without_hanging():
    nodes = [TreeNode("1", "2", D(1)), TreeNode("2", "1", D(1))]
    problems = check_tree(nodes)
    assert {"code_not_under_parent", "too_deep"} <= set(codes(problems))


def test_a_duplicate_is_not_counted_twice_in_its_parents_sum():
    nodes = [TreeNode("1", None, D(2)), TreeNode("1.1", "1", D(2)), TreeNode("1.1", "1", D(2))]
    assert codes(check_tree(nodes)) == ["duplicate_code"]


def test_a_tree_node_refuses_a_float_max():
    with pytest.raises(TypeError):
        TreeNode("1", None, 1.5)


# --- properties ---------------------------------------------------------------------------

points_2dp = st.decimals(
    min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False
)


@st.composite
def leaf_results(draw):
    max_points = draw(
        st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False)
    )
    scored = st.decimals(
        min_value=0, max_value=max_points, places=2, allow_nan=False, allow_infinity=False
    )
    return LeafResult(
        code=draw(st.sampled_from(["1.1.1", "1.2", "3.3.1", "5.7", "8.2"])),
        field_code=draw(st.sampled_from(["1", "2", "3", "8"])),
        method=draw(st.sampled_from(METHODS)),
        max_points=max_points,
        points=draw(st.none() | scored),
        applicable=draw(st.booleans()),
    )


def totals_sum(totals):
    return (sum((t.points for t in totals), D(0)), sum((t.max_points for t in totals), D(0)))


@quick
@given(st.lists(leaf_results(), max_size=30))
def test_rolled_up_points_never_exceed_the_max_and_every_view_adds_up_to_the_total(leaves):
    result = rollup(leaves)
    assert 0 <= result.total.points <= result.total.max_points
    pct = result.total.pct
    assert pct is None or 0 <= pct <= 100
    assert (pct is None) == (result.total.max_points == 0)
    whole = (result.total.points, result.total.max_points)
    assert totals_sum(result.by_field.values()) == whole
    assert totals_sum(result.by_method.values()) == whole
    assert set(result.by_method) == {leaf.method for leaf in leaves if leaf.applicable}
    assert set(result.by_field) == {leaf.field_code for leaf in leaves}


@st.composite
def rules_and_values(draw):
    max_points = draw(
        st.decimals(min_value=0, max_value=10, places=2, allow_nan=False, allow_infinity=False)
    )
    rate = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False)
    kind = draw(st.sampled_from(RULE_TYPES))
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


@quick
@given(st.dictionaries(st.integers(0, 20), st.none() | points_2dp, max_size=15))
def test_a_higher_value_never_gets_a_worse_rank(values):
    ranks = rank(values)
    assert list(ranks) == list(values)
    ranked = [(values[key], ranks[key]) for key in values if values[key] is not None]
    for value, place in ranked:
        assert place == 1 + sum(1 for other, _ in ranked if other > value)
        for other, other_place in ranked:
            if value > other:
                assert place < other_place
            elif value == other:
                assert place == other_place
    assert all(ranks[key] is None for key in values if values[key] is None)


@quick
@given(
    st.decimals(min_value="0.01", max_value=100, places=2, allow_nan=False, allow_infinity=False),
    st.data(),
    points_2dp,
)
def test_missing_points_are_zero_exactly_when_met_and_always_enough(max_points, data, target):
    points = data.draw(
        st.decimals(
            min_value=0, max_value=max_points, places=2, allow_nan=False, allow_infinity=False
        )
    )
    (result,) = check_targets({"survey": Totals(points, max_points)}, {"survey": target}).values()
    assert result.met == (result.missing_points == 0)
    assert Totals(points + result.missing_points, max_points).meets(target)
    if result.missing_points > 0:
        assert not Totals(points + result.missing_points - D("0.01"), max_points).meets(target)


@quick
@given(
    st.decimals(
        min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False
    )
)
def test_a_number_written_with_a_decimal_comma_reads_back_exactly(number):
    assert to_decimal(str(number).replace(".", ",")) == number
    assert to_decimal(f" {number} ") == number
