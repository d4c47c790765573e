"""Publication and corrections: the pages around the appraisal (the survey import is
tested with the other imports, tests/exchange/test_view_survey_import.py)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, AssessmentStatus, Evidence, Score, ScoreCorrection
from indexes.models import Phase
from tests.assessments.cycle_support import detail_url, leaf, open_set, pdf, today
from tests.conftest import assert_sent_to_login, client_for, english_client
from tests.factories import make_score, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_appraisal():
    return open_set(phase=Phase.APPRAISAL)


def publish_url(index_set):
    return reverse("assessments:publish", kwargs={"set_code": index_set.code})


def correct_url(unit, criterion):
    return reverse(
        "assessments:score-correct", kwargs={"unit_code": unit.code, "criterion_id": criterion.pk}
    )


def test_pages_send_anonymous_visitors_to_login(anonymous_client, unit_a, in_appraisal):
    for url in (
        publish_url(in_appraisal),
        correct_url(unit_a, leaf(in_appraisal, "1.1")),
    ):
        assert_sent_to_login(anonymous_client.get(url))


def test_readiness_and_publication(leader, appraiser, official_a, unit_a, unit_b, in_appraisal):
    client = english_client(leader)
    html = client.get(publish_url(in_appraisal)).content.decode()
    assert "Units not appraised yet" in html and "Phường A" in html
    response = client.post(publish_url(in_appraisal))
    assert "cannot be published before every unit is appraised" in response.content.decode()
    for unit in (unit_a, unit_b):
        Assessment.objects.create(
            unit=unit, index_set=in_appraisal, status=AssessmentStatus.APPRAISED
        )
    assert client_for(appraiser).post(publish_url(in_appraisal)).status_code == 403
    assert client_for(official_a).get(publish_url(in_appraisal)).status_code == 403
    response = client.post(publish_url(in_appraisal), follow=True)
    assert "The results are published; the scores are frozen." in response.content.decode()
    in_appraisal.refresh_from_db()
    assert in_appraisal.phase == Phase.PUBLISHED


def test_the_publish_page_reads_in_a_fixed_number_of_queries(leader, in_appraisal):
    client = client_for(leader)
    counts = []
    for _ in range(2):
        make_unit(kind="ward")
        with CaptureQueriesContext(connection) as context:
            assert client.get(publish_url(in_appraisal)).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1] <= 8, counts


def test_an_admin_corrects_a_published_score_with_a_reason(
    admin_user, appraiser, official_a, unit_a, in_appraisal
):
    criterion = leaf(in_appraisal, "1.1")
    make_score(unit_a, criterion, self_points=Decimal("2"), appraised_points=Decimal("2"))
    url = correct_url(unit_a, criterion)
    assert english_client(admin_user).get(url).status_code == 403  # not published yet
    in_appraisal.phase = Phase.PUBLISHED
    in_appraisal.save()
    for user in (appraiser, official_a):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, {"points": "1", "reason": "x"}).status_code == 403
    client = english_client(admin_user)
    response = client.post(url, {"points": "1,5", "reason": "  "})
    assert "This field is required." in response.content.decode()
    response = client.post(url, {"points": "3", "reason": "x"})
    assert "3 is above the maximum of 2.00." in response.content.decode()
    assert not ScoreCorrection.objects.exists()
    shown = client.get(url).content.decode()
    version = shown.split('name="version" value="')[1].split('"')[0]
    # 1.1 is done or not: a correction gives 0 or its 2 points, as the rule does.
    data = {"points": "1,5", "reason": "Quyết định 20/QĐ-UBND", "version": version}
    response = client.post(url, data)
    assert "the rule gives 0 or 2." in response.content.decode()
    assert not ScoreCorrection.objects.exists()
    response = client.post(url, {**data, "points": "0"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == detail_url(unit_a, criterion)
    assert "Quyết định 20/QĐ-UBND" in html and "2.00 → 0.00" in html
    assert Score.objects.get().final_points == Decimal("0.00")
    # The same page posted again corrects over the first correction: refused, named.
    response = client.post(url, {**data, "points": "2"})
    assert "someone else changed 1.1" in response.content.decode()
    assert Score.objects.get().final_points == Decimal("0.00")


def test_an_admin_moves_a_set_to_its_next_phase_and_the_windows_follow(
    admin_user, appraiser, leader
):
    index_set = open_set(
        explanation_opens=today() + timedelta(days=40),
        explanation_closes=today() + timedelta(days=50),
    )
    url = reverse("assessments:advance-phase", kwargs={"set_code": index_set.code})
    for user in (appraiser, leader):
        assert client_for(user).post(url).status_code == 403
    client = english_client(admin_user)
    assert client.get(url).status_code == 405
    html = client.get(reverse("assessments:appraisal-board")).content.decode()
    assert url in html
    assert client.post(url).status_code == 302
    index_set.refresh_from_db()
    assert index_set.phase == Phase.APPRAISAL
    assert index_set.self_assessment_closes == today() and index_set.appraisal_opens == today()
    client.post(url)
    index_set.refresh_from_db()
    assert index_set.phase == Phase.EXPLANATION and index_set.explanation_opens == today()
    assert client.post(url).status_code == 403  # publication is its own step


def test_the_correction_page_reads_in_a_fixed_number_of_queries(admin_user, unit_a, in_appraisal):
    in_appraisal.phase = Phase.PUBLISHED
    in_appraisal.save()
    client = client_for(admin_user)
    with CaptureQueriesContext(connection) as context:
        response = client.get(correct_url(unit_a, leaf(in_appraisal, "1.1")))
        assert response.status_code == 200
    assert len(context.captured_queries) <= 12


def test_every_action_sends_anonymous_visitors_to_login(anonymous_client, unit_a, in_appraisal):
    score = make_score(unit_a, leaf(in_appraisal, "1.1"), self_points=Decimal("2"))
    evidence = Evidence.objects.create(score=score, file=pdf(), original_name="a.pdf", size=1)
    unit_set = {"unit_code": unit_a.code, "set_code": in_appraisal.code}
    posts = [
        reverse("assessments:advance-phase", kwargs={"set_code": in_appraisal.code}),
        reverse("assessments:appraisal-reopen", kwargs=unit_set),
        reverse("assessments:evidence-remove", args=[evidence.pk]),
        publish_url(in_appraisal),
    ]
    for url in posts:
        assert_sent_to_login(anonymous_client.post(url))
    download = reverse("assessments:evidence-download", args=[evidence.pk])
    assert_sent_to_login(anonymous_client.get(download))
    assert Evidence.objects.get().removed_at is None
    in_appraisal.refresh_from_db()
    assert in_appraisal.phase == Phase.APPRAISAL
