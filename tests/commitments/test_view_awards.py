"""Awards and initiatives per year and per unit, walked through every persona."""

from datetime import date

import pytest
from django.urls import reverse

from commitments.models import AwardKind, Initiative
from tests.commitments.conftest import make_award
from tests.conftest import assert_sent_to_login, client_for
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

YEAR = reverse("commitments:awards-year", kwargs={"year": 2022})
UNIT_A = reverse("commitments:awards-unit", kwargs={"unit_code": "phuong-a"})


@pytest.fixture
def recognition(unit_a, unit_b):
    make_award(unit_a)
    make_award(unit_b)
    make_award(
        unit_a,
        kind=AwardKind.INDIVIDUAL,
        person_name="Nguyễn Thị Thanh Tâm",
        person_title="Chuyên viên",
    )
    Initiative.objects.create(
        year=2022,
        unit=unit_a,
        title="Zalo OA tiếp nhận phản ánh",
        recognised=True,
        applied_on=date(2022, 4, 1),
    )
    Initiative.objects.create(year=2022, unit=unit_b, title="Số hóa sổ hộ tịch")


def test_anonymous_visitors_are_sent_to_login(anonymous_client, recognition):
    for url in (YEAR, UNIT_A):
        assert_sent_to_login(anonymous_client.get(url))


@pytest.mark.parametrize("persona", ["leader", "appraiser", "admin_user"])
def test_readers_see_the_years_awards_and_initiatives_with_counts(request, persona, recognition):
    response = client_for(request.getfixturevalue(persona)).get(YEAR)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị Thanh Tâm" in html and "Zalo OA tiếp nhận phản ánh" in html
    assert '<span class="count" id="count-collectives">2</span>' in html
    assert '<span class="count" id="count-individuals">1</span>' in html
    assert '<span class="count" id="count-initiatives">2</span>' in html
    assert "31/01/2023" in html and ">2022<" in html


def test_officials_cannot_read_the_whole_years_list(official_a, recognition):
    assert client_for(official_a).get(YEAR).status_code == 403


def test_an_official_reads_their_own_units_awards_only(official_a, official_b, recognition):
    response = client_for(official_a).get(UNIT_A)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zalo OA tiếp nhận phản ánh" in html and "Số hóa sổ hộ tịch" not in html
    assert client_for(official_b).get(UNIT_A).status_code == 404


@pytest.mark.parametrize("persona", ["official_a", "leader", "admin_user"])
def test_the_pages_are_read_only(request, persona, recognition):
    client = client_for(request.getfixturevalue(persona))
    for url in (YEAR, UNIT_A):
        assert client.post(url).status_code == 405


def test_the_year_page_queries_do_not_grow_with_the_awards(
    leader, recognition, django_assert_num_queries
):
    client = client_for(leader)
    with django_assert_num_queries(10) as few:
        client.get(YEAR)
    for _ in range(5):
        unit = make_unit()
        make_award(unit)
        Initiative.objects.create(year=2022, unit=unit, title="Mô hình")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(YEAR)
