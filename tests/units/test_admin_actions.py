"""The admin actions that merge, split, rename and retire units."""

from datetime import date

import pytest
from django.urls import reverse

from tests.admin_support import act
from tests.conftest import client_for
from tests.factories import make_unit
from units.models import Unit

pytestmark = pytest.mark.django_db

UNITS = reverse("admin:units_unit_changelist")


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in their English source text."""
    settings.LANGUAGE_CODE = "en"


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
