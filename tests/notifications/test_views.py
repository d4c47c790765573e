"""The bell, the list, marking read, and the e-mail choices, walked through the personas."""

import pytest
from django.contrib.auth import get_user
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import EmailStatus, Notification, Preferences
from tests.conftest import assert_sent_to_login, client_for, english_client
from tests.notifications.support import returned

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")
READ_ALL = reverse("notifications:read-all")
PREFERENCES = reverse("notifications:preferences")


def read_url(notification) -> str:
    return reverse("notifications:read", kwargs={"pk": notification.pk})


@pytest.mark.parametrize("url", [LIST, PREFERENCES])
def test_anonymous_is_sent_to_sign_in(anonymous_client, url):
    assert_sent_to_login(anonymous_client.get(url))


def test_anonymous_cannot_mark_anything_read(anonymous_client, official_a, unit_a):
    notification = returned(official_a, unit_a)
    assert_sent_to_login(anonymous_client.post(read_url(notification)))
    assert_sent_to_login(anonymous_client.post(READ_ALL))
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_bell_shows_the_unread_count_on_every_page(official_a, unit_a):
    client = english_client(official_a)
    assert 'data-unread="0"' in client.get(reverse("indexes:overview")).content.decode()
    returned(official_a, unit_a)
    returned(official_a, unit_a)
    page = client.get(reverse("indexes:overview")).content.decode()
    assert 'data-unread="2"' in page and "2 unread" in page


def test_a_user_sees_only_their_own_notifications(official_a, official_b, unit_a, unit_b):
    returned(official_a, unit_a, count=3)
    returned(official_b, unit_b, count=7)
    page = english_client(official_b).get(LIST).content.decode()
    assert "7 items returned to Xã B" in page
    assert "Phường A" not in page and 'data-unread="1"' in page


def test_a_user_cannot_mark_another_users_notification_read(official_a, official_b, unit_a):
    notification = returned(official_a, unit_a)
    response = client_for(official_b).post(read_url(notification))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_one_read_and_opening_it_leads_to_the_page_where_one_acts(official_a, unit_a):
    notification = returned(official_a, unit_a)
    response = client_for(official_a).post(read_url(notification), {"open": "1"})
    assert response.status_code == 302
    assert response.url == "/units/phuong-a/sets/xa-2024/explanation/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_read_goes_back_only_to_this_site(official_a, unit_a):
    notification = returned(official_a, unit_a)
    client = client_for(official_a)
    assert client.post(read_url(notification), {"next": "/my-unit/"}).url == "/my-unit/"
    outside = client.post(read_url(notification), {"next": "https://evil.example/"})
    assert outside.url == LIST


def test_marking_read_takes_a_post(official_a, unit_a):
    notification = returned(official_a, unit_a)
    assert client_for(official_a).get(read_url(notification)).status_code == 405
    assert client_for(official_a).get(READ_ALL).status_code == 405


def test_mark_all_read_marks_only_ones_own(official_a, official_b, unit_a, unit_b):
    returned(official_a, unit_a)
    returned(official_a, unit_a)
    theirs = returned(official_b, unit_b)
    response = english_client(official_a).post(READ_ALL, follow=True)
    assert "2 notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=official_a, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_can_show_unread_only(official_a, unit_a):
    first = returned(official_a, unit_a, count=4)
    returned(official_a, unit_a, count=5)
    client_for(official_a).post(read_url(first))
    page = english_client(official_a).get(LIST, {"show": "unread"}).content.decode()
    assert "5 items returned" in page and "4 items returned" not in page


def test_the_to_do_board_lists_the_unread_notifications(official_a, unit_a):
    returned(official_a, unit_a, count=6)
    page = english_client(official_a).get(reverse("assessments:official-board"))
    assert "6 items returned to Phường A" in page.content.decode()


@pytest.mark.parametrize("url_name", ["assessments:official-board", "notifications:list"])
def test_a_page_with_the_bell_keeps_its_query_count(
    official_a, unit_a, url_name, django_assert_num_queries
):
    client = client_for(official_a)
    returned(official_a, unit_a)
    client.get(reverse(url_name))  # warm: the nav's cached fragment, the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url_name))
    for _ in range(40):
        returned(official_a, unit_a)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse(url_name))
    assert 'data-unread="41"' in response.content.decode()


def test_the_bell_costs_no_query_of_its_own(official_a, unit_a):
    """The count comes with the user: the page makes as many queries as without a bell."""
    client = client_for(official_a)
    returned(official_a, unit_a)
    request = client.get(reverse("indexes:overview")).wsgi_request
    assert get_user(request).unread_notification_count == 1


def test_preferences_choose_the_kinds_sent_by_email_and_the_language(official_a, unit_a):
    official_a.email = "a@caolanh.example"
    official_a.save()
    waiting = returned(official_a, unit_a)
    assert waiting.email_status == EmailStatus.PENDING
    client = english_client(official_a)
    page = client.get(PREFERENCES).content.decode()
    assert "Items returned for explanation" in page and "checked" in page
    response = client.post(PREFERENCES, {"email_kinds": ["unit_finalised"], "language": "en"})
    assert response.status_code == 302
    saved = Preferences.objects.get(user=official_a)
    assert "items_returned" in saved.muted_kinds and "unit_finalised" not in saved.muted_kinds
    assert saved.language == "en"
    waiting.refresh_from_db()
    assert waiting.email_status == EmailStatus.OFF  # not sent any more: the user said so
    assert returned(official_a, unit_a).email_status == EmailStatus.OFF


def test_preferences_refuse_an_unknown_kind_and_save_nothing(official_a):
    response = english_client(official_a).post(
        PREFERENCES, {"email_kinds": ["no_such_kind"], "language": "en"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Preferences.objects.filter(user=official_a).exists()


def test_preferences_are_ones_own(official_a, official_b):
    client_for(official_b).post(PREFERENCES, {"email_kinds": [], "language": "vi"})
    assert not Preferences.objects.filter(user=official_a).exists()
    assert Preferences.objects.get(user=official_b).muted_kinds


def test_a_notification_whose_page_is_gone_still_shows_without_a_link(official_a, unit_a):
    notification = returned(official_a, unit_a)
    Notification.objects.filter(pk=notification.pk).update(url_name="assessments:gone")
    response = english_client(official_a).get(LIST)
    assert response.status_code == 200 and "2 items returned" in response.content.decode()


def test_one_returned_item_reads_in_the_singular_in_english(official_a, unit_a):
    returned(official_a, unit_a, count=1)
    page = english_client(official_a).get(LIST).content.decode()
    assert "1 item returned to Phường A" in page and "1 items" not in page


def test_marking_one_notification_read_reads_in_the_singular(official_a, unit_a):
    returned(official_a, unit_a)
    response = english_client(official_a).post(READ_ALL, follow=True)
    assert "1 notification marked as read." in response.content.decode()
