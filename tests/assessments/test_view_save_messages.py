"""What the sheet forms say after a save: one account that never contradicts itself.

"Nothing had changed." once stood beside "The self-assessment was submitted…" (or
"Saved as a draft…"): a submission that changes no score still submits, and one that is
held back saved nothing new. Every save × changed / unchanged pair of the three forms."""

from datetime import timedelta
from decimal import Decimal

import pytest

from assessments.models import Assessment, AssessmentStatus, ReturnedItem
from indexes.models import Phase
from tests.assessments.cycle_support import (
    appraisal_data,
    appraisal_url,
    explanation_data,
    explanation_url,
    leaf,
    open_set,
    self_assessment_data,
    self_assessment_url,
    today,
)
from tests.conftest import english_client
from tests.factories import make_score

pytestmark = pytest.mark.django_db

EXPLAINED = {
    "1.1": {"value": "yes", "explanation": "Kế hoạch 15/KH"},
    "1.2.1": {"value": "100", "explanation": "Báo cáo số 12"},
    "1.2.2": {"value": "87,5", "explanation": "Hệ thống một cửa"},
}
SAVED = "Saved: 3 leaves changed, 0 files attached."
ONE_SAVED = "Saved: 1 leaf changed, 0 files attached."
NOTHING = "Nothing had changed."
SUBMITTED = "The self-assessment was submitted to the appraisers."
HELD_BACK = (
    "Not submitted: 2 items are missing (listed at the top); the self-assessment stays a draft."
)


def said(client, url, data) -> list[str]:
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    ("before", "values", "action", "expected"),
    [
        (None, EXPLAINED, "save", [SAVED]),
        (EXPLAINED, EXPLAINED, "save", [NOTHING]),
        (None, EXPLAINED, "submit", [SAVED, SUBMITTED]),
        (EXPLAINED, EXPLAINED, "submit", [SUBMITTED]),
        (None, {"1.1": EXPLAINED["1.1"]}, "submit", [ONE_SAVED, HELD_BACK]),
        ({"1.1": EXPLAINED["1.1"]}, {"1.1": EXPLAINED["1.1"]}, "submit", [HELD_BACK]),
    ],
    ids=[
        "draft-changed",
        "draft-unchanged",
        "submit-changed",
        "submit-unchanged",
        "held-back-changed",
        "held-back-unchanged",
    ],
)
def test_the_self_assessment_says_one_coherent_thing(
    official_a, unit_a, before, values, action, expected
):
    index_set = open_set()
    client, url = english_client(official_a), self_assessment_url(unit_a, index_set)
    if before is not None:
        said(client, url, self_assessment_data(unit_a, index_set, before))
    assert said(client, url, self_assessment_data(unit_a, index_set, values, action)) == expected
    submitted = Assessment.objects.get().status == AssessmentStatus.SUBMITTED
    assert submitted == (SUBMITTED in expected)


@pytest.fixture
def returned(unit_a, appraiser):
    index_set = open_set(
        phase=Phase.APPRAISAL,
        explanation_opens=today() - timedelta(days=1),
        explanation_closes=today() + timedelta(days=3),
    )
    score = make_score(unit_a, leaf(index_set, "1.1"), self_points=Decimal(2))
    ReturnedItem.objects.create(score=score, question="Văn bản nào?", returned_by=appraiser)
    Assessment.objects.create(unit=unit_a, index_set=index_set, status=AssessmentStatus.RETURNED)
    return index_set


@pytest.mark.parametrize(
    ("answered_before", "action", "expected"),
    [
        (False, "save", [ONE_SAVED]),
        (True, "save", [NOTHING]),
        (False, "send", [ONE_SAVED, "Your explanations were sent to the appraisers."]),
        (True, "send", ["Your explanations were sent to the appraisers."]),
    ],
    ids=["draft-changed", "draft-unchanged", "send-changed", "send-unchanged"],
)
def test_the_explanation_says_one_coherent_thing(
    official_a, unit_a, returned, answered_before, action, expected
):
    client, url = english_client(official_a), explanation_url(unit_a, returned)
    answer = {"1.1": {"answer": "Kế hoạch 15/KH-UBND"}}
    if answered_before:
        said(client, url, explanation_data(unit_a, returned, answer))
    assert said(client, url, explanation_data(unit_a, returned, answer, action)) == expected


def test_sending_an_unanswered_explanation_says_only_what_is_missing(official_a, unit_a, returned):
    client, url = english_client(official_a), explanation_url(unit_a, returned)
    [message] = said(client, url, explanation_data(unit_a, returned, {}, "send"))
    assert message.startswith("Not sent yet:")


@pytest.mark.parametrize(
    ("saved_before", "expected"),
    [
        (False, [ONE_SAVED, "The appraisal of this unit is final."]),
        (True, ["The appraisal of this unit is final."]),
    ],
    ids=["finalise-changed", "finalise-unchanged"],
)
def test_finalising_an_appraisal_says_one_coherent_thing(
    appraiser, unit_a, submitted, saved_before, expected
):
    client, url = english_client(appraiser), appraisal_url(unit_a, submitted)
    survey = {"2.1": {"appraised": "4"}}
    if saved_before:
        assert said(client, url, appraisal_data(unit_a, submitted, survey)) == [ONE_SAVED]
        assert said(client, url, appraisal_data(unit_a, submitted, survey)) == [NOTHING]
    assert said(client, url, appraisal_data(unit_a, submitted, survey, "finalise")) == expected
    assert Assessment.objects.get().status == AssessmentStatus.APPRAISED
