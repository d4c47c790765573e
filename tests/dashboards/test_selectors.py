"""The dashboards' reads: scope, fingerprint, worst leaves, rows, lineage and field sums."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.losses import worst_leaves
from dashboards.cache import take_fingerprint
from dashboards.selectors.field import field_payload
from dashboards.selectors.rows import overall_target_pct
from dashboards.selectors.scope import ALL, dashboard_scope
from dashboards.selectors.scorecard import lineage
from dashboards.selectors.year import year_payload
from indexes import scoring
from indexes.models import NotApplicable, Phase
from tests.dashboards.conftest import scores_create, sign_commitment
from tests.factories import make_index_set, make_unit

pytestmark = pytest.mark.django_db


def test_the_default_scope_is_the_latest_year_past_preparation_with_all_its_sets(scored):
    make_index_set(code="xa-2024", year=2024, phase=Phase.PREPARING)
    scope = dashboard_scope(year=None, key=None)
    assert scope.year == 2023 and scope.key == ALL
    assert [s.code for s in scope.index_sets] == ["xa-2023"]
    assert scope.years == [2024, 2023]


def test_a_kind_of_unit_is_the_same_choice_across_years(scored):
    make_index_set(code="xa-2024", year=2024)
    scope = dashboard_scope(year="2024", key="commune+ward")
    assert [s.code for s in scope.index_sets] == ["xa-2024"]
    assert not scope.asked_for_unknown


@pytest.mark.parametrize("year", ["abc", "20233", "-1", "1999"])
def test_a_bad_year_falls_back_and_says_so(scored, year):
    scope = dashboard_scope(year=year, key=None)
    assert scope.year == 2023 and scope.asked_for_unknown


def test_the_fingerprint_changes_with_a_score_and_only_then(scored, unit_b):
    before = take_fingerprint()
    assert take_fingerprint() == before
    score = unit_b.scores.get(criterion__code="1.1")
    score.self_points = Decimal("1")
    score.save()
    after = take_fingerprint()
    assert after.sets[scored.pk] != before.sets[scored.pk]
    assert after.units == before.units and after.workflow == before.workflow


def test_the_fingerprint_changes_with_a_not_applicable_mark_a_phase_or_a_unit(scored, unit_b):
    before = take_fingerprint()
    NotApplicable.objects.create(unit=unit_b, criterion=scored.criteria.get(code="1.1"))
    marked = take_fingerprint()
    assert marked.sets[scored.pk] != before.sets[scored.pk]
    scored.phase = Phase.CLOSED
    scored.save()
    assert take_fingerprint().sets[scored.pk] != marked.sets[scored.pk]
    unit_b.name = "Xã B mới"
    unit_b.save()
    assert take_fingerprint().units != marked.units


def test_worst_leaves_count_unscored_leaves_as_lost_and_skip_what_does_not_apply(ward_set, unit_a):
    scores_create(ward_set, unit_a, {"1.1": "2", "1.2.1": "1"})
    NotApplicable.objects.create(unit=unit_a, criterion=ward_set.criteria.get(code="2.1"))
    losses = worst_leaves(index_set=ward_set, unit_ids=[unit_a.pk], limit=3)[unit_a.pk]
    assert [(loss.code, loss.lost) for loss in losses] == [
        ("1.2.1", Decimal("2.00")),
        ("1.2.2", Decimal("1.00")),  # never scored: its whole max; 2.1 does not apply
    ]
    assert losses[1].self_points is None


def test_worst_leaves_count_the_appraised_score_after_appraisal(ward_set, unit_a):
    scores_create(ward_set, unit_a, {"1.1": "2", "1.2.1": "3"}, appraised={"1.1": "0"})
    losses = worst_leaves(index_set=ward_set, unit_ids=[unit_a.pk], limit=1)[unit_a.pk]
    assert losses[0].code == "2.1"  # 4 lost: self-scores count while preparing
    ward_set.phase = Phase.APPRAISAL
    losses = worst_leaves(index_set=ward_set, unit_ids=[unit_a.pk], limit=4)[unit_a.pk]
    assert ("1.1", Decimal("2.00")) in [(loss.code, loss.lost) for loss in losses]


def test_the_target_line_weighs_each_method_target_by_its_max():
    by_method = {
        "appraisal": scoring.Totals(Decimal("50"), Decimal("59")),
        "survey": scoring.Totals(Decimal("30"), Decimal("33")),
        "other": scoring.Totals(Decimal("8"), Decimal("8")),
    }
    targets = {"appraisal": Decimal("100"), "survey": Decimal("95"), "other": Decimal("90")}
    assert overall_target_pct(by_method, targets) == Decimal("97.55")
    assert overall_target_pct(by_method, {}) is None


def test_rows_hold_the_stricter_of_the_city_and_the_commitment(scored, unit_a):
    scored.phase = Phase.SELF_ASSESSMENT
    scored.save()
    sign_commitment(unit_a, 2023, {"survey": "97"})
    scope = dashboard_scope(year=2023, key=None)
    from dashboards.cache import fingerprint

    row = next(r for r in year_payload(scope, fingerprint()).rows if r.unit_code == "phuong-a")
    survey = row.methods["survey"]
    assert survey.met is True and survey.committed_met is False and survey.reached is False
    assert survey.missing_points == Decimal("0.08")  # 97 % of 4 is 3.88; A has 3.8
    assert row.at_risk and row.all_targets_met and row.commitment_status == "signed"


def test_lineage_follows_predecessors_of_predecessors_once(unit_a, unit_b):
    c = make_unit(code="c", name="C")
    d = make_unit(code="d", name="D")
    d.predecessors.add(c)
    c.predecessors.add(unit_a, unit_b)
    unit_a.predecessors.add(unit_b)  # a diamond: B is reached twice
    assert [u.code for u in lineage(d)] == ["d", "c", "phuong-a", "xa-b"]


def test_field_sums_leave_out_criteria_that_do_not_apply(scored, unit_b):
    from dashboards.cache import fingerprint

    NotApplicable.objects.create(unit=unit_b, criterion=scored.criteria.get(code="1.2.1"))
    payload = field_payload(index_set=scored, field_code="1", fp=fingerprint())
    row = next(r for r in payload.rows if r.unit_code == "xa-b")
    assert row.criteria["1.2"] == scoring.Totals(Decimal("0.5"), Decimal("1"))
    assert row.criteria["1.1"] == scoring.Totals(Decimal("2"), Decimal("2"))
    assert (row.points, row.max_points) == (Decimal("2.5"), Decimal("3"))
    assert field_payload(index_set=scored, field_code="7", fp=fingerprint()) is None


totals = st.builds(
    lambda got, maximum: scoring.Totals(min(got, maximum), maximum),
    st.decimals(min_value=0, max_value=60, places=2),
    st.decimals(min_value=Decimal("0.01"), max_value=60, places=2),
)
target_pcts = st.decimals(min_value=0, max_value=100, places=2)


@given(
    st.dictionaries(st.sampled_from(scoring.METHODS), totals, min_size=1),
    st.dictionaries(st.sampled_from(scoring.METHODS), target_pcts, min_size=1),
)
def test_the_target_line_never_exceeds_the_strictest_target(by_method, targets):
    line = overall_target_pct(by_method, targets)
    assert line is not None
    assert Decimal(0) <= line <= max(targets.values()) + Decimal("0.01")
