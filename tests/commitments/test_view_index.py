"""The commitments entry in the menu leads each role to what it may read."""

import pytest
from django.urls import reverse

from tests.conftest import assert_sent_to_login, client_for, english_client

pytestmark = pytest.mark.django_db

INDEX = reverse("commitments:index")


def test_anonymous_visitors_are_sent_to_login(anonymous_client):
    assert_sent_to_login(anonymous_client.get(INDEX))


def test_a_leader_lands_on_the_latest_year(leader, index_set):
    response = client_for(leader).get(INDEX)
    assert response.status_code == 302 and response.url == reverse(
        "commitments:year", kwargs={"year": 2023}
    )


def test_an_official_lands_on_their_units_commitment(official_a, commitment_a):
    response = client_for(official_a).get(INDEX)
    assert response.url == commitment_a.get_absolute_url()


def test_an_official_without_a_commitment_is_told_so(official_b, commitment_a):
    client = english_client(official_b)
    response = client.get(INDEX)
    assert (
        response.status_code == 200
        and "Your unit has no commitment yet." in response.content.decode()
    )


def test_the_menu_links_to_the_commitments(official_a, leader):
    for user in (official_a, leader):
        assert INDEX in client_for(user).get(reverse("indexes:overview")).content.decode()


def test_the_index_is_read_only(leader):
    assert client_for(leader).post(INDEX).status_code == 405
