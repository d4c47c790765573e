"""Where a node does not apply to a unit, every place that shows the leaf says so and why:
the self-assessment form, the appraisal form, the leaf's page and the unit's Excel sheet."""

import pytest
from django.urls import reverse

from indexes.models import NotApplicable, Phase, TagExemption
from tests.assessments.cycle_support import (
    leaf,
    open_set,
    self_assessment_url,
)
from tests.conftest import english_client
from tests.exchange.conftest import read_response_workbook
from tests.exchange.test_view_scores import export, rows_by_code
from units.models import UnitTag

pytestmark = pytest.mark.django_db

NO_PROCEDURES = "Unit without administrative procedures"


@pytest.fixture
def index_set(unit_a):
    """Field 2 is exempt for units without procedures; unit A is one; 1.1 is marked."""
    index_set = open_set()
    tag = UnitTag.objects.create(code="khong-tthc", name="Không có TTHC")
    exemption = TagExemption.objects.create(index_set=index_set, tag=tag, reason=NO_PROCEDURES)
    exemption.nodes.add(leaf(index_set, "2"))
    unit_a.tags.add(tag)
    NotApplicable.objects.create(
        unit=unit_a, criterion=leaf(index_set, "1.1"), reason="Merged into ward B in May"
    )
    return index_set


def test_the_self_assessment_form_says_not_applicable_and_why(official_a, unit_a, index_set):
    page = english_client(official_a).get(self_assessment_url(unit_a, index_set)).content.decode()
    assert f"<strong>Not applicable</strong>: {NO_PROCEDURES}" in page
    assert "<strong>Not applicable</strong>: Merged into ward B in May" in page
    assert f'name="leaf-{leaf(index_set, "2.1").pk}-value"' not in page


def test_the_appraisal_form_and_the_leaf_page_say_why(appraiser, unit_a, index_set):
    index_set.phase = Phase.APPRAISAL
    index_set.save()
    client = english_client(appraiser)
    appraisal = reverse(
        "assessments:appraisal", kwargs={"unit_code": unit_a.code, "set_code": index_set.code}
    )
    assert NO_PROCEDURES in client.get(appraisal).content.decode()
    detail = reverse(
        "assessments:score-detail",
        kwargs={"unit_code": unit_a.code, "criterion_id": leaf(index_set, "2.1").pk},
    )
    assert f"Not applicable: {NO_PROCEDURES}" in client.get(detail).content.decode()


def test_the_units_excel_sheet_gives_the_reason_in_the_not_applicable_column(
    official_a, unit_a, index_set
):
    sheet = read_response_workbook(export(english_client(official_a), index_set, unit_a))
    rows, columns = rows_by_code(sheet.worksheets[0])
    cell = sheet.worksheets[0].cell
    assert cell(rows["2.1"], columns["not_applicable"]).value == NO_PROCEDURES
    assert cell(rows["1.1"], columns["not_applicable"]).value == "Merged into ward B in May"
    assert cell(rows["1.2.1"], columns["not_applicable"]).value is None
