"""The officials' to-do board, the appraisers' board, and where each role lands."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, AssessmentStatus, Evidence, ReturnedItem
from indexes.models import Phase
from tests.assessments.cycle_support import leaf, open_set, pdf, self_assessment_url, today
from tests.conftest import assert_sent_to_login, client_for, english_client
from tests.factories import make_score, make_unit

pytestmark = pytest.mark.django_db
BOARD = reverse("assessments:official-board")
APPRAISAL_BOARD = reverse("assessments:appraisal-board")


def test_each_role_lands_on_its_own_start_page(official_a, appraiser, admin_user):
    assert client_for(official_a).get("/").url == BOARD
    assert client_for(appraiser).get("/").url == APPRAISAL_BOARD
    assert client_for(admin_user).get("/").url == reverse("indexes:overview")


def test_anonymous_visitors_are_sent_to_login(anonymous_client):
    for url in (BOARD, APPRAISAL_BOARD):
        assert_sent_to_login(anonymous_client.get(url))


def test_boards_are_read_only(official_a, appraiser):
    assert client_for(official_a).post(BOARD).status_code == 405
    assert client_for(appraiser).post(APPRAISAL_BOARD).status_code == 405


def test_the_official_board_is_for_officials_and_the_appraisal_board_for_the_others(
    official_a, appraiser, leader, admin_user
):
    for user in (appraiser, leader, admin_user):
        assert client_for(user).get(BOARD).status_code == 403
        assert client_for(user).get(APPRAISAL_BOARD).status_code == 200
    assert client_for(official_a).get(APPRAISAL_BOARD).status_code == 403


def test_the_official_sees_the_deadline_and_what_is_left_to_do(official_a, unit_a, appraiser):
    index_set = open_set(name="Bộ chỉ số phường 2024")
    make_score(unit_a, leaf(index_set, "1.1"), self_points=Decimal("2"))  # no evidence
    score = make_score(unit_a, leaf(index_set, "1.2.1"), self_points=Decimal("3"))
    Evidence.objects.create(score=score, file=pdf(), original_name="a.pdf", size=10)
    html = english_client(official_a).get(BOARD).content.decode()
    assert "Bộ chỉ số phường 2024" in html
    assert "Self-assessment" in html and "Not started" in html
    closes = (today() + timedelta(days=10)).strftime("%d/%m/%Y")
    assert closes in html and "10 days left" in html
    assert "2 of 3" in html  # scored leaves (the survey leaf is not the unit's)
    assert f"#leaf-{leaf(index_set, '1.2.2').pk}" in html  # not scored yet
    assert "Without evidence or explanation" in html
    assert "Open the self-assessment" in html


def test_the_official_sees_returned_items(official_a, unit_a, appraiser):
    index_set = open_set(phase=Phase.APPRAISAL)
    score = make_score(unit_a, leaf(index_set, "1.1"), self_points=Decimal("2"))
    ReturnedItem.objects.create(score=score, question="Kế hoạch số mấy?", returned_by=appraiser)
    Assessment.objects.create(unit=unit_a, index_set=index_set, status=AssessmentStatus.RETURNED)
    html = english_client(official_a).get(BOARD).content.decode()
    assert "Returned by the appraisers" in html and "Kế hoạch số mấy?" in html
    assert "Explain the returned items" in html


def test_the_appraisal_board_shows_every_unit_with_status_dates_and_flags(
    appraiser, unit_a, unit_b
):
    index_set = open_set(phase=Phase.APPRAISAL, self_assessment_closes=today() - timedelta(days=1))
    Assessment.objects.create(
        unit=unit_a,
        index_set=index_set,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    department = make_unit(name="Phòng Nội vụ", kind="department")
    response = english_client(appraiser).get(APPRAISAL_BOARD)
    html = response.content.decode()
    rows = {row.unit.name: row for row in response.context["board"].rows}
    assert set(rows) == {"Phường A", "Xã B"}  # the department is not scored by the set
    assert rows["Phường A"].status == "submitted" and rows["Xã B"].status == "not_started"
    assert rows["Xã B"].flags == [
        f"Not submitted by {(today() - timedelta(days=1)).strftime('%d/%m/%Y')}"
    ]
    assert "Submitted: 1" in html and "Not started: 1" in html
    assert department.name not in html


def test_the_appraisal_board_filters_by_kind_and_year(appraiser, unit_a, unit_b):
    open_set(year=2024)
    open_set(year=2023)
    board = english_client(appraiser).get(APPRAISAL_BOARD, {"kind": "commune", "year": "2023"})
    assert [row.unit.name for row in board.context["board"].rows] == ["Xã B"]
    assert board.context["board"].year == 2023
    rubbish = english_client(appraiser).get(APPRAISAL_BOARD, {"kind": "x", "year": "abc"})
    assert rubbish.status_code == 200 and rubbish.context["board"].year == 2024


def test_a_set_in_preparation_for_next_year_does_not_move_the_board_off_this_year(appraiser):
    open_set(year=2024)
    open_set(year=2025, phase=Phase.PREPARING)
    board = english_client(appraiser).get(APPRAISAL_BOARD).context["board"]
    assert board.year == 2024 and board.years == [2025, 2024]


def test_the_appraisal_board_reads_in_the_same_queries_for_2_or_20_units(appraiser):
    index_set = open_set()
    client = client_for(appraiser)
    counts = []
    for extra in (2, 18):
        for _n in range(extra):
            unit = make_unit(kind="ward")
            Assessment.objects.create(unit=unit, index_set=index_set, status=AssessmentStatus.DRAFT)
        with CaptureQueriesContext(connection) as context:
            assert client.get(APPRAISAL_BOARD).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1] and counts[0] <= 10, counts


def test_the_official_board_reads_in_a_fixed_number_of_queries(official_a, unit_a):
    open_set()
    client = client_for(official_a)
    with CaptureQueriesContext(connection) as context:
        assert client.get(BOARD).status_code == 200
    # 12, the improvement plan's panel looks for an issued plan (one query; none here), and
    # the board lists the unread notifications (one query).
    assert len(context.captured_queries) <= 14


def test_the_log_out_and_language_forms_carry_their_csrf_token(official_a):
    html = client_for(official_a).get(BOARD).content.decode()
    assert html.count('name="csrfmiddlewaretoken"') >= 2


def test_an_official_logs_out_with_the_menu_button(official_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(official_a)
    html = client.get(BOARD).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get(BOARD).status_code == 302  # signed out


def test_a_unit_merged_away_has_no_form_in_later_years(official_a, unit_a):
    later = open_set(year=2026, name="Bộ chỉ số 2026")
    unit_a.valid_to = today().replace(year=2025, month=6, day=30)
    unit_a.save()
    client = client_for(official_a)
    assert "Bộ chỉ số 2026" not in client.get(BOARD).content.decode()
    assert client.get(self_assessment_url(unit_a, later)).status_code == 404


def test_a_refused_board_says_why_in_the_users_language(official_a, appraiser):
    official = client_for(official_a).get(APPRAISAL_BOARD)
    other = client_for(appraiser).get(BOARD)
    assert official.status_code == other.status_code == 403
    assert "Bảng thẩm định dành cho cán bộ thẩm định và lãnh đạo." in official.content.decode()
    assert "Bảng này dành cho cán bộ đơn vị." in other.content.decode()


@pytest.mark.parametrize("persona", ["appraiser", "leader"])
def test_only_admins_see_and_may_use_the_move_to_the_next_phase_action(
    request, persona, admin_user
):
    index_set = open_set()
    advance = reverse("assessments:advance-phase", kwargs={"set_code": index_set.code})
    admins_board = english_client(admin_user).get(APPRAISAL_BOARD).content.decode()
    assert advance in admins_board and "Move to the next phase" in admins_board
    client = english_client(request.getfixturevalue(persona))
    board = client.get(APPRAISAL_BOARD)
    assert board.status_code == 200
    assert advance not in board.content.decode()
    assert "Move to the next phase" not in board.content.decode()
    assert client.post(advance).status_code == 403
    index_set.refresh_from_db()
    assert index_set.phase == Phase.SELF_ASSESSMENT
