"""Imported points are points the leaf's rule can give: the unit sheet's self and appraised
points (and the survey sheet) are checked by the very function the forms use."""

import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl.utils import get_column_letter

from assessments.models import Score
from assessments.services.common import score_token
from assessments.services.entry import SelfEntry, self_assessment_save
from exchange.models import ExchangeLog, Outcome
from indexes.models import Phase
from tests.assessments.cycle_support import self_assessment_data, self_assessment_url
from tests.conftest import client_for
from tests.exchange.conftest import read_response_workbook, upload
from tests.exchange.test_survey_import import csv_file, problems_of, survey_preview
from tests.exchange.test_view_scores import confirm_url, filled, import_url, rows_by_code
from tests.factories import make_criterion, make_deduction_line, make_index_set

pytestmark = pytest.mark.django_db

BANDS = [
    {"min": 90, "min_inclusive": False, "points": 2},
    {"min": 70, "max": 90, "points": 1},
    {"max": 70, "max_inclusive": False, "points": 0},
]
# Every kind of rule a leaf can have, one leaf each (the rule's own values in comments).
LEAVES = [
    (  # 1 / 0,5 / 0
        "1.1",
        "1",
        "appraisal",
        {
            "type": "levels",
            "levels": [
                {"label": "Đúng thời hạn", "points": 1},
                {"label": "Chậm", "points": 0.5},
                {"label": "Không ban hành", "points": 0},
            ],
        },
    ),
    ("1.2", "2", "appraisal", {"type": "boolean"}),  # 0 or 2
    ("1.3", "2", "appraisal", {"type": "count", "per_item": 0.5, "cap": 2}),  # 0; 0,5 … 2
    ("1.4", "2", "appraisal", {"type": "pct_bands", "bands": BANDS}),  # 2, 1 or 0
    ("1.5", "1", "other", {"type": "proportional"}),  # anything from 0 to 1
    (  # a rate of two counts in the same bands
        "1.6",
        "2",
        "appraisal",
        {"type": "counts", "numerator": "Đúng hạn", "denominator": "Tổng số", "bands": BANDS},
    ),
    (
        "1.7",
        "4",
        "appraisal",
        {
            "type": "formula",
            "inputs": [{"name": "dung_han"}, {"name": "ke_hoach"}],
            "expression": "min(dung_han / ke_hoach * 4, 4)",
        },
    ),
]


@pytest.fixture
def index_set(unit_a):
    today = timezone.localdate()
    index_set = make_index_set(
        with_tree=False,
        code="so-2026",
        year=today.year,
        phase=Phase.SELF_ASSESSMENT,
        self_assessment_opens=today - timedelta(days=3),
        self_assessment_closes=today + timedelta(days=3),
    )
    field = make_criterion(index_set, "1", "14")
    for code, maximum, method, rule in LEAVES:
        make_criterion(index_set, code, maximum, parent=field, method=method, rule=rule)
    make_deduction_line(index_set, "1.8", field)  # −0,5 per late report, at most −2
    survey = make_criterion(index_set, "2", "4")
    make_criterion(  # the weights give 2 to 4 points: no answer scores below B's 50 %
        index_set,
        "2.1",
        "4",
        parent=survey,
        method="survey",
        rule={"type": "survey_weighted", "weights": {"A": 100, "B": 50}},
    )
    return index_set


def exported(client, index_set, unit):
    url = reverse(
        "exchange:unit-scores-export", kwargs={"code": index_set.code, "unit_code": unit.code}
    )
    return read_response_workbook(client.get(url))


def checked(client, index_set, workbook, kind="self") -> str:
    """The dry run's page, as the user reads it."""
    response = client.post(import_url(index_set, kind), {"file": upload(workbook)})
    assert response.status_code == 200
    return unescape(response.content.decode())


def problems(html: str) -> list[tuple[str, str, str]]:
    """The page's table of problems: (sheet, row, problem) per row."""
    table = html.partition('<table class="data problems">')[2].partition("</table>")[0]
    cells = r"<tr><td>([^<]*)</td><td class=\"num\">([^<]*)</td><td>([^<]*)</td></tr>"
    return re.findall(cells, table)


def cell_of(workbook, code, column="self_points") -> tuple[str, str]:
    rows, columns = rows_by_code(workbook.worksheets[0])
    return str(rows[code]), f"{get_column_letter(columns[column])}{rows[code]}"


