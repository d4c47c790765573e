"""The admin actions for next year's set and for merging, splitting, renaming, retiring units."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from indexes.models import IndexSet, Unit
from tests.conftest import client_for
from tests.factories import make_index_set, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in their English source text."""
    settings.LANGUAGE_CODE = "en"


SETS = reverse("admin:indexes_indexset_changelist")
UNITS = reverse("admin:indexes_unit_changelist")


def act(client, url, action, objects, **data):
    return client.post(
        url, {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **data}, follow=True
    )


def test_cloning_shows_a_form_with_next_year_then_creates_the_set(admin_user):
    source = make_index_set(code="xa-2024", name="Bộ chỉ số xã 2024", year=2024)
    client = client_for(admin_user)
    page = act(client, SETS, "clone_index_set", [source])
    assert 'value="xa-2025"' in page.content.decode() and 'value="2025"' in page.content.decode()
    assert not IndexSet.objects.filter(code="xa-2025").exists()
    done = act(
        client,
        SETS,
        "clone_index_set",
        [source],
        apply="1",
        year="2025",
        code="xa-2025",
        name="Bộ chỉ số xã 2025",
        copy_not_applicable="on",
    )
    assert done.status_code == 200
    clone = IndexSet.objects.get(code="xa-2025")
    assert (
        clone.criteria.count() == 7 and clone.criteria.filter(source__index_set=source).count() == 7
    )


def test_a_clone_onto_an_existing_code_is_refused_with_a_message(admin_user):
    source = make_index_set(code="xa-2024", year=2024)
    make_index_set(code="xa-2025")
    page = act(
        client_for(admin_user),
        SETS,
        "clone_index_set",
        [source],
        apply="1",
        year="2025",
        code="xa-2025",
        name="X",
    )
    assert "already exists" in page.content.decode()
    assert IndexSet.objects.filter(code="xa-2025").count() == 1


def test_merging_two_wards_into_one_of_them_from_an_effective_date(admin_user):
    p1, p2 = make_unit(code="phuong-1"), make_unit(code="phuong-2")
    act(
        client_for(admin_user),
        UNITS,
        "merge_units",
        [p1, p2],
        apply="1",
        effective="2025-01-01",
        into=p1.pk,
    )
    p2.refresh_from_db()
    assert p2.valid_to == date(2024, 12, 31) and list(p1.predecessors.all()) == [p2]


def test_splitting_renaming_and_retiring_through_the_admin(admin_user):
    client = client_for(admin_user)
    old, dept, gone = make_unit(code="old"), make_unit(code="dept"), make_unit(code="gone")
    act(
        client,
        UNITS,
        "split_unit",
        [old],
        apply="1",
        effective="2025-07-01",
        successors="n1 | Một\nn2 | Hai",
    )
    act(
        client,
        UNITS,
        "rename_unit",
        [dept],
        apply="1",
        effective="2025-07-01",
        code="dept-2",
        name="Phòng mới",
    )
    act(client, UNITS, "retire_units", [gone], apply="1", effective="2025-07-01")
    assert set(Unit.objects.get(code="n2").predecessors.all()) == {old}
    assert Unit.objects.get(code="dept-2").predecessors.get() == dept
    assert Unit.objects.get(code="gone").valid_to == date(2025, 6, 30)


def test_a_bad_split_line_shows_the_form_again_and_changes_nothing(admin_user):
    old = make_unit(code="old")
    page = act(
        client_for(admin_user),
        UNITS,
        "split_unit",
        [old],
        apply="1",
        effective="2025-07-01",
        successors="only-a-code",
    )
    assert "code | name" in page.content.decode()
    old.refresh_from_db()
    assert old.valid_to is None
