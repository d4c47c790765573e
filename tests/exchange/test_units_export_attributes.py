"""The units table carries each unit's attributes as tag codes."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.exchange.conftest import read_response_workbook
from tests.factories import make_unit
from units.models import UnitTag

pytestmark = pytest.mark.django_db


def test_the_units_table_writes_each_units_attribute_codes(official_a, unit_a):
    first = UnitTag.objects.create(code="khong-tthc", name="Không có TTHC")
    second = UnitTag.objects.create(code="khoi-dang", name="Khối Đảng")
    make_unit(code="thanh-tra", kind="department").tags.add(first, second)
    workbook = read_response_workbook(client_for(official_a).get(reverse("exchange:units-export")))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    column = len(header) - 1
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["thanh-tra"][column] == "khoi-dang, khong-tthc"
    assert rows["phuong-a"][column] is None