def test_points_between_the_levels_are_refused_naming_sheet_row_and_cell(
    official_a, index_set, unit_a
):
    client = client_for(official_a)
    workbook = filled(
        exported(client, index_set, unit_a),
        {"1.1": {"self_points": 0.7}, "1.2": {"self_points": 2}},
    )
    row, cell = cell_of(workbook, "1.1")
    html = checked(client, index_set, workbook)
    assert problems(html) == [
        (
            "phuong-a",
            row,
            f"cell {cell}: 1.1: 0.7 points is not a score the leaf's rule gives; "
            "the rule gives 1; 0.5 or 0.",
        )
    ]
    # One bad row refuses the whole file: the valid 1.2 is not offered for import either.
    assert confirm_url(index_set, "self") not in html
    assert not Score.objects.exists()
    log = ExchangeLog.objects.get(outcome=Outcome.PREVIEWED)
    assert log.outcome == Outcome.PREVIEWED and log.problem_count == 1 and not log.stored_file


def test_the_refusal_reads_in_vietnamese_with_the_decimal_comma(
    official_a, index_set, unit_a, settings
):
    settings.LANGUAGE_CODE = "vi"
    client = client_for(official_a)
    workbook = filled(exported(client, index_set, unit_a), {"1.1": {"self_points": "0,7"}})
    row, cell = cell_of(workbook, "1.1")
    with translation.override("vi"):
        html = checked(client, index_set, workbook)
    [(sheet, number, text)] = problems(html)
    assert (sheet, number) == ("phuong-a", row)
    assert text.startswith(f"ô {cell}: 1.1: Điểm 0,7 không phải là mức điểm")
    assert text.endswith("quy tắc chấm chỉ cho 1; 0,5 hoặc 0.")
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    ("code", "points", "allowed"),
    [
        ("1.2", 0.3, "the rule gives 0 or 2."),  # yes/no
        ("1.2", 1, "the rule gives 0 or 2."),
        ("1.3", 0.7, "the rule gives 0; 0.5; 1; 1.5 or 2."),  # not a multiple of 0,5
        ("1.4", 1.5, "the rule gives 2; 1 or 0."),  # between two bands
        ("1.6", 0.5, "the rule gives 2; 1 or 0."),
        ("1.8", -0.3, "the rule gives 0; -0.5; -1; -1.5 or -2."),  # deduction line
    ],
)
def test_points_the_rule_cannot_give_are_refused(
    official_a, index_set, unit_a, code, points, allowed
):
    client = client_for(official_a)
    workbook = filled(exported(client, index_set, unit_a), {code: {"self_points": points}})
    row, cell = cell_of(workbook, code)
    html = checked(client, index_set, workbook)
    [(sheet, number, text)] = problems(html)
    assert (sheet, number) == ("phuong-a", row)
    assert text.startswith(f"cell {cell}: {code}: ") and text.endswith(allowed)
    assert confirm_url(index_set, "self") not in html
    assert not Score.objects.exists()


def test_points_each_rule_can_give_are_imported(official_a, index_set, unit_a):
    values = {
        "1.1": "0.5",
        "1.2": "2",
        "1.3": "1.5",
        "1.4": "1",
        "1.5": "0.37",  # a rate of 37 %
        "1.6": "0",
        "1.7": "2.67",  # the formula gives it for 2 of 3 documents on plan
        "1.8": "-1",
    }
    client = client_for(official_a)
    workbook = filled(
        exported(client, index_set, unit_a),
        {code: {"self_points": points} for code, points in values.items()},
    )
    html = checked(client, index_set, workbook)
    assert "8 new scores" in html
    preview = ExchangeLog.objects.get(outcome=Outcome.PREVIEWED)
    assert client.post(confirm_url(index_set, "self"), {"preview": preview.pk}).status_code == 302
    saved = dict(Score.objects.values_list("criterion__code", "self_points"))
    assert saved == {code: Decimal(points) for code, points in values.items()}


