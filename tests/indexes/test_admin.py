"""Django admin is the admins' home for index sets, units and scores."""

import pytest
from django.urls import reverse

from indexes.models import IndexSet, Phase
from tests.conftest import client_for
from tests.factories import make_criterion, make_index_set, make_score
from tests.indexes.test_admin_set_declarations import set_data

pytestmark = pytest.mark.django_db

MODELS = [
    "unit",
    "indexset",
    "criterion",
    "notapplicable",
    "score",
    "target",
    "classificationthreshold",
]


@pytest.fixture
def filled(unit_a):
    index_set = make_index_set(name="Bộ chỉ số 2023")
    make_score(unit_a, index_set.criteria.get(code="1.1"), self_points=2)
    return index_set


@pytest.mark.parametrize(
    "model",
    [
        "units_unit",
        "indexes_indexset",
        "indexes_criterion",
        "indexes_notapplicable",
        "assessments_score",
    ],
)
def test_admin_lists_every_model_with_search_and_filters(admin_user, filled, model):
    url = reverse(f"admin:{model}_changelist")
    response = client_for(admin_user).get(url, {"q": "a"})
    assert response.status_code == 200
    assert 'id="changelist-search"' in response.content.decode()


def test_admin_pages_speak_vietnamese_by_default(admin_user, filled):
    html = client_for(admin_user).get(reverse("admin:index")).content.decode()
    assert 'lang="vi"' in html


@pytest.mark.parametrize("persona", ["official_a", "appraiser", "leader"])
def test_non_admins_cannot_open_the_admin(request, persona, filled):
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("admin:indexes_indexset_changelist")
    )
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def change_phase(client, index_set, phase):
    url = reverse("admin:indexes_indexset_change", args=[index_set.pk])
    return client.post(url, set_data(index_set, phase=phase))


def test_admin_opens_self_assessment_on_a_set_whose_tree_adds_up(admin_user):
    index_set = make_index_set()
    response = change_phase(client_for(admin_user), index_set, Phase.SELF_ASSESSMENT)
    assert response.status_code == 302
    index_set.refresh_from_db()
    assert index_set.phase == Phase.SELF_ASSESSMENT


def test_admin_cannot_move_a_set_whose_tree_does_not_add_up_out_of_preparation(admin_user):
    index_set = make_index_set()
    field_2 = index_set.criteria.get(code="2")
    make_criterion(
        index_set, "2.2", "1.5", parent=field_2, method="other", rule={"type": "proportional"}
    )
    response = change_phase(client_for(admin_user), index_set, Phase.SELF_ASSESSMENT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2: " in html and "5.5" in html.replace(
        ",", "."
    )  # names the node and the children's sum
    assert IndexSet.objects.get(pk=index_set.pk).phase == Phase.PREPARING


def test_admin_refuses_a_set_with_no_kind_of_unit(admin_user):
    index_set = make_index_set()
    index_set.unit_kinds = []
    response = change_phase(client_for(admin_user), index_set, Phase.PREPARING)
    assert response.status_code == 200
    assert IndexSet.objects.get(pk=index_set.pk).unit_kinds == ["ward", "commune"]
