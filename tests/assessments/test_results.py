from decimal import Decimal

import pytest

from assessments.membership import index_set_units
from assessments.results import index_set_results
from indexes.models import MethodNotHeld, NotApplicable
from tests.factories import (
    make_criterion,
    make_deduction_line,
    make_index_set,
    make_score,
    make_unit,
)

pytestmark = pytest.mark.django_db


def score_all(unit, index_set, points: dict[str, str], appraised: dict[str, str] | None = None):
    for code, value in points.items():
        criterion = index_set.criteria.get(code=code)
        make_score(
            unit,
            criterion,
            self_points=Decimal(value),
            appraised_points=Decimal((appraised or {})[code])
            if code in (appraised or {})
            else None,
        )


def result_of(results, unit):
    return next(r for r in results if r.unit == unit)


def test_unit_result_sums_points_per_field_and_method_against_the_targets():
    index_set = make_index_set()
    unit = make_unit()
    score_all(unit, index_set, {"1.1": "2", "1.2.1": "3", "1.2.2": "0.9", "2.1": "3.8"})
    result = result_of(index_set_results(index_set=index_set, basis="self"), unit)
    assert result.rollup.total.points == Decimal("9.7")
    assert result.rollup.total.max_points == Decimal("10")
    assert result.pct == Decimal("97.00")
    assert result.rollup.by_field["1"].points == Decimal("5.9")
    assert result.targets["appraisal"].met is True
    assert result.targets["survey"].met is True  # 3.8 of 4 is exactly 95 %
    assert result.targets["other"].met is True  # 0.9 of 1 is exactly 90 %
    assert result.all_targets_met
    assert result.classification.code == "A"


def test_final_basis_counts_the_appraised_score_where_there_is_one():
    index_set = make_index_set()
    unit = make_unit()
    score_all(unit, index_set, {"1.1": "2", "1.2.1": "3"}, appraised={"1.1": "0"})
    self_result = result_of(index_set_results(index_set=index_set, basis="self"), unit)
    final_result = result_of(index_set_results(index_set=index_set, basis="final"), unit)
    assert self_result.rollup.total.points == Decimal("5")
    assert final_result.rollup.total.points == Decimal("3")
    assert final_result.targets["appraisal"].met is False
    assert final_result.targets["appraisal"].missing_points == Decimal("2")


def test_not_applicable_leaves_leave_both_points_and_max():
    index_set = make_index_set()
    unit = make_unit()
    score_all(unit, index_set, {"1.1": "2", "1.2.1": "1", "1.2.2": "1", "2.1": "4"})
    NotApplicable.objects.create(unit=unit, criterion=index_set.criteria.get(code="1.2"))
    result = result_of(index_set_results(index_set=index_set, basis="self"), unit)
    assert result.rollup.total.max_points == Decimal("6")
    assert result.rollup.total.points == Decimal("6")
    assert "other" not in result.rollup.by_method
    assert result.targets["other"].met is None


def test_units_are_ranked_best_first_with_ties_sharing_a_rank():
    index_set = make_index_set()
    first, tied_a, tied_b, last = (make_unit(name=f"U{i}") for i in range(4))
    score_all(first, index_set, {"1.1": "2", "1.2.1": "3", "1.2.2": "1", "2.1": "4"})
    score_all(tied_a, index_set, {"1.1": "2", "1.2.1": "3"})
    score_all(tied_b, index_set, {"1.1": "2", "2.1": "3"})
    results = index_set_results(index_set=index_set, basis="self")
    assert [(r.unit, r.rank) for r in results] == [(first, 1), (tied_a, 2), (tied_b, 2), (last, 4)]
    assert result_of(results, last).pct == Decimal("0.00")


def test_units_outside_the_set_kinds_or_years_are_left_out():
    from datetime import date

    index_set = make_index_set(year=2025, unit_kinds=["ward"])
    ward = make_unit(kind="ward")
    make_unit(kind="department")
    make_unit(kind="ward", valid_to=date(2024, 12, 31))
    assert list(index_set_units(index_set)) == [ward]


def test_results_take_the_same_number_of_queries_for_3_or_30_units(django_assert_num_queries):
    index_set = make_index_set()
    for _ in range(3):
        score_all(make_unit(), index_set, {"1.1": "2", "1.2.1": "1"})
    with django_assert_num_queries(6) as few:
        index_set_results(index_set=index_set, basis="final")
    for _ in range(27):
        unit = make_unit()
        score_all(unit, index_set, {"1.1": "2", "2.1": "1"})
        NotApplicable.objects.create(unit=unit, criterion=index_set.criteria.get(code="1.2.2"))
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(index_set_results(index_set=index_set, basis="final")) == 30


