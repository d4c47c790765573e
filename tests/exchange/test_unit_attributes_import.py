"""Units' attributes brought back from Excel: check, then import, all or nothing."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from exchange.models import Action, ExchangeLog, Outcome
from tests.conftest import client_for, english_client
from tests.exchange.conftest import read_response_workbook, upload
from units.models import UnitTag

pytestmark = pytest.mark.django_db

IMPORT = reverse("exchange:unit-attributes-import")
CONFIRM = reverse("exchange:unit-attributes-confirm")


@pytest.fixture
def tags(unit_a, unit_b):
    no_procedures = UnitTag.objects.create(code="khong-tthc", name="Không có TTHC")
    party = UnitTag.objects.create(code="khoi-dang", name="Khối Đảng")
    unit_b.tags.add(party)
    return no_procedures, party


def sheet(*rows, header=("code", "attributes")) -> bytes:
    workbook = Workbook()
    workbook.active.append(list(header))
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def codes(unit):
    return sorted(unit.tags.values_list("code", flat=True))


def test_the_units_export_comes_back_with_changed_attributes(admin_user, unit_a, unit_b, tags):
    client = english_client(admin_user)
    exported = read_response_workbook(client.get(reverse("exchange:units-export")))
    table = exported.active
    header = [cell.value for cell in table[1]]
    column = header.index("Attributes") + 1
    for row in range(2, table.max_row + 1):
        code = table.cell(row, 1).value
        table.cell(row, column).value = {"phuong-a": "khong-tthc, khoi-dang", "xa-b": None}[code]
    buffer = io.BytesIO()
    exported.save(buffer)

    page = client.post(IMPORT, {"file": upload(buffer.getvalue(), name="units.xlsx")})
    html = page.content.decode()
    assert "khoi-dang, khong-tthc" in html and "Import these attributes" in html
    assert codes(unit_a) == [] and codes(unit_b) == ["khoi-dang"]  # a check saves nothing
    preview = ExchangeLog.objects.get(outcome=Outcome.PREVIEWED)

    response = client.post(CONFIRM, {"preview": preview.pk})
    assert response.status_code == 302
    assert codes(unit_a) == ["khoi-dang", "khong-tthc"] and codes(unit_b) == []
    done = ExchangeLog.objects.get(action=Action.UNIT_ATTRIBUTES_IMPORT, outcome=Outcome.DONE)
    assert done.updated_count == 2


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ((("phuong-a", "khong-tthc, khong-co"),), "2</td><td>“khong-co” is not a unit attribute"),
        ((("phuong-x", "khong-tthc"),), "2</td><td>no unit has the code “phuong-x”"),
        ((("phuong-a", "khong-tthc"), ("phuong-a", "")), "3</td><td>phuong-a repeats row 2"),
    ],
)
def test_a_bad_row_is_named_and_nothing_changes(admin_user, unit_a, unit_b, tags, rows, problem):
    client = english_client(admin_user)
    html = client.post(IMPORT, {"file": upload(sheet(*rows), name="units.xlsx")}).content.decode()
    assert problem in html and "Import these attributes" not in html
    assert codes(unit_a) == [] and codes(unit_b) == ["khoi-dang"]


def test_a_sheet_without_the_two_columns_is_refused(admin_user, tags):
    data = sheet(("phuong-a", "x"), header=("unit", "tags"))
    html = english_client(admin_user).post(IMPORT, {"file": upload(data)}).content.decode()
    assert "must name a “code” column and an “attributes” column" in html


def test_a_change_made_between_the_check_and_the_import_is_checked_again(admin_user, unit_a, tags):
    client = english_client(admin_user)
    client.post(IMPORT, {"file": upload(sheet(("phuong-a", "khong-tthc")), name="units.xlsx")})
    preview = ExchangeLog.objects.get(outcome=Outcome.PREVIEWED)
    tags[0].delete()  # the attribute went away meanwhile
    page = client.post(CONFIRM, {"preview": preview.pk})
    assert page.status_code == 200 and "is not a unit attribute" in page.content.decode()
    assert codes(unit_a) == []


@pytest.mark.parametrize("persona", ["official_a", "appraiser", "leader"])
def test_only_administrators_import_attributes(request, persona, unit_a, tags):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(IMPORT).status_code == 403
    data = upload(sheet(("phuong-a", "khong-tthc")), name="units.xlsx")
    assert client.post(IMPORT, {"file": data}).status_code == 403
    assert client.post(CONFIRM, {"preview": 1}).status_code == 403
    assert codes(unit_a) == []


def test_another_admins_check_cannot_be_confirmed(admin_user, unit_a, tags):
    english_client(admin_user).post(
        IMPORT, {"file": upload(sheet(("phuong-a", "khong-tthc")), name="units.xlsx")}
    )
    preview = ExchangeLog.objects.get(outcome=Outcome.PREVIEWED)
    other = type(admin_user).objects.create_superuser("other", password="x", role="admin")
    response = client_for(other).post(CONFIRM, {"preview": preview.pk})
    assert response.status_code == 302 and codes(unit_a) == []
