"""The appraisal form's compact table and its "needs attention" filter (issue 14)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.appraisal_forms import AttentionAppraisalForm
from assessments.entry_selectors import unit_sheet
from assessments.models import Assessment, AssessmentStatus, Evidence, ReturnedItem, Score
from indexes.models import Phase
from tests.assessments.cycle_support import (
    _initial_data,
    appraisal_data,
    appraisal_url,
    big_set,
    leaf,
    pdf,
)
from tests.conftest import client_for, english_client
from tests.factories import make_score

pytestmark = pytest.mark.django_db


def _name(pk: int, part: str) -> str:
    return f'name="leaf-{pk}-{part}"'


@pytest.fixture
def mixed(unit_a, official_a, appraiser):
    """Six one-point leaves of unit A: 1.1 lowered, 1.2 returned (open), 1.3 claims its
    point with no evidence; 1.4 agreed, 1.5 scored 0 without evidence, 1.6 returned and
    closed. Every leaf but 1.3 and 1.5 has a document."""
    index_set = big_set(6, phase=Phase.APPRAISAL)
    values = {
        "1.1": {
            "self_points": Decimal(1),
            "appraised_points": Decimal(0),
            "appraiser_comment": "Thiếu",
        },
        "1.2": {"self_points": Decimal(1), "appraiser_comment": "Văn bản nào?"},
        "1.3": {"self_points": Decimal(1)},
        "1.4": {"self_points": Decimal(1), "appraised_points": Decimal(1)},
        "1.5": {"self_points": Decimal(0)},
        "1.6": {"self_points": Decimal(1), "appraiser_comment": "Đã rõ"},
    }
    for code, fields in values.items():
        score = make_score(unit_a, leaf(index_set, code), **fields)
        if code not in ("1.3", "1.5"):
            Evidence.objects.create(score=score, file=pdf(), original_name=f"{code}.pdf", size=10)
    returned = Score.objects.get(unit=unit_a, criterion__code="1.2")
    ReturnedItem.objects.create(score=returned, question="Văn bản nào?", returned_by=appraiser)
    closed = Score.objects.get(unit=unit_a, criterion__code="1.6")
    ReturnedItem.objects.create(
        score=closed, question="Đã rõ", returned_by=appraiser, closed_at=timezone.now()
    )
    Assessment.objects.create(
        unit=unit_a, index_set=index_set, status=AssessmentStatus.RETURNED, submitted_by=official_a
    )
    return index_set


def test_the_compact_table_shows_one_row_per_leaf_with_its_inputs(appraiser, unit_a, mixed):
    client = english_client(appraiser)
    html = client.get(appraisal_url(unit_a, mixed), {"view": "compact"}).content.decode()
    assert 'class="data appraisal-table"' in html and 'class="leaf appraisal-leaf' not in html
    for n in range(1, 7):
        pk = leaf(mixed, f"1.{n}").pk
        assert _name(pk, "appraised") in html and _name(pk, "comment") in html
        assert f"/leaves/{pk}/" in html  # the link to the leaf's full card
    assert "Lowered" in html and "No evidence" in html
    # The choice is remembered: the next visit without ?view= shows the table again.
    again = client.get(appraisal_url(unit_a, mixed)).content.decode()
    assert 'class="data appraisal-table"' in again
    cards = client.get(appraisal_url(unit_a, mixed), {"view": "cards"}).content.decode()
    assert 'class="data appraisal-table"' not in cards and "appraisal-leaf" in cards


def test_the_compact_table_saves_like_the_cards(appraiser, unit_a, mixed):
    client = english_client(appraiser)
    client.get(appraisal_url(unit_a, mixed), {"view": "compact"})
    data = appraisal_data(unit_a, mixed, {"1.4": {"appraised": "0"}})
    refused = client.post(appraisal_url(unit_a, mixed), data)  # lowered without a reason
    assert refused.status_code == 200
    assert "The appraised score is below the self-score" in refused.content.decode()
    assert 'class="data appraisal-table"' in refused.content.decode()
    assert Score.objects.get(unit=unit_a, criterion__code="1.4").appraised_points == 1
    data = appraisal_data(unit_a, mixed, {"1.4": {"appraised": "0", "comment": "Hết hạn"}})
    saved = client.post(appraisal_url(unit_a, mixed), data)
    assert saved.status_code == 302
    score = Score.objects.get(unit=unit_a, criterion__code="1.4")
    assert score.appraised_points == 0 and score.appraiser_comment == "Hết hạn"


def test_leaders_see_the_compact_table_without_inputs(leader, unit_a, mixed):
    html = english_client(leader).get(appraisal_url(unit_a, mixed), {"view": "compact"})
    text = html.content.decode()
    assert 'class="data appraisal-table"' in text and 'name="action"' not in text
    assert _name(leaf(mixed, "1.1").pk, "appraised") not in text


def test_the_filter_shows_only_lowered_returned_and_unsupported_leaves(appraiser, unit_a, mixed):
    client = english_client(appraiser)
    for view in ("cards", "compact"):
        response = client.get(appraisal_url(unit_a, mixed), {"view": view, "filter": "attention"})
        html = response.content.decode()
        shown = {n for n in range(1, 7) if _name(leaf(mixed, f"1.{n}").pk, "appraised") in html}
        assert shown == {1, 2, 3}, view
        assert "3 items need attention" in html


def test_the_count_shows_on_the_whole_form_too(appraiser, unit_a, mixed):
    html = english_client(appraiser).get(appraisal_url(unit_a, mixed)).content.decode()
    assert "3 items need attention" in html and "filter=attention" in html


def test_saving_a_filtered_form_leaves_the_hidden_leaves_alone(appraiser, unit_a, mixed):
    client = english_client(appraiser)
    url = appraisal_url(unit_a, mixed) + "?filter=attention&view=compact"
    form = AttentionAppraisalForm(sheet=unit_sheet(index_set=mixed, unit=unit_a))
    data = _initial_data(form) | {"action": "save"}
    data[f"leaf-{leaf(mixed, '1.3').pk}-appraised"] = "0"
    data[f"leaf-{leaf(mixed, '1.3').pk}-comment"] = "Không có văn bản"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url
    scores = {s.criterion.code: s for s in Score.objects.filter(unit=unit_a)}
    assert scores["1.3"].appraised_points == 0
    # The hidden leaves keep their appraised scores and comments.
    assert scores["1.4"].appraised_points == 1
    assert scores["1.6"].appraiser_comment == "Đã rõ"


def test_a_filtered_form_posting_a_leaf_of_another_set_saves_nothing(appraiser, unit_a, mixed):
    other = big_set(2, phase=Phase.APPRAISAL)
    form = AttentionAppraisalForm(sheet=unit_sheet(index_set=mixed, unit=unit_a))
    data = _initial_data(form) | {"action": "save"}
    data[f"leaf-{leaf(other, '1.1').pk}-appraised"] = "1"
    data[f"leaf-{leaf(mixed, '1.3').pk}-appraised"] = "0"
    data[f"leaf-{leaf(mixed, '1.3').pk}-comment"] = "x"
    url = appraisal_url(unit_a, mixed) + "?filter=attention"
    assert english_client(appraiser).post(url, data).status_code == 200
    assert Score.objects.get(unit=unit_a, criterion__code="1.3").appraised_points is None


def test_the_compact_table_renders_and_saves_in_a_constant_number_of_queries(appraiser, unit_a):
    client = client_for(appraiser)
    counts = {}
    for size in (5, 150):
        index_set = big_set(size, phase=Phase.APPRAISAL)
        url = appraisal_url(unit_a, index_set) + "?view=compact"
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
            assert response.status_code == 200 and b"appraisal-table" in response.content
        rendered = len(context.captured_queries)
        data = appraisal_data(unit_a, index_set)
        for pk in index_set.criteria.exclude(method="").values_list("pk", flat=True):
            data[f"leaf-{pk}-appraised"] = "1"
        with CaptureQueriesContext(connection) as context:
            assert client.post(url, data).status_code == 302
        counts[size] = (rendered, len(context.captured_queries))
    assert counts[5] == counts[150], counts


def test_after_a_conflict_the_filtered_form_saves_on_the_second_try(appraiser, unit_a, mixed):
    client = english_client(appraiser)
    url = appraisal_url(unit_a, mixed) + "?filter=attention"
    data = _initial_data(AttentionAppraisalForm(sheet=unit_sheet(index_set=mixed, unit=unit_a)))
    pk = leaf(mixed, "1.1").pk
    data |= {"action": "save", f"leaf-{pk}-appraised": "0", f"leaf-{pk}-comment": "Sai số liệu"}
    # Meanwhile another appraiser agrees with 1.1: it needs no attention any more.
    score = Score.objects.get(unit=unit_a, criterion__code="1.1")
    score.appraised_points, score.version = Decimal(1), score.version + 1
    score.save()
    conflict = client.post(url, data)
    assert conflict.status_code == 200 and "Changed by" in conflict.content.decode()
    again = client.post(url, conflict.context["form"].data)
    assert again.status_code == 302
    score.refresh_from_db()
    assert score.appraised_points == 0 and score.appraiser_comment == "Sai số liệu"
