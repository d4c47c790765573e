"""Finalising every unit of a set with no open item, after a confirmation (issue 14)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, AssessmentStatus, ReturnedItem, Score
from indexes.models import Phase
from notifications.models import Notification
from tests.assessments.cycle_support import leaf, open_set
from tests.conftest import assert_sent_to_login, client_for, english_client
from tests.factories import make_score, make_unit, make_user

pytestmark = pytest.mark.django_db


def _url(index_set):
    return reverse("assessments:finalise-ready", kwargs={"set_code": index_set.code})


def _hand_in(unit, index_set, status=AssessmentStatus.SUBMITTED, survey="3"):
    make_score(unit, leaf(index_set, "1.1"), self_points=Decimal(2))
    if survey:
        make_score(unit, leaf(index_set, "2.1"), appraised_points=Decimal(survey))
    return Assessment.objects.create(
        unit=unit, index_set=index_set, status=status, submitted_at=timezone.now()
    )


@pytest.fixture
def round_(unit_a, unit_b, official_a, appraiser):
    """A set in appraisal: Phường A and Phường C are ready, Xã B has an item returned and
    answered (still open), Phường D has no survey points, Phường E is a draft, Phường F is
    final already."""
    index_set = open_set(phase=Phase.APPRAISAL)
    _hand_in(unit_a, index_set)
    _hand_in(make_unit(name="Phường C", code="phuong-c"), index_set)
    _hand_in(unit_b, index_set, status=AssessmentStatus.EXPLAINED)
    ReturnedItem.objects.create(
        score=Score.objects.get(unit=unit_b, criterion__code="1.1"),
        question="Văn bản nào?",
        answer="Số 12",
        returned_by=appraiser,
    )
    _hand_in(make_unit(name="Phường D", code="phuong-d"), index_set, survey="")
    Assessment.objects.create(
        unit=make_unit(name="Phường E", code="phuong-e"),
        index_set=index_set,
        status=AssessmentStatus.DRAFT,
    )
    _hand_in(make_unit(name="Phường F", code="phuong-f"), index_set, AssessmentStatus.APPRAISED)
    return index_set


def _statuses(index_set):
    return dict(Assessment.objects.filter(index_set=index_set).values_list("unit__name", "status"))


def test_the_confirmation_lists_exactly_the_units_with_no_open_item(appraiser, round_):
    response = english_client(appraiser).get(_url(round_))
    plan = response.context["plan"]
    assert [c.unit.name for c in plan.ready] == ["Phường A", "Phường C"]
    reasons = {c.unit.name: c.reason for c in plan.left_out}
    assert reasons == {
        "Xã B": "1 returned item is still open.",
        "Phường D": "No survey points yet: 2.1.",
        "Phường E": "Has not submitted its self-assessment.",
    }
    html = response.content.decode()
    assert "These 2 units will be finalised:" in html and "3 units left out" in html
    assert "1 unit is final already." in html
    assert _statuses(round_)["Phường A"] == AssessmentStatus.SUBMITTED  # a GET changes nothing


def test_confirming_finalises_the_ready_units_and_skips_the_others(appraiser, official_a, round_):
    client = english_client(appraiser)
    keys = [c.key for c in client.get(_url(round_)).context["plan"].ready]
    # A forged choice of a unit with an open item is skipped too.
    forged = f"{Assessment.objects.get(unit__name='Xã B').unit.code}|submitted@x"
    response = client.post(_url(round_), {"unit": [*keys, forged]}, follow=True)
    statuses = _statuses(round_)
    assert statuses["Phường A"] == statuses["Phường C"] == AssessmentStatus.APPRAISED
    assert statuses["Xã B"] == AssessmentStatus.EXPLAINED
    assert statuses["Phường D"] == AssessmentStatus.SUBMITTED
    assert statuses["Phường E"] == AssessmentStatus.DRAFT
    html = response.content.decode()
    assert "2 units finalised." in html and "Xã B" in html
    # The unit's officials are told, as when one unit is finalised.
    told = Notification.objects.filter(kind="unit_finalised")
    assert set(told.values_list("recipient__username", flat=True)) == {official_a.username}
    final = Assessment.objects.get(unit__name="Phường A")
    assert final.appraised_by == appraiser and final.appraised_at is not None


def test_a_unit_changed_after_the_confirmation_is_left_as_it_was(appraiser, unit_a, round_):
    client = english_client(appraiser)
    keys = [c.key for c in client.get(_url(round_)).context["plan"].ready]
    # Meanwhile another appraiser lowers a score of Phường A.
    score = Score.objects.get(unit=unit_a, criterion__code="1.1")
    score.appraised_points, score.appraiser_comment = Decimal(0), "Thiếu"
    score.save()
    response = client.post(_url(round_), {"unit": keys}, follow=True)
    statuses = _statuses(round_)
    assert statuses["Phường A"] == AssessmentStatus.SUBMITTED
    assert statuses["Phường C"] == AssessmentStatus.APPRAISED
    html = response.content.decode()
    assert "Phường A: It changed after you confirmed: nothing was done." in html
    assert "1 unit finalised." in html


def test_rubbish_input_finalises_nothing(appraiser, round_):
    client = english_client(appraiser)
    response = client.post(_url(round_), {"unit": ["nope", "no-such-unit|x"]}, follow=True)
    assert response.status_code == 200
    assert AssessmentStatus.APPRAISED not in {
        s for name, s in _statuses(round_).items() if name != "Phường F"
    }
    assert "no-such-unit: Not finalised" in response.content.decode()


@pytest.mark.parametrize("role", ["official", "leader"])
def test_officials_and_leaders_may_not_finalise(role, unit_a, round_):
    user = make_user(role=role, unit=unit_a if role == "official" else None)
    client = client_for(user)
    assert client.get(_url(round_)).status_code == 403
    ready = f"{unit_a.code}|whatever"
    assert client.post(_url(round_), {"unit": [ready]}).status_code == 403
    assert _statuses(round_)["Phường A"] == AssessmentStatus.SUBMITTED


def test_anonymous_visitors_are_sent_to_login(anonymous_client, round_):
    assert_sent_to_login(anonymous_client.get(_url(round_)))


def test_outside_the_appraisal_phase_nothing_is_finalised(appraiser, round_):
    round_.phase = Phase.PUBLISHED
    round_.save()
    assert client_for(appraiser).get(_url(round_)).status_code == 403
    assert client_for(appraiser).post(_url(round_), {"unit": ["x|y"]}).status_code == 403


def test_the_board_offers_it_to_appraisers_only(appraiser, leader, round_):
    board = reverse("assessments:appraisal-board")
    assert _url(round_) in english_client(appraiser).get(board).content.decode()
    assert _url(round_) not in english_client(leader).get(board).content.decode()


def test_the_confirmation_reads_in_the_same_queries_for_2_or_12_units(appraiser, round_):
    client = client_for(appraiser)
    counts = []
    for extra in (0, 10):
        for _n in range(extra):
            _hand_in(make_unit(kind="ward"), round_)
        with CaptureQueriesContext(connection) as context:
            assert client.get(_url(round_)).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], counts
