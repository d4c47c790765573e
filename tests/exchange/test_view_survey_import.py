"""The survey import's pages: the check (dry run), then the import, for appraisers only."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Score
from exchange.models import Action, ExchangeLog, Outcome
from indexes.models import Phase
from tests.assessments.cycle_support import open_set
from tests.conftest import assert_sent_to_login, client_for, english_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def in_appraisal():
    return open_set(phase=Phase.APPRAISAL)


def import_url(index_set):
    return reverse("exchange:survey-import", kwargs={"code": index_set.code})


def confirm_url(index_set):
    return reverse("exchange:survey-import-confirm", kwargs={"code": index_set.code})


def sheet(text):
    return SimpleUploadedFile("khao-sat.csv", text.encode())


def checked(client, index_set, text):
    """The check's page; returns it and the id of its dry run (None when refused)."""
    response = client.post(import_url(index_set), {"file": sheet(text)})
    assert response.status_code == 200
    form = response.context.get("confirm_form")
    return response, (form.initial["preview"] if form else None)


def test_the_pages_send_anonymous_visitors_to_login(anonymous_client, in_appraisal):
    assert_sent_to_login(anonymous_client.get(import_url(in_appraisal)))
    assert_sent_to_login(anonymous_client.post(import_url(in_appraisal), {"file": sheet("x")}))
    assert_sent_to_login(anonymous_client.post(confirm_url(in_appraisal), {"preview": 1}))


def test_only_appraisers_check_or_import_survey_results(
    official_a, leader, appraiser, unit_a, in_appraisal
):
    _page, preview = checked(client_for(appraiser), in_appraisal, "phuong-a,2.1,3\n")
    for user in (official_a, leader):
        client = client_for(user)
        assert client.get(import_url(in_appraisal)).status_code == 403
        response = client.post(import_url(in_appraisal), {"file": sheet("phuong-a,2.1,3")})
        assert response.status_code == 403
        assert client.post(confirm_url(in_appraisal), {"preview": preview}).status_code == 403
    assert not Score.objects.exists()


def test_an_appraiser_checks_then_imports_a_sheet(appraiser, unit_a, in_appraisal):
    client = english_client(appraiser)
    assert client.get(import_url(in_appraisal)).status_code == 200
    response, preview = checked(client, in_appraisal, 'phuong-a,2.1,"3,5"\n')
    html = response.content.decode()
    assert "Preview: what the import will change" in html and "1 new scores, 0 changed" in html
    assert not Score.objects.exists()  # the check writes nothing
    response = client.post(confirm_url(in_appraisal), {"preview": preview}, follow=True)
    assert "1 scores were imported (1 new, 0 changed)." in response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("assessments:appraisal-board"))
    assert Score.objects.get().appraised_points == Decimal("3.50")
    log = ExchangeLog.objects.filter(action=Action.SURVEY_IMPORT, outcome=Outcome.DONE).get()
    assert (log.username, log.file_name, log.created_count) == ("appraiser", "khao-sat.csv", 1)
    assert client.put(import_url(in_appraisal)).status_code == 405
    assert client.get(confirm_url(in_appraisal)).status_code == 405


def test_a_sheet_with_bad_rows_is_reported_row_by_row(appraiser, unit_a, in_appraisal):
    response, preview = checked(
        english_client(appraiser), in_appraisal, "phuong-a,2.1,3\nnope,2.1,3\nphuong-a,2.1,9\n"
    )
    html = response.content.decode()
    assert preview is None and "Nothing was imported: the file has 2 problems." in html
    assert "no unit has the code &quot;nope&quot;." in html
    assert "Points: 9 is outside 0 to 4.00 points." in html
    assert [p.row for p in response.context["result"].problems] == [2, 3]
    assert not Score.objects.exists()


def test_a_file_of_the_wrong_type_is_refused(appraiser, in_appraisal):
    response = english_client(appraiser).post(
        import_url(in_appraisal), {"file": SimpleUploadedFile("a.pdf", b"%PDF-")}
    )
    assert "Choose a .csv or .xlsx file." in response.content.decode()


def test_a_dry_run_of_another_user_or_another_set_cannot_be_confirmed(
    appraiser, admin_user, unit_a, in_appraisal
):
    _page, preview = checked(client_for(appraiser), in_appraisal, "phuong-a,2.1,3\n")
    response = english_client(admin_user).post(
        confirm_url(in_appraisal), {"preview": preview}, follow=True
    )
    assert "That check has expired or is not yours" in response.content.decode()
    other = open_set(phase=Phase.APPRAISAL, code="other-set")
    response = client_for(appraiser).post(confirm_url(other), {"preview": preview})
    assert response.status_code == 302 and response.url == import_url(other)
    assert not Score.objects.exists()


def test_outside_the_appraisal_window_the_page_is_read_only_and_posts_are_refused(
    appraiser, unit_a, in_appraisal
):
    client = english_client(appraiser)
    _page, preview = checked(client, in_appraisal, "phuong-a,2.1,3\n")
    in_appraisal.phase = Phase.PUBLISHED
    in_appraisal.save()
    html = client.get(import_url(in_appraisal)).content.decode()
    assert "Read only:" in html and "Check the file" not in html
    assert (
        client.post(import_url(in_appraisal), {"file": sheet("phuong-a,2.1,3")}).status_code == 403
    )
    assert client.post(confirm_url(in_appraisal), {"preview": preview}).status_code == 403
    assert not Score.objects.exists()


def test_the_old_address_and_the_board_lead_to_the_new_page(appraiser, in_appraisal):
    client = client_for(appraiser)
    old = reverse("assessments:survey-import", kwargs={"set_code": in_appraisal.code})
    response = client.get(old)
    assert response.status_code == 301 and response.url == import_url(in_appraisal)
    assert client.post(old).status_code == 405
    board = client.get(reverse("assessments:appraisal-board")).content.decode()
    assert import_url(in_appraisal) in board and old not in board


def test_the_page_reads_in_a_fixed_number_of_queries(appraiser, in_appraisal):
    client = client_for(appraiser)
    with CaptureQueriesContext(connection) as context:
        assert client.get(import_url(in_appraisal)).status_code == 200
    assert len(context.captured_queries) <= 4
