"""rollup, percent and targets: the sums every page and export shows."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexes.scoring import (
    METHODS,
    LeafResult,
    ScoringError,
    TargetResult,
    Totals,
    all_targets_met,
    check_targets,
    percent,
    rollup,
)
from tests.indexes.scoring.samples import (
    D,
    points_2dp,
    quick,
)

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


# --- properties ---------------------------------------------------------------------------


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
