"""One field across every unit, with each of its criteria."""

import re

import pytest
from django.urls import reverse

from indexes.models import NotApplicable
from tests.conftest import assert_sent_to_login, clear_caches, client_for
from tests.dashboards.conftest import en, many_units

pytestmark = pytest.mark.django_db


def field_url(field_code: str = "1", set_code: str = "xa-2023") -> str:
    return reverse("dashboards:field-view", kwargs={"set_code": set_code, "field_code": field_code})


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_anonymous_visitors_are_sent_to_login(anonymous_client, scored):
    assert_sent_to_login(anonymous_client.get(field_url()))


@pytest.mark.parametrize("persona", ["leader", "appraiser", "admin_user"])
def test_units_are_compared_on_one_field_with_its_criteria(request, persona, scored):
    html = html_of(en(client_for(request.getfixturevalue(persona))).get(field_url()))
    assert "1. Tiêu chí 1" in html
    table = html.split("<tbody")[1].split("</tbody>")[0]
    assert table.index("Phường A") < table.index("Xã B")
    assert "100.00 %" in table and "58.33 %" in table  # B: 3.5 of 6
    assert "1.00</span>" not in table or "/ 3.00" in table
    assert re.search(r">\s*1\.1\s*<", html) and re.search(r">\s*1\.2\s*<", html)  # criteria


def test_a_criterion_that_does_not_apply_reads_n_a(leader, scored, unit_b):
    NotApplicable.objects.create(unit=unit_b, criterion=scored.criteria.get(code="1.2"))
    html = html_of(en(client_for(leader)).get(field_url()))
    row_b = html.split("Xã B")[1].split("</tr>")[0]
    assert "n/a" in row_b and "100.00 %" in row_b  # B: 2 of 2 on what applies


def test_officials_see_a_field_only_when_the_city_shares_every_detail(settings, official_a, scored):
    client = client_for(official_a)
    assert client.get(field_url()).status_code == 403
    settings.CCHC_OFFICIAL_DASHBOARD = "full"
    assert client.get(field_url()).status_code == 200


def test_an_unknown_field_or_set_is_a_404(leader, scored):
    client = client_for(leader)
    assert client.get(field_url("9")).status_code == 404
    assert client.get(field_url("1", "nope")).status_code == 404


def test_the_field_view_refuses_a_post(leader, scored):
    assert client_for(leader).post(field_url()).status_code == 405


def test_the_field_view_takes_as_many_queries_for_500_units_as_for_27(
    leader, scored, django_assert_num_queries, django_assert_max_num_queries
):
    many_units(scored, 25)
    client = client_for(leader)
    client.get(field_url())
    clear_caches()
    # + the shared cache: a read of each page and figure, and a write of each (5 queries)
    with django_assert_max_num_queries(45) as few:
        html_of(client.get(field_url()))
    many_units(scored, 473)
    clear_caches()
    with django_assert_num_queries(len(few.captured_queries)):
        html_of(client.get(field_url()))


def test_an_official_refused_a_field_is_told_why(official_a, scored):
    response = client_for(official_a).get(field_url())
    assert response.status_code == 403
    assert (
        "Thành phố không chia sẻ kết quả của đơn vị khác với cán bộ đơn vị."
        in response.content.decode()
    )
