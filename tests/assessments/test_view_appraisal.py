"""The appraisal form of a unit: personas, the comment rule, returns, finalising, races."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, AssessmentStatus, ReturnedItem, Score
from indexes.models import Phase
from tests.assessments.cycle_support import appraisal_data, appraisal_url, big_set, leaf
from tests.conftest import assert_sent_to_login, client_for, english_client

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_login(anonymous_client, unit_a, submitted):
    assert_sent_to_login(anonymous_client.get(appraisal_url(unit_a, submitted)))


def test_officials_cannot_open_the_appraisal_form(official_a, official_b, unit_a, submitted):
    assert client_for(official_a).get(appraisal_url(unit_a, submitted)).status_code == 403
    assert client_for(official_a).post(appraisal_url(unit_a, submitted), {}).status_code == 403
    assert client_for(official_b).get(appraisal_url(unit_a, submitted)).status_code == 404


def test_leaders_read_the_appraisal_without_edit_controls(leader, unit_a, submitted):
    client = english_client(leader)
    html = client.get(appraisal_url(unit_a, submitted)).content.decode()
    assert "Báo cáo 12" in html and 'name="action"' not in html
    data = appraisal_data(unit_a, submitted, {"1.1": {"appraised": "1", "comment": "x"}})
    assert client.post(appraisal_url(unit_a, submitted), data).status_code == 403
    assert not Score.objects.filter(appraised_points__isnull=False).exists()


def test_wrong_methods_are_refused(appraiser, unit_a, submitted):
    assert client_for(appraiser).put(appraisal_url(unit_a, submitted)).status_code == 405


def test_the_form_shows_self_score_explanation_evidence_beside_the_appraisal_inputs(
    appraiser, unit_a, submitted
):
    html = english_client(appraiser).get(appraisal_url(unit_a, submitted)).content.decode()
    for code in ("1.1", "1.2.1", "1.2.2", "2.1"):
        assert f'name="leaf-{leaf(submitted, code).pk}-appraised"' in html
    assert f'name="leaf-{leaf(submitted, "1.1").pk}-return"' in html
    assert f'name="leaf-{leaf(submitted, "2.1").pk}-return"' not in html  # survey
    assert "Báo cáo 12" in html and "No evidence attached." in html
    assert "Survey leaf: enter the survey points or import them." in html


def test_appraised_scores_and_survey_points_are_saved(appraiser, unit_a, submitted):
    data = appraisal_data(
        unit_a,
        submitted,
        {
            "1.1": {"appraised": "2"},
            "2.1": {"appraised": "3,8"},
            "1.2.2": {"appraised": "0,5", "comment": "Thiếu số liệu"},
        },
    )
    assert english_client(appraiser).post(appraisal_url(unit_a, submitted), data).status_code == 302
    saved = dict(Score.objects.values_list("criterion__code", "appraised_points"))
    assert saved["1.1"] == Decimal("2.00") and saved["2.1"] == Decimal("3.80")
    assert saved["1.2.2"] == Decimal("0.50")


@pytest.mark.parametrize(
    ("code", "values", "says"),
    [
        ("1.2.1", {"appraised": "1"}, "The appraised score is below the self-score: say why"),
        ("1.1", {"appraised": "2,5"}, "2,5 is above the maximum of 2.00."),
        ("1.1", {"appraised": "-0,5"}, "-0,5 is below 0."),
        ("1.1", {"appraised": "1,005"}, "has more than two decimals"),
        # 1.1 is done or not: 0 or its 2 points, nothing between (the rule's own values).
        ("1.1", {"appraised": "1,5"}, "1.5 points is not a score the leaf"),
        ("1.2.1", {"appraised": "2"}, "the rule gives 3; 1 or 0."),
        ("1.1", {"appraised": "một"}, "is not a number"),
        ("1.1", {"return": "on"}, "Write what the unit must explain."),
    ],
)
def test_bad_appraisal_input_saves_nothing(appraiser, unit_a, submitted, code, values, says):
    data = appraisal_data(unit_a, submitted, {"2.1": {"appraised": "4"}, code: values})
    response = english_client(appraiser).post(appraisal_url(unit_a, submitted), data)
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not Score.objects.filter(appraised_points__isnull=False).exists()


def test_returning_an_item_then_finalising_after_the_explanation(
    appraiser, official_a, unit_a, submitted
):
    client = english_client(appraiser)
    data = appraisal_data(
        unit_a,
        submitted,
        {"1.2.2": {"appraised": "0,5", "comment": "Số liệu lấy từ đâu?", "return": "on"}},
        action="return",
    )
    html = client.post(appraisal_url(unit_a, submitted), data, follow=True).content.decode()
    assert "The ticked items were returned to the unit." in html
    assert Assessment.objects.get().status == AssessmentStatus.RETURNED
    item = ReturnedItem.objects.get()
    assert item.question == "Số liệu lấy từ đâu?"
    html = client.get(appraisal_url(unit_a, submitted)).content.decode()
    assert "The unit has not explained its returned items yet" in html
    refused = client.post(
        appraisal_url(unit_a, submitted),
        appraisal_data(unit_a, submitted, {"2.1": {"appraised": "4"}}, action="finalise"),
    )
    assert refused.status_code == 403
    item.answer = "Hệ thống một cửa"
    item.save()
    Assessment.objects.update(status=AssessmentStatus.EXPLAINED)
    data = appraisal_data(unit_a, submitted, {"2.1": {"appraised": "4"}}, action="finalise")
    response = client.post(appraisal_url(unit_a, submitted), data)
    assert response.status_code == 302 and response.url.startswith(
        reverse("assessments:appraisal-board")
    )
    assessment = Assessment.objects.get()
    assert assessment.status == AssessmentStatus.APPRAISED and assessment.appraised_by == appraiser
    assert ReturnedItem.objects.get().closed_at is not None
    html = client.get(appraisal_url(unit_a, submitted)).content.decode()
    assert "This unit&#x27;s appraisal is final." in html and "Reopen this appraisal" in html


def test_finalising_without_survey_points_says_which_are_missing(appraiser, unit_a, submitted):
    data = appraisal_data(unit_a, submitted, {}, action="finalise")
    html = english_client(appraiser).post(appraisal_url(unit_a, submitted), data).content.decode()
    assert "2.1: no survey points yet." in html
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED


def test_reopening_a_final_appraisal(appraiser, leader, unit_a, submitted):
    Assessment.objects.update(status=AssessmentStatus.APPRAISED)
    url = reverse(
        "assessments:appraisal-reopen",
        kwargs={"unit_code": unit_a.code, "set_code": submitted.code},
    )
    assert client_for(leader).post(url).status_code == 403
    assert client_for(appraiser).get(url).status_code == 405
    assert client_for(appraiser).post(url).status_code == 302
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED


def test_two_appraisers_the_later_save_is_refused(appraiser, admin_user, unit_a, submitted):
    first = appraisal_data(unit_a, submitted, {"1.1": {"appraised": "0", "comment": "Chậm"}})
    second = appraisal_data(unit_a, submitted, {"1.1": {"appraised": "2"}})
    assert (
        english_client(appraiser).post(appraisal_url(unit_a, submitted), first).status_code == 302
    )
    response = english_client(admin_user).post(appraisal_url(unit_a, submitted), second)
    html = response.content.decode()
    assert "someone else changed 1.1" in html and "Changed by appraiser" in html
    assert Score.objects.get(criterion__code="1.1").appraised_points == Decimal("0.00")


def test_outside_the_appraisal_phase_the_form_is_read_only(appraiser, unit_a, submitted):
    submitted.phase = Phase.PUBLISHED
    submitted.save()
    client = english_client(appraiser)
    html = client.get(appraisal_url(unit_a, submitted)).content.decode()
    assert "The results are published: scores are frozen." in html
    data = appraisal_data(unit_a, submitted, {"1.1": {"appraised": "1", "comment": "x"}})
    assert client.post(appraisal_url(unit_a, submitted), data).status_code == 403


def test_the_form_renders_and_saves_in_a_constant_number_of_queries(appraiser, unit_a):
    client = client_for(appraiser)
    counts = {}
    for size in (5, 150):
        index_set = big_set(size, phase=Phase.APPRAISAL)
        with CaptureQueriesContext(connection) as context:
            assert client.get(appraisal_url(unit_a, index_set)).status_code == 200
        rendered = len(context.captured_queries)
        data = appraisal_data(unit_a, index_set)
        for pk in index_set.criteria.exclude(method="").values_list("pk", flat=True):
            data[f"leaf-{pk}-appraised"] = "1"
        with CaptureQueriesContext(connection) as context:
            assert client.post(appraisal_url(unit_a, index_set), data).status_code == 302
        counts[size] = (rendered, len(context.captured_queries))
    assert counts[5] == counts[150], counts