def test_the_units_own_export_re_imports_and_an_appraiser_may_agree_with_every_score(
    official_a, appraiser, index_set, unit_a
):
    """Scores entered on the form by every rule (rates, counts, a formula) come out of the
    export and go back in: unchanged for the official, as appraised points for appraisers."""
    inputs = {
        "1.1": {"level": "Chậm"},
        "1.2": {"done": True},
        "1.3": {"count": 3},
        "1.4": {"rate": "87.5"},
        "1.5": {"rate": "73.3"},
        "1.6": {"counts": {"numerator": "45", "denominator": "49"}},
        "1.7": {"inputs": {"dung_han": "2", "ke_hoach": "3"}},
        "1.8": {"count": 1},
    }
    leaves = {leaf.code: leaf for leaf in index_set.criteria.all()}
    self_assessment_save(
        user=official_a,
        unit=unit_a,
        index_set=index_set,
        entries=[SelfEntry(leaves[code].pk, value) for code, value in inputs.items()],
        versions={leaves[code].pk: score_token(None) for code in inputs},
    )
    entered = dict(Score.objects.values_list("criterion__code", "self_points"))
    assert entered["1.5"] == Decimal("0.73") and entered["1.6"] == Decimal("2.00")
    assert entered["1.7"] == Decimal("2.67")

    client = client_for(official_a)
    html = checked(client, index_set, exported(client, index_set, unit_a))
    assert "The file changes nothing" in html and not problems(html)

    index_set.phase = Phase.APPRAISAL
    index_set.save()
    client = client_for(appraiser)
    workbook = exported(client, index_set, unit_a)
    sheet = workbook.worksheets[0]
    rows, columns = rows_by_code(sheet)
    for code in inputs:
        value = sheet.cell(rows[code], columns["self_points"]).value
        sheet.cell(rows[code], columns["appraised_points"], value)
    sheet.cell(rows["2.1"], columns["appraised_points"], 3.25)
    html = checked(client, index_set, workbook, kind="appraised")
    assert not problems(html), problems(html)
    assert "1 new scores, 8 changed" in html
    preview = ExchangeLog.objects.filter(outcome=Outcome.PREVIEWED).latest("pk")
    client.post(confirm_url(index_set, "appraised"), {"preview": preview.pk})
    appraised = dict(Score.objects.values_list("criterion__code", "appraised_points"))
    assert appraised == {**entered, "2.1": Decimal("3.25")}
    # The official's inputs stay with their scores (the import did not retype them).
    assert Score.objects.get(criterion__code="1.6").self_input == inputs["1.6"]


def test_survey_points_below_what_the_weights_give_are_refused_in_both_imports(
    appraiser, index_set, unit_a
):
    index_set.phase = Phase.APPRAISAL
    index_set.save()
    client = client_for(appraiser)
    workbook = filled(exported(client, index_set, unit_a), {"2.1": {"appraised_points": 1}})
    html = checked(client, index_set, workbook, kind="appraised")
    [(_sheet, _row, text)] = problems(html)
    assert text.endswith(
        "2.1: 1 points is not a score the leaf's rule gives; the rule gives from 2 to 4."
    )
    # The survey sheet goes through the same check (checked_points) without a line of its own.
    result = survey_preview(
        user=appraiser, index_set=index_set, upload=csv_file("phuong-a,2.1,1\n")
    )
    assert "the rule gives from 2 to 4" in " ".join(problems_of(result))
    assert not Score.objects.exists()


def test_imported_points_become_the_rules_input_where_they_name_one_and_survive_the_form(
    official_a, index_set, unit_a
):
    """0,5 on the levels leaf is the level "Chậm"; 2 on a yes/no leaf is "done"; 1,5 at 0,5
    per item is 3 items. Points no single input gives (a band's, the cap's) stay typed.
    Either way the official's next save of the form keeps them."""
    values = {"1.1": "0.5", "1.2": "2", "1.3": "1.5", "1.4": "1", "1.8": "-2"}
    client = client_for(official_a)
    workbook = filled(
        exported(client, index_set, unit_a),
        {code: {"self_points": points} for code, points in values.items()},
    )
    checked(client, index_set, workbook)
    preview = ExchangeLog.objects.get(outcome=Outcome.PREVIEWED)
    client.post(confirm_url(index_set, "self"), {"preview": preview.pk})
    inputs = dict(Score.objects.values_list("criterion__code", "self_input"))
    assert inputs == {
        "1.1": {"level": "Chậm"},
        "1.2": {"done": True},
        "1.3": {"count": 3},
        "1.4": None,  # a rate from 70 % to 90 %: which one is not known
        "1.8": None,  # the cap: 4 late reports or more
    }
    response = client.post(
        self_assessment_url(unit_a, index_set), self_assessment_data(unit_a, index_set)
    )
    assert response.status_code == 302
    saved = dict(Score.objects.values_list("criterion__code", "self_points"))
    assert saved == {code: Decimal(points) for code, points in values.items()}
