"""The appraisers' page of optional methods not held: who may open it, when it saves,
what it saves, and what it does to a unit's result."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indexes.models import MethodNotHeld, Phase
from tests.conftest import client_for, english_client
from tests.factories import make_index_set, make_score, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_optional(unit_a, unit_b):
    """The factories' set (max 10; leaf 2.1 is the survey, 4 points), survey optional."""
    return make_index_set(
        code="xa-2023", year=2023, phase=Phase.APPRAISAL, optional_methods=["survey"]
    )


def page_url(index_set):
    return reverse("assessments:methods-not-held", kwargs={"set_code": index_set.code})


def ticked(*units):
    return {"not_held_survey": [str(unit.pk) for unit in units], "reason": "Không điều tra"}


def test_anonymous_visitors_are_sent_to_login(anonymous_client, survey_optional):
    response = anonymous_client.get(page_url(survey_optional))
    assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.parametrize("persona", ["official_a", "leader"])
def test_officials_and_leaders_are_refused(request, persona, survey_optional, unit_a):
    client = english_client(request.getfixturevalue(persona))
    response = client.get(page_url(survey_optional))
    assert response.status_code == 403
    assert "Only appraisers record which optional methods were not held." in (
        response.content.decode()
    )
    assert client.post(page_url(survey_optional), ticked(unit_a)).status_code == 403
    assert not MethodNotHeld.objects.exists()


def test_the_page_takes_get_and_post_only(appraiser, survey_optional):
    assert client_for(appraiser).put(page_url(survey_optional)).status_code == 405


@pytest.mark.parametrize("persona", ["appraiser", "admin_user"])
def test_appraisers_and_admins_see_a_box_per_unit_and_optional_method(
    request, persona, survey_optional, unit_a, unit_b
):
    html = english_client(request.getfixturevalue(persona)).get(page_url(survey_optional))
    html = html.content.decode()
    assert "Survey not held" in html
    for unit in (unit_a, unit_b):
        assert f'name="not_held_survey" value="{unit.pk}"' in html
    assert "Appraisal not held" not in html  # appraisal is not optional in this set
    assert 'name="save"' in html


def test_an_appraiser_records_the_survey_not_held_for_a_unit(appraiser, survey_optional, unit_a):
    client = english_client(appraiser)
    response = client.post(page_url(survey_optional), ticked(unit_a), follow=True)
    assert "Saved: 1 marked not held, 0 held again." in response.content.decode()
    row = MethodNotHeld.objects.get()
    assert (row.unit, row.method, row.reason) == (unit_a, "survey", "Không điều tra")
    assert f'value="{unit_a.pk}" aria-label="{unit_a.name}" checked' in response.content.decode()
    entry = LogEntry.objects.get()
    assert entry.user == appraiser and f"Survey not held for {unit_a.name}" in entry.change_message


def test_unticking_a_unit_holds_the_method_again_and_keeps_the_others(
    appraiser, survey_optional, unit_a, unit_b
):
    for unit in (unit_a, unit_b):
        MethodNotHeld.objects.create(index_set=survey_optional, method="survey", unit=unit)
    response = english_client(appraiser).post(
        page_url(survey_optional), ticked(unit_b), follow=True
    )
    assert "Saved: 0 marked not held, 1 held again." in response.content.decode()
    assert list(MethodNotHeld.objects.values_list("unit", flat=True)) == [unit_b.pk]


def test_a_row_for_the_whole_set_is_shown_and_left_alone(appraiser, survey_optional, unit_a):
    MethodNotHeld.objects.create(index_set=survey_optional, method="survey", unit=None)
    client = english_client(appraiser)
    html = client.get(page_url(survey_optional)).content.decode()
    assert "Not held for any unit of the set (set in administration): Survey" in html
    assert f'value="{unit_a.pk}" aria-label="{unit_a.name}" checked disabled' in html
    client.post(page_url(survey_optional), {"reason": ""})
    assert MethodNotHeld.objects.filter(unit=None).exists()


def test_a_unit_the_set_does_not_score_is_refused_and_nothing_saved(
    appraiser, survey_optional, unit_a
):
    department = make_unit(code="phong-noi-vu", name="Phòng Nội vụ", kind="department")
    response = english_client(appraiser).post(page_url(survey_optional), ticked(unit_a, department))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not MethodNotHeld.objects.exists()


@pytest.mark.parametrize("phase", [Phase.PREPARING, Phase.SELF_ASSESSMENT, Phase.PUBLISHED])
def test_outside_appraisal_the_page_is_read_only_and_a_post_is_refused(
    appraiser, survey_optional, unit_a, phase
):
    survey_optional.phase = phase
    survey_optional.save()
    client = english_client(appraiser)
    html = client.get(page_url(survey_optional)).content.decode()
    assert "Read only:" in html and 'name="save"' not in html
    assert client.post(page_url(survey_optional), ticked(unit_a)).status_code == 403
    assert not MethodNotHeld.objects.exists()


def test_the_explanation_phase_still_allows_it(appraiser, survey_optional, unit_a):
    survey_optional.phase = Phase.EXPLANATION
    survey_optional.save()
    english_client(appraiser).post(page_url(survey_optional), ticked(unit_a))
    assert MethodNotHeld.objects.filter(unit=unit_a).exists()


def test_a_set_without_optional_methods_says_so_and_saves_nothing(appraiser, unit_a):
    index_set = make_index_set(phase=Phase.APPRAISAL)
    client = english_client(appraiser)
    html = client.get(page_url(index_set)).content.decode()
    assert "This set makes no method optional" in html and 'name="save"' not in html
    client.post(page_url(index_set), ticked(unit_a))
    assert not MethodNotHeld.objects.exists()


def test_the_page_costs_the_same_queries_for_2_or_12_units(
    appraiser, survey_optional, django_assert_num_queries
):
    client = client_for(appraiser)
    client.get(page_url(survey_optional))  # session and user cached alike afterwards
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(survey_optional))
    for n in range(10):
        make_unit(code=f"phuong-{n + 10}", kind="ward")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(page_url(survey_optional))
    assert response.content.decode().count('name="not_held_survey"') == 12


def test_the_board_links_the_page_for_appraisers_only(appraiser, leader, survey_optional):
    board = reverse("assessments:appraisal-board") + "?year=2023"
    assert page_url(survey_optional) in client_for(appraiser).get(board).content.decode()
    assert page_url(survey_optional) not in client_for(leader).get(board).content.decode()


def test_the_survey_not_held_leaves_the_units_maximum_on_its_scorecard(
    appraiser, leader, survey_optional, unit_b
):
    """Unit B: 2 + 1 + 0.5 of 6 appraised and other points, 3 of 4 survey points: 6.5 of
    10 (65 %); without the survey, 3.5 of 6 (58.33 %)."""
    points = {"1.1": "2", "1.2.1": "1", "1.2.2": "0.5", "2.1": "3"}
    for code, value in points.items():
        make_score(unit_b, survey_optional.criteria.get(code=code), self_points=Decimal(value))
    card = reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": unit_b.code})
    reader = english_client(leader)
    assert "65.00 %" in reader.get(card).content.decode()
    english_client(appraiser).post(page_url(survey_optional), ticked(unit_b))
    html = reader.get(card).content.decode()
    assert "58.33 %" in html and "65.00 %" not in html
