"""The rules real published sets write: exact band edges, two counts, formulas, composite
survey leaves, deductions per occurrence, bonuses outside the maximum."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexes.scoring import (
    BONUS,
    DEDUCTION,
    Bounds,
    LeafResult,
    RuleError,
    TreeNode,
    check_tree,
    evaluate_rule,
    rollup,
    validate_rule,
)
from indexes.scoring.bands import normalize_bands
from tests.indexes.scoring.samples import FOUR_LEVELS, codes, quick

# "trên 90 %: 2 điểm; từ 70 % đến 90 %: 1 điểm; dưới 70 %: 0 điểm"
WORDS = {
    "type": "pct_bands",
    "bands": [
        {"min": 90, "min_inclusive": False, "points": 2},
        {"min": 70, "max": 90, "points": 1},
        {"max": 70, "max_inclusive": False, "points": 0},
    ],
}


@pytest.mark.parametrize(
    ("rate", "points"),
    [("100", "2"), ("90.005", "2"), ("90", "1"), ("70", "1"), ("69.999", "0"), ("0", "0")],
)
def test_band_edges_score_as_the_text_says(rate, points):
    assert validate_rule(WORDS, D(2)) == []
    assert evaluate_rule(WORDS, rate, D(2)) == D(points)


@pytest.mark.parametrize(
    ("bands", "problem"),
    [
        ([{"min": 90, "points": 2}, {"max": 80, "points": 0}], "bands_gap"),
        ([{"min": 70, "points": 2}, {"max": 80, "points": 0}], "bands_overlap"),
        ([{"min": 90, "points": 2}, {"max": 90, "points": 0}], "bands_overlap"),
        (
            [
                {"min": 90, "min_inclusive": False, "points": 2},
                {"max": 90, "max_inclusive": False, "points": 0},
            ],  # noqa: E501
            "bands_gap",
        ),
        ([{"min": 50, "max": 40, "points": 1}, {"points": 0}], "band_empty"),
        ([{"min": 0, "max": 120, "points": 1}], "band_bound_out_of_range"),
        ([{"min": 0, "points": 1, "to": 50}], "band_unknown_key"),
    ],
)
def test_gapped_overlapping_or_malformed_bands_are_refused(bands, problem):
    assert problem in codes(validate_rule({"type": "pct_bands", "bands": bands}, D(2)))


@st.composite
def partitions(draw):
    """Bands covering 0-100 % exactly once: cut points, each edge given to one side."""
    cuts = sorted(draw(st.sets(st.integers(1, 99), max_size=4)))
    edges = [0, *cuts, 100]
    points = sorted(
        draw(st.lists(st.integers(0, 4), min_size=len(edges) - 1, max_size=len(edges) - 1))
    )
    bands, low_in = [], True
    for index in range(len(edges) - 1):
        last = index == len(edges) - 2
        high_in = True if last else draw(st.booleans())
        bands.append(
            {
                "min": edges[index],
                "max": edges[index + 1],
                "min_inclusive": low_in,
                "max_inclusive": high_in,
                "points": points[index],
            }  # fmt: skip
        )
        low_in = not high_in
    return bands


rates = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False)


@quick
@given(bands=partitions(), low=rates, high=rates)
def test_bands_that_cover_every_rate_once_score_within_range_and_monotone(bands, low, high):
    rule = {"type": "pct_bands", "bands": bands}
    assert validate_rule(rule, D(4)) == []
    low, high = sorted((low, high))
    assert 0 <= evaluate_rule(rule, low, D(4)) <= evaluate_rule(rule, high, D(4)) <= 4


@quick
@given(mins=st.sets(st.integers(1, 99), max_size=4), rate=rates)
def test_the_older_band_shape_scores_as_its_explicit_form(mins, rate):
    legacy = [{"min": low, "points": index} for index, low in enumerate(sorted(mins, reverse=True))]
    legacy.append({"min": 0, "points": len(legacy)})
    explicit = normalize_bands(legacy)
    points = D(len(legacy))
    assert evaluate_rule({"type": "pct_bands", "bands": legacy}, rate, points) == evaluate_rule(
        {"type": "pct_bands", "bands": explicit}, rate, points
    )


# --- two counts ---------------------------------------------------------------------------

ON_TIME = {
    "type": "counts",
    "numerator": "Hồ sơ giải quyết đúng hạn",
    "denominator": "Tổng số hồ sơ tiếp nhận",
    "bands": WORDS["bands"],
}


def test_counts_score_the_exact_rate_and_nothing_received_earns_the_max():
    assert validate_rule(ON_TIME, D(2)) == []
    assert evaluate_rule(ON_TIME, {"numerator": 181, "denominator": 200}, D(2)) == D(2)  # 90.5 %
    assert evaluate_rule(ON_TIME, {"numerator": 180, "denominator": 200}, D(2)) == D(1)  # 90 %
    assert evaluate_rule(ON_TIME, {"numerator": 0, "denominator": 0}, D(2)) == D(2)
    none_is_zero = {**ON_TIME, "if_none": 0}
    assert evaluate_rule(none_is_zero, {"numerator": 0, "denominator": 0}, D(2)) == D(0)


def test_counts_refuse_more_done_than_received_and_half_records():
    with pytest.raises(RuleError) as caught:
        evaluate_rule(ON_TIME, {"numerator": 5, "denominator": 4}, D(2))
    assert caught.value.code == "numerator_above_denominator"
    with pytest.raises(RuleError) as caught:
        evaluate_rule(ON_TIME, {"numerator": "2,5", "denominator": 4}, D(2))
    assert caught.value.code == "not_a_whole_number"


def test_proportional_counts_with_a_floor():
    rule = {"type": "counts", "numerator": "Đã ký số", "denominator": "Đã ban hành", "floor": 50}
    assert evaluate_rule(rule, {"numerator": 49, "denominator": 100}, D(2)) == D(0)
    assert evaluate_rule(rule, {"numerator": 75, "denominator": 100}, D(2)) == D("1.50")


@quick
@given(total=st.integers(1, 500), a=st.integers(0, 500), b=st.integers(0, 500))
def test_counts_are_monotone_in_what_was_done(total, a, b):
    low, high = sorted((min(a, total), min(b, total)))
    score = [
        evaluate_rule(ON_TIME, {"numerator": n, "denominator": total}, D(2)) for n in (low, high)
    ]
    assert 0 <= score[0] <= score[1] <= 2


# --- formulas -----------------------------------------------------------------------------

FORMULA = {
    "type": "formula",
    "inputs": [{"name": "dung_han", "label": "Đúng hạn"}, {"name": "tong", "label": "Tổng"}],
    "expression": "min(dung_han / tong * 2.5, 2)",
}


def test_a_formula_computes_in_exact_decimals():
    assert validate_rule(FORMULA, D(2)) == []
    assert evaluate_rule(FORMULA, {"dung_han": "3", "tong": "10"}, D(2)) == D("0.75")
    assert evaluate_rule(FORMULA, {"dung_han": 10, "tong": 10}, D(2)) == D(2)


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("dung_han / khac", "formula_unknown_name"),
        ("dung_han +", "formula_syntax"),
        ("__import__('os').system('true')", "formula_unknown_name"),
        ("open('x')", "formula_unknown_name"),
        ("dung_han.real", "formula_invalid"),
        ("'text'", "formula_not_a_number"),
    ],
)
def test_a_broken_or_unsafe_formula_is_refused_at_import(expression, problem):
    assert problem in codes(validate_rule({**FORMULA, "expression": expression}, D(2)))


def test_a_division_by_zero_is_a_problem_for_the_person_not_a_crash():
    with pytest.raises(RuleError) as caught:
        evaluate_rule(FORMULA, {"dung_han": 1, "tong": 0}, D(2))
    assert caught.value.code == "formula_division_by_zero"


# --- composite survey leaves ------------------------------------------------------------

SIPAS = {
    "type": "composite",
    "combine": "weighted",
    "components": [
        {"code": "tiep_can", "label": "Tiếp cận dịch vụ", "weight": 20},
        {"code": "thu_tuc", "label": "Thủ tục hành chính", "weight": 20},
        {"code": "cong_chuc", "label": "Công chức", "weight": 30},
        {"code": "ket_qua", "label": "Kết quả", "weight": 20},
        {"code": "phan_anh", "label": "Tiếp nhận phản ánh", "weight": 10},
    ],
}
SHARES = {"tiep_can": 80, "thu_tuc": 90, "cong_chuc": 85, "ket_qua": "88,5", "phan_anh": 70}


def test_a_composite_leaf_weights_its_components():
    assert validate_rule(SIPAS, D(4)) == []
    # (16 + 18 + 25.5 + 17.7 + 7) % = 84.2 % of 4 points
    assert evaluate_rule(SIPAS, SHARES, D(4)) == D("3.37")
    average = {**SIPAS, "combine": "average"}
    assert evaluate_rule(average, SHARES, D(4)) == D("3.31")  # 82.7 %


def test_composite_weights_must_add_up_and_every_component_be_given():
    wrong = {**SIPAS, "components": [{**c, "weight": 10} for c in SIPAS["components"]]}
    assert codes(validate_rule(wrong, D(4))) == ["weights_sum"]
    with pytest.raises(RuleError) as caught:
        evaluate_rule(SIPAS, {**SHARES, "phan_anh": ""}, D(4))
    assert caught.value.code == "missing_component"


# --- deductions and bonuses ---------------------------------------------------------------

LATE_REPORTS = {"type": "count", "per_item": -0.5, "cap": -2}


def test_a_deduction_takes_points_per_occurrence_up_to_its_cap():
    assert validate_rule(LATE_REPORTS, D(0), D(-2)) == []
    assert evaluate_rule(LATE_REPORTS, 3, D(0), D(-2)) == D("-1.50")
    assert evaluate_rule(LATE_REPORTS, 9, D(0), D(-2)) == D("-2.00")
    assert evaluate_rule(LATE_REPORTS, 0, D(0), D(-2)) == D(0)


def test_a_deduction_with_a_cap_of_the_wrong_sign_is_refused():
    assert codes(validate_rule({**LATE_REPORTS, "cap": 2}, D(0), D(-2))) == ["cap_sign"]
    assert "per_item_not_negative" in codes(
        validate_rule({"type": "count", "per_item": 0.5}, D(0), D(-2))
    )


def _leaf(code, points, max_points="10", kind="normal", min_points="0"):
    return LeafResult(
        code=code, field_code="1", method="appraisal", max_points=D(max_points),
        points=D(points), kind=kind, min_points=D(min_points),
    )  # fmt: skip


def test_bonuses_and_deductions_count_outside_the_maximum_within_the_sets_bounds():
    leaves = [
        _leaf("1.1", "9.5"),
        _leaf("1.2", "1", max_points="1", kind=BONUS),
        _leaf("1.3", "-0.5", max_points="0", kind=DEDUCTION, min_points="-2"),
    ]
    kept = rollup(leaves).total
    assert (kept.points, kept.max_points) == (D("10"), D("10"))  # 10 of 10: not above 100 %
    free = rollup(leaves, Bounds(may_exceed_max=True)).total
    assert (free.points, free.pct) == (D("10"), D("100.00"))
    lifted = rollup([*leaves[:2]], Bounds(may_exceed_max=True)).total
    assert lifted.pct == D("105.00")
    sunk = rollup([_leaf("1.1", "1"), _leaf("1.3", "-2", "0", DEDUCTION, "-2")]).total
    assert sunk.points == 0
    assert rollup([_leaf("1.1", "1"), _leaf("1.3", "-2", "0", DEDUCTION, "-2")],
                  Bounds(may_fall_below_zero=True)).total.points == D(-1)  # fmt: skip


def test_the_tree_keeps_bonus_and_deduction_nodes_out_of_the_sums():
    nodes = [
        TreeNode("1", None, D(10)),
        TreeNode("1.1", "1", D(10)),
        TreeNode("1.2", "1", D(1), kind=BONUS),
        TreeNode("1.3", "1", D(0), kind=DEDUCTION, min_points=D(-2)),
        TreeNode("9", None, D(0), kind=DEDUCTION, min_points=D(-3)),
        TreeNode("9.1", "9", D(0), kind=DEDUCTION, min_points=D(-1)),
        TreeNode("9.2", "9", D(0), kind=DEDUCTION, min_points=D(-2)),
    ]
    assert check_tree(nodes) == []
    wrong = [*nodes[:4], TreeNode("9", None, D(0), kind=DEDUCTION, min_points=D(-1)), *nodes[5:]]
    assert codes(check_tree(wrong)) == ["min_sum_mismatch"]
    mixed = [*nodes[:5], TreeNode("9.1", "9", D(1)), nodes[6]]
    assert "kind_under_other_kind" in codes(check_tree(mixed))


def test_four_levels_when_the_set_declares_them():
    assert codes(check_tree(FOUR_LEVELS)) == ["too_deep"]
    assert check_tree(FOUR_LEVELS, max_depth=4) == []


# --- properties of the other new rules and of the kinds of node ---------------------------

THREE_PARTS = {
    "type": "composite",
    "combine": "weighted",
    "components": [
        {"code": "a", "label": "A", "weight": 20},
        {"code": "b", "label": "B", "weight": 30},
        {"code": "c", "label": "C", "weight": 50},
    ],
}
PERCENT = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)


@quick
@given(shares=st.lists(PERCENT, min_size=3, max_size=3), more=PERCENT, which=st.sampled_from("abc"))
def test_a_composite_stays_within_its_max_and_grows_with_each_component(shares, more, which):
    value = dict(zip("abc", shares, strict=True))
    points = evaluate_rule(THREE_PARTS, value, D(20))
    higher = evaluate_rule(THREE_PARTS, {**value, which: max(value[which], more)}, D(20))
    assert D(0) <= points <= higher <= D(20)


@quick
@given(count=st.integers(0, 1000), extra=st.integers(0, 1000))
def test_a_deduction_count_takes_more_with_more_occurrences_and_stops_at_its_cap(count, extra):
    rule = {"type": "count", "per_item": -0.5, "cap": -2}
    fewer = evaluate_rule(rule, count, D(0), D(-2))
    more = evaluate_rule(rule, count + extra, D(0), D(-2))
    assert D(-2) <= more <= fewer <= D(0)


POINTS = st.decimals(min_value=0, max_value=5, places=2, allow_nan=False)


@quick
@given(normal=POINTS, bonus=POINTS, deduction=POINTS, exceed=st.booleans(), below=st.booleans())
def test_totals_stay_within_0_and_the_max_unless_the_set_allows_more(
    normal, bonus, deduction, exceed, below
):
    leaves = [
        LeafResult("1.1", "1", "appraisal", D(5), normal),
        LeafResult("1.2", "1", "appraisal", D(0), -deduction, kind=DEDUCTION, min_points=D(-5)),
        LeafResult("2.1", "2", "appraisal", D(5), bonus, kind=BONUS),
    ]
    total = rollup(leaves, Bounds(may_exceed_max=exceed, may_fall_below_zero=below)).total
    assert total.max_points == D(5)  # only the normal leaf counts in the maximum
    expected = normal + bonus - deduction
    if not exceed:
        expected = min(expected, D(5))
    if not below:
        expected = max(expected, D(0))
    assert total.points == expected
