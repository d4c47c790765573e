"""The leadership page of a year's commitments, walked through every persona."""

import pytest
from django.urls import reverse

from commitments import services
from tests.commitments.conftest import SIGNED_ON, pdf_upload, publish, score_unit
from tests.conftest import assert_sent_to_login, client_for, english_client
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

URL = reverse("commitments:year", kwargs={"year": 2023})


def test_anonymous_visitors_are_sent_to_login(anonymous_client, index_set):
    assert_sent_to_login(anonymous_client.get(URL))


@pytest.mark.parametrize("persona", ["official_a", "official_b"])
def test_officials_cannot_read_every_units_commitment(request, persona, index_set):
    assert client_for(request.getfixturevalue(persona)).get(URL).status_code == 403


@pytest.mark.parametrize("persona", ["leader", "appraiser", "admin_user"])
def test_the_page_is_read_only(request, persona, index_set):
    assert client_for(request.getfixturevalue(persona)).post(URL).status_code == 405


def test_a_year_without_sets_or_commitments_is_a_404(leader, index_set):
    assert (
        client_for(leader).get(reverse("commitments:year", kwargs={"year": 1999})).status_code
        == 404
    )


def test_a_leader_sees_who_signed_and_who_has_not(leader, index_set, signed_a, unit_b):
    response = english_client(leader).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phường A" in html and "Trần Thị Mai" in html and "Xã B" in html
    assert 'data-status="signed"' in html and 'data-status="none"' in html
    counts = response.context["counts"]
    assert (counts.units, counts.signed, counts.not_signed, counts.published) == (2, 1, 1, False)
    assert "Met or missed is shown once the year" in html
    assert "Manage in administration" not in html  # read-only for leaders


def test_after_publication_the_leader_sees_who_met_and_who_missed(
    leader, index_set, signed_a, unit_a, unit_b
):
    commitment_b = services.commitment_create(
        unit=unit_b, year=2023, signer_name="B", counterpart_name="C"
    )
    services.commitment_sign(commitment=commitment_b, signed_on=SIGNED_ON, scan=pdf_upload())
    score_unit(index_set, unit_a, survey="4")
    score_unit(index_set, unit_b, survey="3")
    publish(index_set)
    response = english_client(leader).get(URL)
    html = response.content.decode()
    counts = response.context["counts"]
    assert (counts.met, counts.missed) == (1, 1)
    assert 'data-status="met"' in html and 'data-status="missed"' in html
    # each unit links to its scorecard for the year
    scorecard = reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": "xa-b"})
    assert scorecard in html
    assert "75,00 %" in client_for(leader).get(URL).content.decode()  # survey 3 of 4, decimal comma


def test_an_admin_gets_a_link_to_manage_the_round(admin_user, index_set, commitment_a):
    html = english_client(admin_user).get(URL).content.decode()
    assert reverse("admin:commitments_commitment_changelist") + "?year__exact=2023" in html


def test_stricter_targets_are_marked(leader, index_set, commitment_a):
    from decimal import Decimal

    services.commitment_set_target(commitment=commitment_a, method="survey", pct=Decimal("97"))
    html = english_client(leader).get(URL).content.decode()
    assert 'class="target stricter"' in html and "97.00 %" in html


def test_the_page_needs_the_same_queries_for_many_units(
    leader, index_set, django_assert_num_queries
):
    publish(index_set)

    def add_units(count):
        for _ in range(count):
            unit = make_unit(kind="commune")
            commitment = services.commitment_create(
                unit=unit, year=2023, signer_name="A", counterpart_name="B"
            )
            services.commitment_sign(commitment=commitment, signed_on=SIGNED_ON, scan=pdf_upload())
            score_unit(index_set, unit)

    client = client_for(leader)
    add_units(2)
    with django_assert_num_queries(16) as few:
        assert client.get(URL).status_code == 200
    add_units(8)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.context["counts"].met == 10


def test_an_official_is_told_why_the_year_lists_are_not_theirs(official_a, index_set):
    for url in (URL, reverse("commitments:awards-year", kwargs={"year": 2023})):
        response = client_for(official_a).get(url)
        assert response.status_code == 403
        assert (
            "Cam kết và khen thưởng của mọi đơn vị chỉ dành cho cán bộ thẩm định, lãnh đạo "
            "và quản trị viên." in response.content.decode()
        )


def test_each_methods_result_is_said_in_words_not_by_colour_alone(
    leader, index_set, signed_a, unit_a
):
    score_unit(index_set, unit_a, survey="3")  # survey 75 % of a 95 % target
    publish(index_set)
    html = client_for(leader).get(URL).content.decode()
    missed = '<span aria-hidden="true">✗</span> 75,00 %<span class="visually-hidden"> (Không đạt)'
    met = '<span aria-hidden="true">✓</span> 100,00 %<span class="visually-hidden"> (Đạt)'
    assert missed in html and met in html