def deduction_and_bonus_leaves(index_set):
    """Adds to the small tree a deduction line in field 1 (−0,5 per late report, at most
    −2) and a bonus field 3 (up to 1 point outside the 100)."""
    field_1 = index_set.criteria.get(code="1")
    make_deduction_line(index_set, "1.3", field_1)
    bonus = make_criterion(index_set, "3", "1", kind="bonus")
    make_criterion(
        index_set,
        "3.1",
        "1",
        parent=bonus,
        method="appraisal",
        kind="bonus",
        rule={"type": "count", "per_item": 0.5, "cap": 1},
    )


FULL = {"1.1": "2", "1.2.1": "3", "1.2.2": "1", "2.1": "4"}


def test_deduction_and_bonus_leaves_add_their_points_but_no_maximum():
    index_set = make_index_set()
    deduction_and_bonus_leaves(index_set)
    unit = make_unit()
    score_all(unit, index_set, {**FULL, "1.3": "-1.5", "3.1": "0.5"})
    result = result_of(index_set_results(index_set=index_set, basis="self"), unit)
    assert result.rollup.total.points == Decimal("9")  # 10 − 1,5 + 0,5
    assert result.rollup.total.max_points == Decimal("10")
    assert result.pct == Decimal("90.00")
    assert result.rollup.by_field["1"].points == Decimal("4.5")
    assert result.rollup.by_field["1"].max_points == Decimal("6")
    assert result.rollup.by_field["3"].max_points == Decimal("0")


def test_a_bonus_lifts_the_total_above_100_only_where_the_set_allows_it():
    kept = make_index_set()
    allowed = make_index_set(may_exceed_max=True)
    unit = make_unit()
    for index_set in (kept, allowed):
        deduction_and_bonus_leaves(index_set)
        score_all(unit, index_set, {**FULL, "3.1": "1"})
    assert result_of(index_set_results(index_set=kept, basis="self"), unit).pct == Decimal("100.00")
    assert result_of(index_set_results(index_set=allowed, basis="self"), unit).pct == Decimal(
        "110.00"
    )


def test_deductions_take_the_total_below_zero_only_where_the_set_allows_it():
    kept = make_index_set()
    allowed = make_index_set(may_fall_below_zero=True)
    unit = make_unit()
    for index_set in (kept, allowed):
        deduction_and_bonus_leaves(index_set)
        score_all(unit, index_set, {"1.1": "0", "1.2.1": "1", "1.3": "-2"})
    assert result_of(index_set_results(index_set=kept, basis="self"), unit).pct == Decimal("0.00")
    assert result_of(index_set_results(index_set=allowed, basis="self"), unit).pct == Decimal(
        "-10.00"
    )


def test_an_optional_survey_not_held_leaves_the_maximum_and_the_result_is_on_what_was_assessed():
    """The rule of a real set: survey encouraged, not required. A unit with 61,8 of the 70
    appraisal points and no survey scores 61,8 / 70 = 88,29 %, not 61,80 %."""
    index_set = make_index_set(with_tree=False, optional_methods=["survey"])
    field_1 = make_criterion(index_set, "1", "70")
    make_criterion(
        index_set, "1.1", "70", parent=field_1, method="appraisal", rule={"type": "proportional"}
    )
    field_2 = make_criterion(index_set, "2", "30")
    make_criterion(
        index_set, "2.1", "30", parent=field_2, method="survey", rule={"type": "proportional"}
    )
    held, not_held = make_unit(), make_unit()
    for unit in (held, not_held):
        score_all(unit, index_set, {"1.1": "61.8"})
    MethodNotHeld.objects.create(index_set=index_set, method="survey", unit=not_held)
    results = index_set_results(index_set=index_set, basis="self")
    assert result_of(results, held).pct == Decimal("61.80")
    assert result_of(results, not_held).pct == Decimal("88.29")
    assert "survey" not in result_of(results, not_held).rollup.by_method
    MethodNotHeld.objects.create(index_set=index_set, method="survey", unit=None)  # whole set
    results = index_set_results(index_set=index_set, basis="self")
    assert result_of(results, held).pct == Decimal("88.29")
