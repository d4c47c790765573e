"""Bonus and deduction points: capped per item, applied by appraisers with a reason,
counted in the total (never above 100 %) and shown apart from fields and methods."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments.adjustments import adjustment_apply, adjustment_page, adjustment_remove
from assessments.entry_selectors import unit_sheet
from assessments.models import Adjustment
from assessments.results import index_set_results, sheet_rollup
from indexes.models import Phase
from tests.factories import make_adjustment_item, make_index_set, make_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_set(unit_a, unit_b):
    index_set = make_index_set(phase=Phase.APPRAISAL)
    for code in ("1.1", "1.2.1", "1.2.2"):
        leaf = index_set.criteria.get(code=code)
        make_score(unit_a, leaf, self_points=leaf.max_points, appraised_points=leaf.max_points)
        make_score(unit_b, leaf, self_points=leaf.max_points, appraised_points=leaf.max_points)
    return index_set  # both units: 6 of 10 points (60 %)


@pytest.fixture
def bonus(index_set):
    return make_adjustment_item(index_set)


@pytest.fixture
def late(index_set):
    return make_adjustment_item(index_set, code="TRE", label="Nộp trễ", kind="deduction", cap=None)


def by_unit(index_set, **kwargs):
    return {result.unit.code: result for result in index_set_results(index_set=index_set, **kwargs)}


def test_bonuses_are_capped_per_item_and_deductions_subtract_in_the_total(
    index_set, bonus, late, appraiser, unit_a, unit_b
):
    for _ in range(3):
        adjustment_apply(user=appraiser, unit=unit_a, item=bonus, reason="Mô hình một cửa")
    adjustment_apply(user=appraiser, unit=unit_b, item=late, reason="Nộp trễ 3 ngày")
    results = by_unit(index_set)
    a, b = results["phuong-a"], results["xa-b"]
    assert (a.bonus_points, a.adjustment_points, a.rollup.total.points) == (1, 1, 7)  # 1.5 → cap 1
    assert a.pct == Decimal("70.00") and a.rank == 1
    assert (b.deduction_points, b.adjustment_points, b.pct) == (
        Decimal("0.5"),
        Decimal("-0.5"),
        Decimal("55.00"),
    )
    assert a.rollup.by_method["appraisal"].points == 5  # methods are not adjusted


def test_a_bonus_never_lifts_a_unit_above_its_maximum(index_set, bonus, appraiser, unit_a):
    leaf = index_set.criteria.get(code="2.1")
    make_score(unit_a, leaf, self_points=4, appraised_points=4)
    adjustment_apply(user=appraiser, unit=unit_a, item=bonus, reason="x")
    result = by_unit(index_set)["phuong-a"]
    assert (
        result.pct == Decimal("100.00")
        and result.adjustment_points == 0
        and result.bonus_points == Decimal("0.5")
    )


def test_self_scores_before_appraisal_do_not_count_adjustments(index_set, bonus, appraiser, unit_a):
    adjustment_apply(user=appraiser, unit=unit_a, item=bonus, reason="x")
    assert by_unit(index_set, basis="self")["phuong-a"].pct == Decimal("60.00")


def test_only_appraisers_apply_during_appraisal_and_a_reason_is_required(
    index_set, bonus, appraiser, official_a, leader, unit_a
):
    for user in (official_a, leader):
        with pytest.raises(PermissionDenied):
            adjustment_apply(user=user, unit=unit_a, item=bonus, reason="x")
    with pytest.raises(ValidationError):
        adjustment_apply(user=appraiser, unit=unit_a, item=bonus, reason="  ")
    with pytest.raises(ValidationError):
        adjustment_apply(user=appraiser, unit=unit_a, item=bonus, reason="x", points=Decimal("2"))
    index_set.phase = Phase.PUBLISHED
    index_set.save()
    with pytest.raises(ValidationError):
        adjustment_apply(user=appraiser, unit=unit_a, item=bonus, reason="x")
    assert not Adjustment.objects.exists()


def test_removing_an_adjustment_keeps_its_history(index_set, bonus, appraiser, unit_a):
    adjustment = adjustment_apply(user=appraiser, unit=unit_a, item=bonus, reason="x")
    adjustment_remove(user=appraiser, adjustment=adjustment)
    assert not Adjustment.objects.exists()
    assert Adjustment.history.filter(history_type="-").count() == 1


def test_adjustments_cost_no_extra_query_in_results(
    index_set, bonus, appraiser, unit_a, django_assert_num_queries
):
    index_set_results(index_set=index_set)
    with django_assert_num_queries(6) as before:
        index_set_results(index_set=index_set)
    adjustment_apply(user=appraiser, unit=unit_a, item=bonus, reason="x")
    with django_assert_num_queries(len(before.captured_queries)):
        index_set_results(index_set=index_set)


def test_the_page_data_gives_each_units_capped_totals(index_set, bonus, late, appraiser, unit_a):
    for _ in range(3):
        adjustment_apply(user=appraiser, unit=unit_a, item=bonus, reason="x")
    adjustment_apply(user=appraiser, unit=unit_a, item=late, reason="y")
    data = adjustment_page(index_set=index_set)
    assert data["totals"][unit_a.pk].bonus == 1 and data["totals"][unit_a.pk].net == Decimal("0.5")
    assert len(data["applied"]) == 4


@pytest.mark.parametrize("basis", ["self", "appraised", "final"])
def test_the_sheet_pages_roll_up_adjustments_as_the_results_do(
    basis, index_set, bonus, late, appraiser, unit_a, unit_b
):
    """The appraisal page totals its unit from the sheet's rows (results.sheet_rollup):
    capped bonuses and deductions included, the same figures as every other page's."""
    for _ in range(3):
        adjustment_apply(user=appraiser, unit=unit_a, item=bonus, reason="Mô hình một cửa")
    adjustment_apply(user=appraiser, unit=unit_b, item=late, reason="Nộp trễ 3 ngày")
    results = by_unit(index_set, basis=basis)
    for unit in (unit_a, unit_b):
        rows = unit_sheet(index_set=index_set, unit=unit).rows
        rollup, _totals = sheet_rollup(index_set, unit.pk, rows, basis)
        assert rollup == results[unit.code].rollup
    assert (basis == "self") == (results["phuong-a"].rollup.total.points == 6)
