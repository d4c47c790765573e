"""Admin edits what a set declares about itself: its depth, optional methods and bounds,
exemptions by attribute, methods not held; and each node's kind, floor and unit kinds."""

import pytest
from django.conf import settings
from django.urls import reverse

from indexes.models import Criterion, IndexSet, MethodNotHeld, TagExemption
from tests.conftest import client_for
from tests.factories import make_criterion, make_index_set, make_unit
from units.models import UnitTag

pytestmark = pytest.mark.django_db


def admin_client(user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def set_data(index_set, **overrides):
    """What the set's change form posts, with no inline rows unless given."""
    data = {
        "code": index_set.code,
        "year": index_set.year,
        "name": index_set.name,
        "name_en": "",
        "unit_kinds": index_set.unit_kinds,
        "legal_basis_number": "",
        "phase": index_set.phase,
        "max_depth": index_set.max_depth,
        "optional_methods": index_set.optional_methods,
    }
    for prefix in ("targets", "thresholds", "tag_exemptions", "methods_not_held"):
        data[f"{prefix}-TOTAL_FORMS"] = 0
        data[f"{prefix}-INITIAL_FORMS"] = 0
    data.update(overrides)
    return data


def change_url(index_set):
    return reverse("admin:indexes_indexset_change", args=[index_set.pk])


def test_the_set_form_shows_the_declarations_and_both_inlines(admin_user):
    index_set = make_index_set()
    html = admin_client(admin_user).get(change_url(index_set)).content.decode()
    for name in ("max_depth", "optional_methods", "may_exceed_max", "may_fall_below_zero"):
        assert f'name="{name}"' in html
    assert 'name="tag_exemptions-TOTAL_FORMS"' in html
    assert 'name="methods_not_held-TOTAL_FORMS"' in html


def test_admin_saves_depth_optional_survey_and_bounds(admin_user):
    index_set = make_index_set()
    data = set_data(
        index_set,
        max_depth=4,
        optional_methods=["survey"],
        may_exceed_max="on",
        may_fall_below_zero="on",
    )
    response = admin_client(admin_user).post(change_url(index_set), data)
    assert response.status_code == 302
    index_set.refresh_from_db()
    assert index_set.max_depth == 4
    assert index_set.optional_methods == ["survey"]
    assert index_set.may_exceed_max and index_set.may_fall_below_zero


def test_a_fifth_level_is_refused(admin_user):
    index_set = make_index_set()
    response = admin_client(admin_user).post(
        change_url(index_set), set_data(index_set, max_depth=5)
    )
    assert response.status_code == 200
    assert IndexSet.objects.get(pk=index_set.pk).max_depth == 3


def exemption_data(index_set, tag, nodes, reason="Đơn vị không có TTHC"):
    """The set's form with one exemption row."""
    return set_data(
        index_set,
        **{
            "tag_exemptions-TOTAL_FORMS": 1,
            "tag_exemptions-0-tag": tag.pk,
            "tag_exemptions-0-nodes": [node.pk for node in nodes],
            "tag_exemptions-0-reason": reason,
        },
    )


def test_an_exemption_by_attribute_names_the_sets_nodes(admin_user):
    index_set = make_index_set()
    tag = UnitTag.objects.create(code="khong-tthc", name="Không có TTHC")
    field_2 = index_set.criteria.get(code="2")
    data = exemption_data(index_set, tag, [field_2], "Đơn vị không có TTHC")
    response = admin_client(admin_user).post(change_url(index_set), data)
    assert response.status_code == 302
    exemption = TagExemption.objects.get(index_set=index_set)
    assert exemption.tag == tag and list(exemption.nodes.all()) == [field_2]
    assert exemption.reason == "Đơn vị không có TTHC"


def test_an_exemption_cannot_name_a_node_of_another_set(admin_user):
    index_set, other = make_index_set(), make_index_set()
    tag = UnitTag.objects.create(code="khong-tthc", name="Không có TTHC")
    foreign = other.criteria.get(code="2")
    data = exemption_data(index_set, tag, [foreign], "x")
    response = admin_client(admin_user).post(change_url(index_set), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not TagExemption.objects.exists()
    # The form offers this set's nodes only.
    html = admin_client(admin_user).get(change_url(index_set)).content.decode()
    offered = html.split('name="tag_exemptions-__prefix__-nodes"')[1].split("</select>")[0]
    assert "1.1. Tiêu chí 1.1" in offered
    assert f'value="{foreign.pk}"' not in offered


def not_held_data(index_set, method, *, unit="", reason=""):
    """The set's form with one 'method not held' row (unit empty: every unit)."""
    return set_data(
        index_set,
        **{
            "methods_not_held-TOTAL_FORMS": 1,
            "methods_not_held-0-method": method,
            "methods_not_held-0-unit": unit,
            "methods_not_held-0-reason": reason,
        },
    )


def test_a_method_not_held_for_every_unit_of_a_set_that_makes_it_optional(admin_user):
    index_set = make_index_set(optional_methods=["survey"])
    data = not_held_data(index_set, "survey", reason="Năm nay không điều tra")
    response = admin_client(admin_user).post(change_url(index_set), data)
    assert response.status_code == 302
    row = MethodNotHeld.objects.get(index_set=index_set)
    assert row.method == "survey" and row.unit is None


def test_a_method_the_set_does_not_make_optional_cannot_be_not_held(admin_user):
    index_set = make_index_set(optional_methods=["survey"])
    data = not_held_data(index_set, "appraisal")
    response = admin_client(admin_user).post(change_url(index_set), data)
    assert response.status_code == 200
    assert "The set does not make appraisal optional" in response.content.decode()
    assert not MethodNotHeld.objects.exists()


def test_a_method_not_held_for_a_unit_the_set_does_not_score_is_refused(admin_user):
    index_set = make_index_set(optional_methods=["survey"])  # wards and communes
    department = make_unit(code="phong-noi-vu", kind="department")
    data = not_held_data(index_set, "survey", unit=department.pk)
    response = admin_client(admin_user).post(change_url(index_set), data)
    assert response.status_code == 200
    assert "The set does not score units of this kind." in response.content.decode()
    assert not MethodNotHeld.objects.exists()


def test_optional_methods_ticked_on_the_same_page_allow_the_row(admin_user):
    index_set = make_index_set()
    data = not_held_data(index_set, "survey") | {"optional_methods": ["survey"]}
    response = admin_client(admin_user).post(change_url(index_set), data)
    assert response.status_code == 302
    assert MethodNotHeld.objects.filter(index_set=index_set, method="survey").exists()


# --- the criterion form ---------------------------------------------------------------


def criterion_data(criterion, **overrides):
    data = {
        "index_set": criterion.index_set_id,
        "parent": criterion.parent_id or "",
        "code": criterion.code,
        "name": criterion.name,
        "name_en": "",
        "max_points": str(criterion.max_points),
        "method": criterion.method,
        "rule": "{}" if not criterion.rule else __import__("json").dumps(criterion.rule),
        "evidence_hint": "",
        "data_source": "",
        "kind": criterion.kind,
        "min_points": str(criterion.min_points),
        "source": "",
    }
    data.update(overrides)
    return data


def criterion_url(criterion):
    return reverse("admin:indexes_criterion_change", args=[criterion.pk])


def test_the_criterion_form_shows_kind_floor_and_unit_kinds(admin_user):
    index_set = make_index_set()
    leaf = index_set.criteria.get(code="1.1")
    html = admin_client(admin_user).get(criterion_url(leaf)).content.decode()
    assert 'name="kind"' in html and 'name="min_points"' in html
    assert 'name="applies_to_kinds"' in html and 'value="ward"' in html


def test_admin_makes_a_deduction_node_with_a_floor(admin_user):
    index_set = make_index_set()
    field_1 = index_set.criteria.get(code="1")
    node = make_criterion(index_set, "1.3", "0", parent=field_1, method="appraisal",
                          rule={"type": "boolean"})  # fmt: skip
    data = criterion_data(node, kind="deduction", min_points="-2")
    response = admin_client(admin_user).post(criterion_url(node), data)
    assert response.status_code == 302
    node.refresh_from_db()
    assert node.kind == "deduction" and str(node.min_points) == "-2.00"


def test_a_floor_on_a_normal_node_is_refused_with_the_tree_checks_words(admin_user):
    index_set = make_index_set()
    leaf = index_set.criteria.get(code="1.1")
    response = admin_client(admin_user).post(
        criterion_url(leaf), criterion_data(leaf, min_points="-1")
    )
    assert response.status_code == 200
    assert "1.1: only deduction nodes have a floor below 0." in response.content.decode()
    leaf.refresh_from_db()
    assert leaf.min_points == 0


def test_a_deduction_node_with_points_above_zero_is_refused(admin_user):
    index_set = make_index_set()
    leaf = index_set.criteria.get(code="1.1")
    data = criterion_data(leaf, kind="deduction", min_points="-1")
    response = admin_client(admin_user).post(criterion_url(leaf), data)
    assert response.status_code == 200
    assert "a deduction node has max 0 and a floor below 0" in response.content.decode()
    assert Criterion.objects.get(pk=leaf.pk).kind == "normal"


def test_a_node_for_wards_only_is_saved_without_spaces(admin_user):
    index_set = make_index_set()
    leaf = index_set.criteria.get(code="2.1")
    response = admin_client(admin_user).post(
        criterion_url(leaf), criterion_data(leaf, applies_to_kinds=["ward"])
    )
    assert response.status_code == 302
    leaf.refresh_from_db()
    assert leaf.applies_to_kinds == "ward"
    html = admin_client(admin_user).get(criterion_url(leaf)).content.decode()
    assert 'value="ward" id="id_applies_to_kinds_1" checked>' in html


def test_a_kind_the_set_does_not_score_is_refused(admin_user):
    index_set = make_index_set()  # wards and communes
    leaf = index_set.criteria.get(code="2.1")
    response = admin_client(admin_user).post(
        criterion_url(leaf), criterion_data(leaf, applies_to_kinds=["department"])
    )
    assert response.status_code == 200
    assert "The set does not score units of kind Department." in response.content.decode()
    assert Criterion.objects.get(pk=leaf.pk).applies_to_kinds == ""


def test_a_floor_that_is_not_a_number_gets_the_fields_message(admin_user):
    index_set = make_index_set()
    leaf = index_set.criteria.get(code="1.1")
    response = admin_client(admin_user).post(
        criterion_url(leaf),
        criterion_data(leaf, kind="deduction", max_points="0", min_points="abc"),
    )
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()


def test_a_fourth_level_needs_the_set_to_declare_it(admin_user):
    index_set = make_index_set()
    parent = index_set.criteria.get(code="1.2.1")
    url = reverse("admin:indexes_criterion_add")
    data = {
        "index_set": index_set.pk,
        "parent": parent.pk,
        "code": "1.2.1.1",
        "name": "Tầng bốn",
        "max_points": "1",
        "method": "appraisal",
        "rule": '{"type": "boolean"}',
        "kind": "normal",
        "min_points": "0",
    }
    response = admin_client(admin_user).post(url, data)
    assert response.status_code == 200
    assert "1.2.1.1: depth 4 is more than the 3 levels allowed." in response.content.decode()
    IndexSet.objects.filter(pk=index_set.pk).update(max_depth=4)
    response = admin_client(admin_user).post(url, data)
    assert response.status_code == 302
    assert index_set.criteria.filter(code="1.2.1.1").exists()


def test_a_bonus_node_cannot_sit_under_a_deduction_node(admin_user):
    index_set = make_index_set()
    field_1 = index_set.criteria.get(code="1")
    minus = make_criterion(index_set, "1.3", "0", parent=field_1, kind="deduction",
                           min_points="-2")  # fmt: skip
    url = reverse("admin:indexes_criterion_add")
    data = {
        "index_set": index_set.pk,
        "parent": minus.pk,
        "code": "1.3.1",
        "name": "Thưởng",
        "max_points": "1",
        "method": "appraisal",
        "rule": '{"type": "boolean"}',
        "kind": "bonus",
        "min_points": "0",
    }
    response = admin_client(admin_user).post(url, data)
    assert response.status_code == 200
    assert "1.3.1: a bonus node cannot sit under a deduction node." in response.content.decode()
    assert not index_set.criteria.filter(code="1.3.1").exists()


@pytest.mark.parametrize("persona", ["official_a", "appraiser", "leader"])
def test_non_admins_cannot_open_a_sets_declarations(request, persona):
    index_set = make_index_set()
    client = client_for(request.getfixturevalue(persona))
    response = client.post(change_url(index_set), set_data(index_set, optional_methods=["survey"]))
    assert response.status_code == 302 and reverse("admin:login") in response.url
    assert IndexSet.objects.get(pk=index_set.pk).optional_methods == []
