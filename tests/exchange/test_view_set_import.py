"""The set import pages walked through every persona: dry run first, then the import."""

import pytest
from django.urls import reverse

from exchange.models import Action, ExchangeLog, Outcome
from indexes.models import IndexSet
from tests.conftest import assert_sent_to_login, client_for
from tests.exchange.conftest import upload
from tests.exchange.test_set_excel import filled_template

pytestmark = pytest.mark.django_db
IMPORT = reverse("exchange:set-import")
CONFIRM = reverse("exchange:set-import-confirm")


def test_anonymous_visitors_are_sent_to_login(anonymous_client):
    for url in (IMPORT, CONFIRM):
        assert_sent_to_login(anonymous_client.get(url))


@pytest.mark.parametrize("persona", ["official_a", "appraiser", "leader"])
def test_only_admins_import_sets(request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": upload(filled_template())}).status_code == 403
    assert client.post(CONFIRM, {"preview": 1}).status_code == 403
    assert not IndexSet.objects.exists() and not ExchangeLog.objects.exists()


def test_the_confirm_step_accepts_only_post(admin_user):
    assert client_for(admin_user).get(CONFIRM).status_code == 405


def test_an_admin_previews_then_imports_and_both_steps_are_logged(admin_user):
    client = client_for(admin_user)
    page = client.post(IMPORT, {"file": upload(filled_template(), "bo-chi-so-2025.xlsx")})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Bộ chỉ số xã 2025" in html and "1.1" in html and "Đúng hạn = 2" in html
    assert not IndexSet.objects.exists()
    preview = ExchangeLog.objects.get()
    assert (preview.action, preview.outcome, preview.file_name) == (
        Action.SET_IMPORT,
        Outcome.PREVIEWED,
        "bo-chi-so-2025.xlsx",
    )
    done = client.post(CONFIRM, {"preview": preview.pk})
    index_set = IndexSet.objects.get(code="xa-2025")
    assert done.status_code == 302 and done.url == index_set.get_absolute_url()
    log = ExchangeLog.objects.latest("pk")
    assert (log.outcome, log.index_set, log.created_count, log.username) == (
        Outcome.DONE,
        index_set,
        3,
        admin_user.username,
    )


def test_a_bad_file_shows_each_problem_with_its_row_and_offers_no_import(admin_user):
    workbook = filled_template()
    workbook["criteria"]["D2"] = 5
    html = client_for(admin_user).post(IMPORT, {"file": upload(workbook)}).content.decode()
    assert "add up to 3" in html and '<td class="num">2</td>' in html
    assert CONFIRM not in html


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.7", "scan.pdf", "Only Excel workbooks"),
        (b"not a zip at all", "fake.xlsx", "not an Excel workbook"),
        (b"a;b\n1;2", "scores.csv", "Save the file as an Excel workbook"),
    ],
)
def test_non_excel_files_get_a_clear_message_never_a_500(admin_user, content, name, message):
    response = client_for(admin_user).post(IMPORT, {"file": upload(content, name)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ExchangeLog.objects.get().problem_count == 1


def test_someone_elses_or_a_refused_preview_cannot_be_confirmed(admin_user):
    other = type(admin_user).objects.create_superuser("other", password="x", role="admin")
    client_for(other).post(IMPORT, {"file": upload(filled_template())})
    preview = ExchangeLog.objects.get()
    response = client_for(admin_user).post(CONFIRM, {"preview": preview.pk})
    assert response.status_code == 302 and response.url == IMPORT
    assert not IndexSet.objects.exists()


def test_confirming_twice_imports_once(admin_user):
    client = client_for(admin_user)
    client.post(IMPORT, {"file": upload(filled_template())})
    preview = ExchangeLog.objects.get()
    client.post(CONFIRM, {"preview": preview.pk})
    again = client.post(CONFIRM, {"preview": preview.pk})
    assert "already exists" in again.content.decode()
    assert IndexSet.objects.count() == 1
    assert ExchangeLog.objects.latest("pk").outcome == Outcome.REFUSED


def test_the_import_page_takes_a_few_queries(admin_user, django_assert_max_num_queries):
    client = client_for(admin_user)
    with django_assert_max_num_queries(6):
        assert client.get(IMPORT).status_code == 200


def test_a_refused_set_import_says_who_may(leader):
    response = client_for(leader).get(IMPORT)
    assert response.status_code == 403
    assert "Only administrators import index sets." in response.content.decode()
