"""A unit's scores out to Excel and back in: officials' self-scores, appraisers' scores."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, AssessmentStatus, Score
from exchange.models import ExchangeLog, Outcome
from indexes.models import NotApplicable, Phase
from tests.conftest import client_for
from tests.exchange.conftest import read_response_workbook, upload
from tests.factories import make_index_set, make_score, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_set(unit_a, unit_b):
    today = timezone.localdate()
    return make_index_set(
        code="xa-2024",
        year=today.year,
        phase=Phase.SELF_ASSESSMENT,
        self_assessment_opens=today - timedelta(days=3),
        self_assessment_closes=today + timedelta(days=3),
    )


def export(client, index_set, unit):
    url = reverse(
        "exchange:unit-scores-export", kwargs={"code": index_set.code, "unit_code": unit.code}
    )
    return client.get(url)


def import_url(index_set, kind):
    return reverse("exchange:score-import", kwargs={"code": index_set.code, "kind": kind})


def confirm_url(index_set, kind):
    return reverse("exchange:score-import-confirm", kwargs={"code": index_set.code, "kind": kind})


def rows_by_code(sheet):
    header = next(n for n in range(1, 20) if sheet.cell(n, 1).value == "code")
    columns = {sheet.cell(header, c).value: c for c in range(1, sheet.max_column + 1)}
    return {sheet.cell(r, 1).value: r for r in range(header + 1, sheet.max_row + 1)}, columns


def filled(workbook, values: dict[str, dict[str, object]]):
    sheet = workbook.worksheets[0]
    rows, columns = rows_by_code(sheet)
    for code, cells in values.items():
        for key, value in cells.items():
            sheet.cell(rows[code], columns[key], value)
    return workbook


def test_an_official_exports_the_unit_sheet_with_sums_on_parents(official_a, index_set, unit_a):
    make_score(unit_a, index_set.criteria.get(code="1.1"), self_points=2)
    make_score(unit_a, index_set.criteria.get(code="1.2.1"), self_points=Decimal("1.5"))
    response = export(client_for(official_a), index_set, unit_a)
    assert response.status_code == 200
    sheet = read_response_workbook(response).worksheets[0]
    rows, columns = rows_by_code(sheet)
    assert sheet["B1"].value == "phuong-a" and sheet["B2"].value == "xa-2024"
    assert sheet.cell(rows["1"], columns["self_points"]).value == 3.5
    assert sheet.cell(rows["1.2.1"], columns["self_points"]).value == 1.5
    assert ExchangeLog.objects.get().unit == unit_a


def test_an_official_cannot_export_another_units_scores_and_anonymous_must_log_in(
    official_a, index_set, unit_b, anonymous_client
):
    assert export(client_for(official_a), index_set, unit_b).status_code == 404
    assert export(anonymous_client, index_set, unit_b).status_code == 302


def test_the_round_trip_of_an_official_saves_the_typed_self_scores(official_a, index_set, unit_a):
    client = client_for(official_a)
    workbook = filled(
        read_response_workbook(export(client, index_set, unit_a)),
        {"1.1": {"self_points": 2, "explanation": "Có kế hoạch"}, "1.2.2": {"self_points": "0,5"}},
    )
    page = client.post(import_url(index_set, "self"), {"file": upload(workbook)})
    assert "2 new scores" in page.content.decode()
    assert not Score.objects.exists()
    preview = ExchangeLog.objects.filter(outcome=Outcome.PREVIEWED).get()
    assert client.post(confirm_url(index_set, "self"), {"preview": preview.pk}).status_code == 302
    scores = {s.criterion.code: s for s in Score.objects.select_related("criterion")}
    assert scores["1.1"].self_points == 2 and scores["1.1"].explanation == "Có kế hoạch"
    assert (
        scores["1.2.2"].self_points == Decimal("0.5") and scores["1.2.2"].updated_by == official_a
    )
    assert Assessment.objects.get(unit=unit_a).status == AssessmentStatus.DRAFT
    assert scores["1.1"].history.count() == 1


def test_a_sheet_of_another_unit_refuses_the_whole_file(
    official_a, index_set, unit_a, unit_b, leader
):
    mine = read_response_workbook(export(client_for(official_a), index_set, unit_a))
    theirs = read_response_workbook(export(client_for(leader), index_set, unit_b))
    filled(mine, {"1.1": {"self_points": 2}})
    filled(theirs, {"1.1": {"self_points": 2}})
    copy = mine.create_sheet("xa-b")
    for row in theirs.worksheets[0].iter_rows(values_only=True):
        copy.append(row)
    page = client_for(official_a).post(import_url(index_set, "self"), {"file": upload(mine)})
    assert "Only the unit&#x27;s own officials" in page.content.decode()
    assert confirm_url(index_set, "self") not in page.content.decode()
    assert not Score.objects.exists()


def test_bad_rows_are_reported_with_their_row_and_nothing_is_saved(official_a, index_set, unit_a):
    NotApplicable.objects.create(unit=unit_a, criterion=index_set.criteria.get(code="1.2.2"))
    workbook = filled(
        read_response_workbook(export(client_for(official_a), index_set, unit_a)),
        {
            "1.1": {"self_points": 5},
            "1.2.1": {"self_points": "ba"},
            "1.2.2": {"self_points": 1},
            "2.1": {"self_points": 4},
        },
    )
    html = (
        client_for(official_a)
        .post(import_url(index_set, "self"), {"file": upload(workbook)})
        .content.decode()
    )
    assert "outside 0 to 2" in html
    assert "“ba” is not a number" in html
    assert "does not apply" in html
    assert "survey leaf" in html
    assert not Score.objects.exists()


def test_outside_the_window_the_page_says_why_and_a_post_is_refused(official_a, index_set):
    index_set.phase = Phase.APPRAISAL
    index_set.save()
    client = client_for(official_a)
    page = client.get(import_url(index_set, "self"))
    assert page.status_code == 200 and 'type="file"' not in page.content.decode()
    assert client.post(import_url(index_set, "self"), {"file": upload(b"x")}).status_code == 403


@pytest.mark.parametrize("persona", ["appraiser", "leader", "admin_user"])
def test_only_officials_import_self_scores(request, persona, index_set):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(import_url(index_set, "self")).status_code == 403


@pytest.mark.parametrize("persona", ["official_a", "leader"])
def test_officials_and_leaders_cannot_import_appraised_scores(request, persona, index_set):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(import_url(index_set, "appraised")).status_code == 403
    assert client.post(import_url(index_set, "appraised")).status_code == 403


def test_an_unknown_kind_of_import_is_a_404(appraiser, index_set):
    assert client_for(appraiser).get(import_url(index_set, "final")).status_code == 404


def year_file(client, year):
    return read_response_workbook(
        client.get(reverse("exchange:year-export", kwargs={"year": year}))
    )


def test_an_appraiser_imports_appraised_scores_from_the_year_export(
    appraiser, index_set, unit_a, unit_b
):
    index_set.phase = Phase.APPRAISAL
    index_set.save()
    make_score(unit_a, index_set.criteria.get(code="1.1"), self_points=2)
    client = client_for(appraiser)
    workbook = year_file(client, index_set.year)
    for sheet, points in ((workbook["phuong-a"], 0), (workbook["xa-b"], 2)):
        rows, columns = rows_by_code(sheet)
        sheet.cell(rows["1.1"], columns["appraised_points"], points)
    html = client.post(
        import_url(index_set, "appraised"), {"file": upload(workbook)}
    ).content.decode()
    assert "below the self-score" in html  # 0 < 2 without a comment
    rows, columns = rows_by_code(workbook["phuong-a"])
    workbook["phuong-a"].cell(rows["1.1"], columns["appraiser_comment"], "Thiếu minh chứng")
    client.post(import_url(index_set, "appraised"), {"file": upload(workbook)})
    preview = ExchangeLog.objects.filter(outcome=Outcome.PREVIEWED, problem_count=0).get()
    client.post(confirm_url(index_set, "appraised"), {"preview": preview.pk})
    points = dict(Score.objects.values_list("unit__code", "appraised_points"))
    assert points == {"phuong-a": Decimal("0.00"), "xa-b": Decimal("2.00")}


def test_a_phase_change_between_preview_and_confirm_refuses_the_import(
    appraiser, index_set, unit_a
):
    index_set.phase = Phase.APPRAISAL
    index_set.save()
    client = client_for(appraiser)
    workbook = year_file(client, index_set.year)
    rows, columns = rows_by_code(workbook["phuong-a"])
    workbook["phuong-a"].cell(rows["1.1"], columns["appraised_points"], 2)
    client.post(import_url(index_set, "appraised"), {"file": upload(workbook)})
    preview = ExchangeLog.objects.filter(outcome=Outcome.PREVIEWED).get()
    index_set.phase = Phase.PUBLISHED
    index_set.save()
    assert (
        client.post(confirm_url(index_set, "appraised"), {"preview": preview.pk}).status_code == 403
    )
    assert not Score.objects.exists()


def test_the_import_check_costs_the_same_queries_for_3_or_30_units(
    appraiser, django_assert_max_num_queries
):
    counts = []
    for size in (3, 30):
        index_set = make_index_set(
            code=f"set-{size}", year=2030, phase=Phase.APPRAISAL, unit_kinds=["ward"]
        )
        for n in range(size):
            make_unit(code=f"w{size}-{n}", kind="ward", valid_from=None)
        client = client_for(appraiser)
        workbook = year_file(client, 2030)
        for sheet in workbook.worksheets[1:]:
            rows, columns = rows_by_code(sheet)
            sheet.cell(rows["1.1"], columns["appraised_points"], 2)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            client.post(import_url(index_set, "appraised"), {"file": upload(workbook)})
        counts.append(len(context))
        index_set.delete()
    assert counts[0] == counts[1]


@pytest.mark.parametrize("damage", ["formula", "merged", "columns", "rows"])
def test_hostile_workbooks_get_a_clear_message_and_change_nothing(
    official_a, index_set, unit_a, settings, damage
):
    client = client_for(official_a)
    workbook = read_response_workbook(export(client, index_set, unit_a))
    sheet = workbook.worksheets[0]
    rows, columns = rows_by_code(sheet)
    if damage == "formula":
        sheet.cell(rows["1.1"], columns["self_points"], "=1+1")
    elif damage == "merged":
        sheet.merge_cells(start_row=rows["1.1"], start_column=2, end_row=rows["1.2"], end_column=2)
    elif damage == "columns":
        sheet.cell(min(rows.values()) - 1, columns["self_points"], "diem_tu_cham")
    else:
        settings.EXCHANGE_MAX_ROWS = 5
    response = client.post(import_url(index_set, "self"), {"file": upload(workbook)})
    html = response.content.decode()
    assert response.status_code == 200
    expected = {
        "formula": "formula",
        "merged": "merged",
        "columns": "diem_tu_cham",
        "rows": "at most 5",
    }
    assert expected[damage] in html
    assert confirm_url(index_set, "self") not in html
    assert not Score.objects.exists()


def test_a_leaf_changed_after_the_check_refuses_the_whole_import(official_a, index_set, unit_a):
    """The confirmed import writes through the form's service with the dry run's versions."""
    from assessments.services.common import score_token
    from assessments.services.entry import SelfEntry, self_assessment_save

    leaf = index_set.criteria.get(code="1.1")
    client = client_for(official_a)
    workbook = filled(
        read_response_workbook(export(client, index_set, unit_a)),
        {"1.1": {"self_points": 2, "explanation": "Có kế hoạch"}, "1.2.1": {"self_points": 1}},
    )
    client.post(import_url(index_set, "self"), {"file": upload(workbook)})
    preview = ExchangeLog.objects.filter(outcome=Outcome.PREVIEWED).get()
    # Meanwhile a colleague saves 1.1 on the form.
    self_assessment_save(
        user=official_a,
        unit=unit_a,
        index_set=index_set,
        entries=[SelfEntry(leaf.pk, {"done": False}, "Chưa có")],
        versions={leaf.pk: score_token(None)},
    )
    response = client.post(confirm_url(index_set, "self"), {"preview": preview.pk})
    assert "someone else changed 1.1" in response.content.decode()
    assert dict(Score.objects.values_list("criterion__code", "self_points")) == {
        "1.1": Decimal("0.00")
    }
    assert ExchangeLog.objects.filter(outcome=Outcome.REFUSED).exists()


def test_a_refused_score_import_says_who_may(official_a, appraiser, index_set):
    self_scores = client_for(appraiser).get(import_url(index_set, "self"))
    appraised = client_for(official_a).get(import_url(index_set, "appraised"))
    assert self_scores.status_code == appraised.status_code == 403
    assert "Only a unit&#x27;s officials import its self-scores." in self_scores.content.decode()
    assert "Only appraisers import appraised scores." in appraised.content.decode()
