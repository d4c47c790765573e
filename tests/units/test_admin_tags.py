"""Unit attributes in admin: their list with the number of units, a unit's attributes."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import make_unit
from units.models import Unit, UnitTag

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_procedures(db):
    return UnitTag.objects.create(
        code="khong-tthc", name="Không có TTHC", name_en="No administrative procedures"
    )


def test_the_attribute_list_shows_code_names_and_how_many_units_carry_it(admin_user, no_procedures):
    for code in ("thanh-tra", "van-phong"):
        make_unit(code=code, kind="department").tags.add(no_procedures)
    make_unit(code="phong-noi-vu", kind="department")
    response = client_for(admin_user).get(reverse("admin:units_unittag_changelist"))
    html = response.content.decode()
    assert "khong-tthc" in html and "Không có TTHC" in html
    assert "No administrative procedures" in html
    assert '<td class="field-unit_count">2</td>' in html


def test_admin_gives_a_unit_attributes(admin_user, no_procedures):
    unit = make_unit(code="thanh-tra", name="Thanh tra", kind="department")
    url = reverse("admin:units_unit_change", args=[unit.pk])
    html = client_for(admin_user).get(url).content.decode()
    assert 'name="tags"' in html and "selectfilter" in html  # filter_horizontal
    data = {"code": unit.code, "name": unit.name, "kind": unit.kind, "sort_order": 0,
            "tags": [no_procedures.pk]}  # fmt: skip
    response = client_for(admin_user).post(url, data)
    assert response.status_code == 302
    assert list(Unit.objects.get(pk=unit.pk).tags.all()) == [no_procedures]


def test_the_unit_list_filters_by_attribute(admin_user, no_procedures):
    make_unit(code="thanh-tra", name="Thanh tra", kind="department").tags.add(no_procedures)
    make_unit(code="phong-noi-vu", name="Phòng Nội vụ", kind="department")
    url = reverse("admin:units_unit_changelist")
    html = client_for(admin_user).get(url, {"tags__id__exact": no_procedures.pk}).content.decode()
    assert "thanh-tra" in html and "phong-noi-vu" not in html


@pytest.mark.parametrize("persona", ["official_a", "appraiser", "leader"])
def test_non_admins_cannot_add_attributes(request, persona):
    client = client_for(request.getfixturevalue(persona))
    response = client.post(reverse("admin:units_unittag_add"), {"code": "x", "name": "X"})
    assert response.status_code == 302 and reverse("admin:login") in response.url
    assert not UnitTag.objects.exists()
