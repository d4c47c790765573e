"""The product's own exports come back in cleanly, whatever the texts start with; a formula
a user typed into the file is still refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Score
from exchange.models import ExchangeLog, Outcome
from indexes.models import IndexSet, Phase
from tests.conftest import client_for
from tests.exchange.conftest import read_response_workbook, upload
from tests.exchange.test_view_scores import confirm_url, export, import_url, rows_by_code
from tests.factories import make_index_set, make_score

pytestmark = pytest.mark.django_db
NOTHING_CHANGES = "The file changes nothing: every value is already recorded."
EXPLANATIONS = {
    "1.1": '=HYPERLINK("http://x","bấm")',
    "1.2.1": "-0,5 vì chậm\r\n=SUM(A1) là số liệu quý 4",  # two lines, as a browser sends them
    "1.2.2": "@Phòng Nội vụ: +1 báo cáo",
}


@pytest.fixture
def self_assessment(unit_a):
    today = timezone.localdate()
    index_set = make_index_set(
        code="xa-2024",
        year=today.year,
        phase=Phase.SELF_ASSESSMENT,
        self_assessment_opens=today - timedelta(days=3),
        self_assessment_closes=today + timedelta(days=3),
    )
    for code, text in EXPLANATIONS.items():
        make_score(unit_a, index_set.criteria.get(code=code), self_points=1, explanation=text)
    return index_set


def stored_texts(field: str) -> dict[str, str]:
    return dict(Score.objects.values_list("criterion__code", field))


def test_an_officials_own_export_with_texts_like_formulas_changes_nothing(
    official_a, self_assessment, unit_a
):
    client = client_for(official_a)
    workbook = read_response_workbook(export(client, self_assessment, unit_a))
    page = client.post(import_url(self_assessment, "self"), {"file": upload(workbook)})
    html = page.content.decode()
    assert "holds a formula" not in html
    assert NOTHING_CHANGES in html
    assert confirm_url(self_assessment, "self") not in html
    assert stored_texts("explanation") == EXPLANATIONS


def test_a_text_like_a_formula_typed_into_the_own_export_is_imported_as_typed(
    official_a, self_assessment, unit_a
):
    client = client_for(official_a)
    workbook = read_response_workbook(export(client, self_assessment, unit_a))
    sheet = workbook.worksheets[0]
    rows, columns = rows_by_code(sheet)
    cell = sheet.cell(rows["1.1"], columns["explanation"])
    cell.value = "=2+2 kế hoạch"
    cell.data_type = "s"  # typed after an apostrophe: text, as Excel saves it
    client.post(import_url(self_assessment, "self"), {"file": upload(workbook)})
    preview = ExchangeLog.objects.get(outcome=Outcome.PREVIEWED)
    assert (
        client.post(confirm_url(self_assessment, "self"), {"preview": preview.pk}).status_code
        == 302
    )
    assert stored_texts("explanation") == {**EXPLANATIONS, "1.1": "=2+2 kế hoạch"}


def test_a_real_formula_in_the_own_export_is_still_refused(official_a, self_assessment, unit_a):
    client = client_for(official_a)
    workbook = read_response_workbook(export(client, self_assessment, unit_a))
    sheet = workbook.worksheets[0]
    rows, columns = rows_by_code(sheet)
    sheet.cell(rows["1.1"], columns["self_points"]).value = "=1+1"  # openpyxl: a formula
    page = client.post(import_url(self_assessment, "self"), {"file": upload(workbook)})
    html = page.content.decode()
    assert "holds a formula; paste its value instead" in html
    assert confirm_url(self_assessment, "self") not in html


def test_an_appraisers_year_export_with_comments_like_formulas_changes_nothing(
    appraiser, unit_a, unit_b
):
    index_set = make_index_set(code="xa-2024", year=2024, phase=Phase.APPRAISAL)
    comments = {"1.1": "=A1 thiếu văn bản", "1.2.1": "+0,5 do bổ sung\r\nhồ sơ"}
    for code, text in comments.items():
        leaf = index_set.criteria.get(code=code)
        for unit in (unit_a, unit_b):
            make_score(
                unit, leaf, self_points=2, appraised_points=Decimal(1), appraiser_comment=text
            )
    client = client_for(appraiser)
    year = client.get(reverse("exchange:year-export", kwargs={"year": 2024}))
    page = client.post(import_url(index_set, "appraised"), {"file": upload(year.content)})
    assert NOTHING_CHANGES in page.content.decode()
    assert set(Score.objects.values_list("appraiser_comment", flat=True)) == set(comments.values())


def test_a_sets_own_export_with_names_like_formulas_imports_as_a_new_set(admin_user):
    source = make_index_set(code="xa-2024", year=2024, name="=Bộ chỉ số xã")
    source.criteria.filter(code="1.1").update(
        name='=HYPERLINK("http://x","bấm")', evidence_hint="-Kế hoạch\n+Báo cáo"
    )
    client = client_for(admin_user)
    workbook = read_response_workbook(
        client.get(reverse("exchange:set-export", kwargs={"code": "xa-2024"}))
    )
    keys = {row[0].value: row[1] for row in workbook["set"].iter_rows(min_row=2)}
    keys["code"].value, keys["year"].value = "xa-2025", 2025
    page = client.post(reverse("exchange:set-import"), {"file": upload(workbook)})
    assert "holds a formula" not in page.content.decode()
    preview = ExchangeLog.objects.get(outcome=Outcome.PREVIEWED)
    client.post(reverse("exchange:set-import-confirm"), {"preview": preview.pk})
    copy = IndexSet.objects.get(code="xa-2025")
    leaf = copy.criteria.get(code="1.1")
    assert copy.name == "=Bộ chỉ số xã"
    assert (leaf.name, leaf.evidence_hint) == (
        '=HYPERLINK("http://x","bấm")',
        "-Kế hoạch\n+Báo cáo",
    )
