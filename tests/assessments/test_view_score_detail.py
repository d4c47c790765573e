"""The leaf detail page (scores, rule, evidence, exchange, history) and evidence files."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, AssessmentStatus, Evidence, ReturnedItem, Score
from assessments.services.entry import SelfEntry, Upload, self_assessment_save
from indexes.models import Phase
from tests.assessments.cycle_support import PDF, detail_url, leaf, open_set, pdf, score_version
from tests.conftest import assert_sent_to_login, client_for, english_client
from tests.factories import make_criterion

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(official_a, unit_a):
    """Unit A scored 1.2.1 twice (96 % then 100 %) and attached a PDF."""
    index_set = open_set()
    criterion = leaf(index_set, "1.2.1")
    for rate, uploads in (
        ("96", (Upload(pdf("bao-cao.pdf"), "12/BC", None, "UBND", "tr. 3"),)),
        ("100", ()),
    ):
        self_assessment_save(
            user=official_a,
            unit=unit_a,
            index_set=index_set,
            entries=[SelfEntry(criterion.pk, {"rate": rate}, "Báo cáo năm", uploads)],
            versions={criterion.pk: score_version(unit_a, criterion)},
        )
    return criterion


def test_anonymous_visitors_are_sent_to_login(anonymous_client, unit_a, scored):
    assert_sent_to_login(anonymous_client.get(detail_url(unit_a, scored)))


def test_an_official_of_another_unit_gets_404_for_the_page_and_the_file(official_b, unit_a, scored):
    client = client_for(official_b)
    assert client.get(detail_url(unit_a, scored)).status_code == 404
    evidence = Evidence.objects.get()
    assert (
        client.get(reverse("assessments:evidence-download", args=[evidence.pk])).status_code == 404
    )
    assert (
        client.post(reverse("assessments:evidence-remove", args=[evidence.pk])).status_code == 404
    )


def test_a_parent_node_or_unknown_leaf_is_a_404(official_a, unit_a, scored):
    client = client_for(official_a)
    assert client.get(detail_url(unit_a, scored.parent)).status_code == 404
    missing = reverse(
        "assessments:score-detail", kwargs={"unit_code": unit_a.code, "criterion_id": 999999}
    )
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize("persona", ["official_a", "appraiser", "leader", "admin_user"])
def test_everyone_who_sees_the_unit_reads_scores_rule_evidence_and_history(
    request, persona, unit_a, scored
):
    client = english_client(request.getfixturevalue(persona))
    response = client.get(detail_url(unit_a, scored))
    html = response.content.decode()
    assert response.status_code == 200
    assert "≥ 100 % → 3" in html  # the rule
    assert 'data-score="self">3.00' in html
    assert "bao-cao.pdf" in html and "12/BC" in html and "tr. 3" in html
    assert "Báo cáo năm" in html
    history = response.context["history"]
    changes = [
        (event.what, change.label, change.old, change.new)
        for event in history
        for change in event.changes
    ]
    assert ("Score changed", "self-score", "1.00", "3.00") in changes
    assert ("Score changed", "value entered", "96 %", "100 %") in changes
    assert ("Evidence added", "file", "—", "bao-cao.pdf") in changes
    assert all(event.who == "official_a" for event in history)
    assert client.post(detail_url(unit_a, scored)).status_code == 405


def test_the_evidence_file_downloads_through_a_checked_view(official_a, appraiser, unit_a, scored):
    evidence = Evidence.objects.get()
    for user in (official_a, appraiser):
        response = client_for(user).get(
            reverse("assessments:evidence-download", args=[evidence.pk])
        )
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert 'filename="bao-cao.pdf"' in response["Content-Disposition"]


def test_the_official_removes_evidence_during_the_window_and_history_keeps_it(
    official_a, unit_a, scored
):
    client = english_client(official_a)
    evidence = Evidence.objects.get()
    html = client.get(detail_url(unit_a, scored)).content.decode()
    assert reverse("assessments:evidence-remove", args=[evidence.pk]) in html
    response = client.post(reverse("assessments:evidence-remove", args=[evidence.pk]), follow=True)
    html = response.content.decode()
    assert "was taken off this leaf" in html and "removed" in html
    assert Evidence.objects.get().removed_by == official_a
    assert "Evidence removed" in [event.what for event in response.context["history"]]


@pytest.mark.parametrize("persona", ["appraiser", "leader", "admin_user"])
def test_other_roles_cannot_remove_evidence(request, persona, unit_a, scored):
    client = client_for(request.getfixturevalue(persona))
    evidence = Evidence.objects.get()
    assert (
        reverse("assessments:evidence-remove", args=[evidence.pk])
        not in client.get(detail_url(unit_a, scored)).content.decode()
    )
    assert (
        client.post(reverse("assessments:evidence-remove", args=[evidence.pk])).status_code == 403
    )
    assert client.get(reverse("assessments:evidence-remove", args=[evidence.pk])).status_code == 405
    assert Evidence.objects.get().removed_at is None


def test_the_exchange_with_the_appraisers_is_shown(official_a, appraiser, unit_a, scored):
    score = Score.objects.get()
    ReturnedItem.objects.create(
        score=score, question="Kế hoạch nào?", answer="Số 15", returned_by=appraiser
    )
    html = english_client(official_a).get(detail_url(unit_a, scored)).content.decode()
    assert "Kế hoạch nào?" in html and "Số 15" in html


def test_the_page_reads_in_a_fixed_number_of_queries(official_a, unit_a, scored):
    index_set = scored.index_set
    other = make_criterion(index_set, "9", "1", method="appraisal", rule={"type": "boolean"})
    client = client_for(official_a)
    counts = []
    for criterion in (scored, other):
        with CaptureQueriesContext(connection) as context:
            assert client.get(detail_url(unit_a, criterion)).status_code == 200
        counts.append(len(context.captured_queries))
    assert max(counts) <= 14, counts


def test_admins_see_a_correction_link_once_results_are_published(admin_user, unit_a, scored):
    index_set = scored.index_set
    Assessment.objects.filter(index_set=index_set).update(status=AssessmentStatus.APPRAISED)
    correct = reverse(
        "assessments:score-correct", kwargs={"unit_code": unit_a.code, "criterion_id": scored.pk}
    )
    assert correct not in client_for(admin_user).get(detail_url(unit_a, scored)).content.decode()
    index_set.phase = Phase.PUBLISHED
    index_set.save()
    assert correct in client_for(admin_user).get(detail_url(unit_a, scored)).content.decode()
