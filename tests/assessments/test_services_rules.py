"""The windows and phases that decide who may change what, and when."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role, User
from assessments.models import Assessment, AssessmentStatus
from assessments.services import rules
from indexes.models import IndexSet, Phase
from units.models import Unit

DAY = date(2024, 10, 15)


def a_set(**values) -> IndexSet:
    base = {
        "phase": Phase.SELF_ASSESSMENT,
        "self_assessment_opens": date(2024, 10, 1),
        "self_assessment_closes": date(2024, 10, 31),
    }
    return IndexSet(code="s", year=2024, name="S", unit_kinds=["ward"], **{**base, **values})


UNIT = Unit(pk=1, code="p1", name="Phường 1", kind="ward")


def official(unit_id=1) -> User:
    return User(username="o", role=Role.OFFICIAL, unit_id=unit_id)


@pytest.mark.parametrize(
    ("today", "is_open", "reason"),
    [
        (date(2024, 9, 30), False, "opens on 01/10/2024"),
        (date(2024, 10, 1), True, ""),
        (date(2024, 10, 31), True, ""),
        (date(2024, 11, 1), False, "closed on 31/10/2024"),
    ],
)
def test_self_assessment_is_open_from_its_first_to_its_last_day(today, is_open, reason):
    window = rules.self_assessment_window(a_set(), today)
    assert window.is_open is is_open
    assert reason in window.reason


def test_self_assessment_follows_the_phase_whatever_the_dates():
    assert not rules.self_assessment_window(a_set(phase=Phase.PREPARING), DAY).is_open
    closed = rules.self_assessment_window(a_set(phase=Phase.APPRAISAL), DAY)
    assert not closed.is_open and "closed on 31/10/2024" in closed.reason


def test_a_window_without_dates_is_governed_by_the_phase_alone():
    window = rules.self_assessment_window(
        a_set(self_assessment_opens=None, self_assessment_closes=None), DAY
    )
    assert window.is_open and window.closes is None and window.days_left(DAY) is None


def test_days_left_count_down_to_the_closing_day():
    assert rules.self_assessment_window(a_set(), DAY).days_left(DAY) == 16


def test_only_the_units_own_official_may_fill_in_its_self_assessment():
    index_set = a_set()
    mine = rules.self_assessment_state(
        user=official(), unit=UNIT, index_set=index_set, assessment=None, today=DAY
    )
    other = rules.self_assessment_state(
        user=official(2), unit=UNIT, index_set=index_set, assessment=None, today=DAY
    )
    appraiser = rules.self_assessment_state(
        user=User(role=Role.APPRAISER), unit=UNIT, index_set=index_set, assessment=None, today=DAY
    )
    assert mine.is_open and not other.is_open and not appraiser.is_open


def test_a_submitted_self_assessment_is_closed_to_the_unit():
    submitted = Assessment(
        status=AssessmentStatus.SUBMITTED,
        submitted_at=timezone.make_aware(datetime(2024, 10, 10, 9)),
    )
    state = rules.self_assessment_state(
        user=official(), unit=UNIT, index_set=a_set(), assessment=submitted, today=DAY
    )
    assert not state.is_open
    assert "10/10/2024" in state.reason


def test_explanations_need_returned_items_and_an_open_explanation_window():
    index_set = a_set(
        phase=Phase.APPRAISAL,
        explanation_opens=DAY - timedelta(days=1),
        explanation_closes=DAY + timedelta(days=1),
    )
    returned = Assessment(status=AssessmentStatus.RETURNED)
    state = rules.explanation_state(
        user=official(), unit=UNIT, index_set=index_set, assessment=returned, today=DAY
    )
    assert state.is_open
    late = rules.explanation_state(
        user=official(),
        unit=UNIT,
        index_set=index_set,
        assessment=returned,
        today=DAY + timedelta(days=2),
    )
    assert not late.is_open
    nothing = rules.explanation_state(
        user=official(),
        unit=UNIT,
        index_set=index_set,
        assessment=Assessment(status=AssessmentStatus.SUBMITTED),
        today=DAY,
    )
    assert not nothing.is_open


def test_appraisal_is_for_appraisers_and_admins_during_appraisal_and_explanation():
    appraiser, admin = User(role=Role.APPRAISER), User(role=Role.ADMIN)
    leader = User(role=Role.LEADER)
    for phase, expected in [
        (Phase.SELF_ASSESSMENT, False),
        (Phase.APPRAISAL, True),
        (Phase.EXPLANATION, True),
        (Phase.PUBLISHED, False),
    ]:
        index_set = a_set(phase=phase)
        assert (
            rules.appraisal_state(user=appraiser, index_set=index_set, assessment=None).is_open
            is expected
        )
        assert (
            rules.appraisal_state(user=admin, index_set=index_set, assessment=None).is_open
            is expected
        )
        assert not rules.appraisal_state(user=leader, index_set=index_set, assessment=None).is_open
    final = Assessment(status=AssessmentStatus.APPRAISED)
    assert not rules.appraisal_state(
        user=appraiser, index_set=a_set(phase=Phase.APPRAISAL), assessment=final
    ).is_open


def test_a_returned_unit_cannot_be_finalised_until_its_explanation_window_closes():
    index_set = a_set(phase=Phase.EXPLANATION, explanation_closes=DAY)
    returned = Assessment(status=AssessmentStatus.RETURNED)
    assert rules.finalise_problem(index_set=index_set, assessment=returned, today=DAY)
    assert not rules.finalise_problem(
        index_set=index_set, assessment=returned, today=DAY + timedelta(days=1)
    )
    explained = Assessment(status=AssessmentStatus.EXPLAINED)
    assert not rules.finalise_problem(index_set=index_set, assessment=explained, today=DAY)
