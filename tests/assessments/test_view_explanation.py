"""The page where a unit answers the items an appraiser returned (giải trình)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, AssessmentStatus, ReturnedItem, Score
from indexes.models import Phase
from tests.assessments.cycle_support import (
    explanation_data,
    explanation_url,
    leaf,
    open_set,
    pdf,
    today,
)
from tests.conftest import assert_sent_to_login, client_for, english_client
from tests.factories import make_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(unit_a, appraiser):
    index_set = open_set(
        phase=Phase.APPRAISAL,
        explanation_opens=today() - timedelta(days=1),
        explanation_closes=today() + timedelta(days=3),
    )
    for code, value in (("1.1", "2"), ("1.2.1", "3")):
        score = make_score(
            unit_a, leaf(index_set, code), self_points=Decimal(value), appraised_points=Decimal(0)
        )
        ReturnedItem.objects.create(
            score=score, question=f"Giải trình {code}?", returned_by=appraiser
        )
    Assessment.objects.create(unit=unit_a, index_set=index_set, status=AssessmentStatus.RETURNED)
    return index_set


def test_anonymous_visitors_are_sent_to_login(anonymous_client, unit_a, returned):
    assert_sent_to_login(anonymous_client.get(explanation_url(unit_a, returned)))


def test_an_official_of_another_unit_gets_404(official_b, unit_a, returned):
    client = client_for(official_b)
    assert client.get(explanation_url(unit_a, returned)).status_code == 404
    assert client.post(explanation_url(unit_a, returned), {}).status_code == 404


@pytest.mark.parametrize("persona", ["appraiser", "leader", "admin_user"])
def test_other_roles_read_the_questions_but_cannot_answer(request, persona, unit_a, returned):
    client = english_client(request.getfixturevalue(persona))
    html = client.get(explanation_url(unit_a, returned)).content.decode()
    assert "Giải trình 1.1?" in html and 'name="action"' not in html
    data = explanation_data(unit_a, returned, {"1.1": {"answer": "x"}})
    assert client.post(explanation_url(unit_a, returned), data).status_code == 403
    assert ReturnedItem.objects.filter(answer="x").count() == 0


def test_wrong_methods_are_refused(official_a, unit_a, returned):
    assert client_for(official_a).put(explanation_url(unit_a, returned)).status_code == 405


def test_the_unit_answers_each_item_and_sends_the_explanations(official_a, unit_a, returned):
    client = english_client(official_a)
    data = explanation_data(
        unit_a,
        returned,
        {
            "1.1": {"answer": "Kế hoạch ban hành ngày 5/1", "files": pdf()},
            "1.2.1": {"answer": "Đã hoàn thành 96 %", "value": "96"},
        },
        action="send",
    )
    response = client.post(explanation_url(unit_a, returned), data, follow=True)
    assert "Your explanations were sent to the appraisers." in response.content.decode()
    assert Assessment.objects.get().status == AssessmentStatus.EXPLAINED
    answers = dict(ReturnedItem.objects.values_list("score__criterion__code", "answer"))
    assert answers == {"1.1": "Kế hoạch ban hành ngày 5/1", "1.2.1": "Đã hoàn thành 96 %"}
    assert Score.objects.get(criterion__code="1.2.1").self_points == Decimal("1.00")
    assert Score.objects.get(criterion__code="1.1").evidence.count() == 1


def test_sending_with_an_item_unanswered_keeps_the_items_open(official_a, unit_a, returned):
    client = english_client(official_a)
    data = explanation_data(unit_a, returned, {"1.1": {"answer": "Đã có"}}, action="send")
    html = client.post(explanation_url(unit_a, returned), data, follow=True).content.decode()
    assert "Not sent yet: 1.2.1: write the unit&#x27;s explanation." in html
    assert Assessment.objects.get().status == AssessmentStatus.RETURNED
    assert ReturnedItem.objects.get(score__criterion__code="1.1").answer == "Đã có"


def test_after_the_explanation_window_the_page_is_read_only(official_a, unit_a, returned):
    returned.explanation_closes = today() - timedelta(days=1)
    returned.save()
    client = english_client(official_a)
    html = client.get(explanation_url(unit_a, returned)).content.decode()
    assert "Explanations closed on" in html and 'name="action"' not in html
    data = explanation_data(unit_a, returned, {"1.1": {"answer": "x"}})
    assert client.post(explanation_url(unit_a, returned), data).status_code == 403


def test_a_forged_answer_to_an_item_not_returned_saves_nothing(official_a, unit_a, returned):
    data = explanation_data(unit_a, returned, {"1.1": {"answer": "Đã có"}})
    data[f"leaf-{leaf(returned, '1.2.2').pk}-answer"] = "chen"
    response = english_client(official_a).post(explanation_url(unit_a, returned), data)
    assert response.status_code == 200 and "nothing was saved" in response.content.decode()
    assert not ReturnedItem.objects.exclude(answer="").exists()


def test_the_page_renders_in_a_fixed_number_of_queries(official_a, unit_a, returned):
    client = client_for(official_a)
    with CaptureQueriesContext(connection) as context:
        assert client.get(explanation_url(unit_a, returned)).status_code == 200
    assert len(context.captured_queries) <= 14
