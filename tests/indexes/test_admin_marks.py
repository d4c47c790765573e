"""The units' bulk action: mark nodes of a set not applicable to the selected units."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import Role
from indexes.applicability import applicability
from indexes.models import NotApplicable, Phase
from tests.admin_support import act
from tests.conftest import client_for
from tests.factories import make_index_set, make_unit, make_user

pytestmark = pytest.mark.django_db

UNITS = reverse("admin:units_unit_changelist")
ACTION = "mark_not_applicable"


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in their English source text."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def index_set(db):
    return make_index_set(code="xa-2023", name="Bộ chỉ số xã 2023")


@pytest.fixture
def wards(db):
    return [make_unit(code=f"phuong-{n}", name=f"Phường {n}", kind="ward") for n in (1, 3)]


def apply(client, units, index_set, nodes, reason="Không có TTHC"):
    return act(client, UNITS, ACTION, units, apply="1", index_set=index_set.pk,
               nodes=[node.pk for node in nodes], reason=reason)  # fmt: skip


def test_the_action_asks_for_the_set_then_shows_its_nodes(admin_user, index_set, wards):
    other = make_index_set(name="Bộ khác")
    client = client_for(admin_user)
    first = act(client, UNITS, ACTION, wards).content.decode()
    assert 'name="index_set"' in first and "Bộ chỉ số xã 2023" in first
    assert 'name="nodes"' not in first
    second = act(client, UNITS, ACTION, wards, index_set=index_set.pk).content.decode()
    assert 'name="nodes"' in second and "1.2.1. Tiêu chí 1.2.1" in second
    foreign = other.criteria.get(code="1.1")
    assert f'value="{foreign.pk}"' not in second
    assert not NotApplicable.objects.exists()


def test_marks_are_made_for_each_unit_and_node(admin_user, index_set, wards):
    nodes = [index_set.criteria.get(code="2"), index_set.criteria.get(code="1.2.2")]
    page = apply(client_for(admin_user), wards, index_set, nodes)
    assert "4 not-applicable marks were created." in page.content.decode()
    marks = set(NotApplicable.objects.values_list("unit__code", "criterion__code", "reason"))
    assert marks == {
        (unit.code, code, "Không có TTHC") for unit in wards for code in ("2", "1.2.2")
    }
    # The marks take the nodes (and what lies below them) off the units, with the reason.
    says = applicability(index_set, [wards[0].pk])
    assert says.reason_for(wards[0].pk, index_set.criteria.get(code="2.1")) == "Không có TTHC"
    assert says.applies(wards[0].pk, index_set.criteria.get(code="1.1"))


def test_existing_marks_stay_as_they_are_and_are_not_counted(admin_user, index_set, wards):
    node = index_set.criteria.get(code="2")
    NotApplicable.objects.create(unit=wards[0], criterion=node, reason="Lý do cũ")
    page = apply(client_for(admin_user), wards, index_set, [node], reason="Lý do mới")
    assert "1 not-applicable mark was created." in page.content.decode()
    assert NotApplicable.objects.get(unit=wards[0]).reason == "Lý do cũ"
    assert NotApplicable.objects.get(unit=wards[1]).reason == "Lý do mới"


def test_one_unit_the_set_does_not_score_and_nothing_is_marked(admin_user, index_set, wards):
    department = make_unit(code="phong-noi-vu", name="Phòng Nội vụ", kind="department")
    page = apply(client_for(admin_user), [*wards, department], index_set,
                 [index_set.criteria.get(code="2")])  # fmt: skip
    html = page.content.decode()
    assert "does not score Phòng Nội vụ: nothing was marked." in html
    assert not NotApplicable.objects.exists()


def test_a_node_of_another_set_is_refused(admin_user, index_set, wards):
    other = make_index_set()
    page = apply(client_for(admin_user), wards, index_set, [other.criteria.get(code="2")])
    assert "Select a valid choice" in page.content.decode()
    assert not NotApplicable.objects.exists()


def test_a_reason_is_required(admin_user, index_set, wards):
    page = apply(client_for(admin_user), wards, index_set, [index_set.criteria.get(code="2")],
                 reason="")  # fmt: skip
    assert "This field is required." in page.content.decode()
    assert not NotApplicable.objects.exists()


def test_a_published_set_takes_no_new_marks(admin_user, wards):
    published = make_index_set(phase=Phase.PUBLISHED)
    page = apply(client_for(admin_user), wards, published, [published.criteria.get(code="2")])
    assert "are published: marks would change them." in page.content.decode()
    assert not NotApplicable.objects.exists()


def test_a_staff_account_that_is_not_an_administrator_cannot_mark(index_set, wards):
    """Model permissions on units do not open the action: it is the administrators'."""
    staff = make_user(role=Role.APPRAISER, username="staff_appraiser", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_unit", "change_unit"])
    )
    client = client_for(staff)
    listing = client.get(UNITS)
    assert listing.status_code == 200
    assert ACTION not in listing.content.decode()
    apply(client, wards, index_set, [index_set.criteria.get(code="2")])
    assert not NotApplicable.objects.exists()


@pytest.mark.parametrize("persona", ["official_a", "appraiser", "leader"])
def test_non_admins_cannot_run_the_action(request, persona, index_set, wards):
    page = apply(client_for(request.getfixturevalue(persona)), wards, index_set,
                 [index_set.criteria.get(code="2")])  # fmt: skip
    assert reverse("admin:login") in page.redirect_chain[-1][0]
    assert not NotApplicable.objects.exists()
