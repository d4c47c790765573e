"""The overview, index-set and unit pages, walked through every persona."""

import pytest
from django.urls import reverse

from indexes.models import Phase
from tests.conftest import assert_sent_to_login, client_for
from tests.factories import make_criterion, make_index_set

pytestmark = pytest.mark.django_db

PERSONAS = ["official_a", "official_b", "appraiser", "leader", "admin_user"]


@pytest.fixture
def index_set(unit_a):
    return make_index_set(code="cao-lanh-xa-2023", name="Bộ chỉ số xã 2023", phase=Phase.PUBLISHED)


def pages(index_set, unit_a):
    return [
        reverse("indexes:overview"),
        reverse("indexes:index-set-detail", kwargs={"code": index_set.code}),
        reverse("units:unit-detail", kwargs={"code": unit_a.code}),
    ]


def test_anonymous_visitors_are_sent_to_login_from_every_page(anonymous_client, index_set, unit_a):
    for url in [reverse("home"), *pages(index_set, unit_a)]:
        assert_sent_to_login(anonymous_client.get(url))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_signed_in_role_reads_the_overview(request, persona, index_set, unit_a):
    response = client_for(request.getfixturevalue(persona)).get(reverse("indexes:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bộ chỉ số xã 2023" in html
    assert "Phường A" in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_read_only_pages_refuse_a_post(request, persona, index_set, unit_a):
    client = client_for(request.getfixturevalue(persona))
    for url in pages(index_set, unit_a):
        assert client.post(url).status_code == 405


def test_index_set_page_shows_the_tree_targets_and_classes_in_vietnamese(official_a, index_set):
    response = client_for(official_a).get(index_set.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "1.2.1" in html and "Tiêu chí 1.2.1" in html
    assert "từ 100 % trở lên → 3" in html  # the rate bands of leaf 1.2.1, as decisions write
    assert "Nhóm A" in html
    assert "95,00" in html  # the survey target with a decimal comma
    assert "The criteria tree has problems" not in html


def test_index_set_page_names_the_node_whose_children_do_not_add_up(leader):
    broken = make_index_set()
    make_criterion(
        broken,
        "2.2",
        "1",
        parent=broken.criteria.get(code="2"),
        method="survey",
        rule={"type": "proportional"},
    )
    html = client_for(leader).get(broken.get_absolute_url()).content.decode()
    assert "2: max points are 4" in html or "2: điểm tối đa" in html.lower()


def test_unknown_set_or_unit_is_a_404(leader):
    client = client_for(leader)
    assert (
        client.get(reverse("indexes:index-set-detail", kwargs={"code": "nope"})).status_code == 404
    )
    assert client.get(reverse("units:unit-detail", kwargs={"code": "nope"})).status_code == 404


def test_overview_takes_the_same_number_of_queries_for_few_or_many_sets_and_units(
    leader, django_assert_num_queries
):
    from tests.factories import make_unit

    client = client_for(leader)
    make_index_set()
    client.get(reverse("indexes:overview"))  # warm the session
    with django_assert_num_queries(4) as few:
        client.get(reverse("indexes:overview"))
    for _ in range(5):
        make_index_set()
        make_unit()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("indexes:overview"))


def test_index_set_page_takes_a_constant_number_of_queries(leader, django_assert_num_queries):
    small = make_index_set()
    big = make_index_set()
    for n in range(3, 30):
        make_criterion(big, str(n), "1", method="appraisal", rule={"type": "boolean"})
    client = client_for(leader)
    client.get(small.get_absolute_url())
    with django_assert_num_queries(6) as few:
        client.get(small.get_absolute_url())
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(big.get_absolute_url())
