"""A real-shaped set through the Excel template: band edges in words or brackets, the
rules with several inputs, node kinds, floors, kinds of unit and exemptions, both ways."""

from pathlib import Path

import pytest
from django.utils import translation

from exchange.rule_cells import format_bands, parse_bands, parse_rule_cell
from exchange.rule_text import ParameterError
from exchange.set_reading import read_index_set_workbook
from exchange.set_workbook import index_set_workbook
from indexes.importing import index_set_import, load_index_set_yaml
from indexes.scoring import evaluate_rule
from tests.exchange.conftest import opened, saved
from tests.exchange.test_set_excel import renamed, snapshot

pytestmark = pytest.mark.django_db
DONG_THAP = Path(__file__).resolve().parents[2] / "demo/data/dong-thap-so-nganh-2026.yaml"
PUBLISHED = "trên 90 % = 2; từ 70 % đến 90 % = 1; dưới 70 % = 0"


def dong_thap():
    return index_set_import(data=load_index_set_yaml(DONG_THAP.read_text(encoding="utf-8")))


def criteria_cell(workbook, code: str, column: str):
    sheet = workbook["criteria"]
    header = [cell.value for cell in sheet[1]]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == code)
    return row[header.index(column)].value


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_dong_thap_set_survives_export_and_import_node_by_node(tmp_path, language):
    original = dong_thap()
    with translation.override(language):
        workbook = index_set_workbook(original)
    reading = read_index_set_workbook(opened(saved(renamed(workbook, "copy"), tmp_path)))
    assert reading.problems == []
    copy = index_set_import(data=reading.data)
    assert snapshot(copy) == snapshot(original)
    assert copy.criteria.get(code="1.6").min_points == -2


def test_bands_are_written_as_the_decision_writes_them_in_vietnamese_and_plainly_in_english():
    original = dong_thap()
    with translation.override("vi"):
        workbook = index_set_workbook(original)
    assert criteria_cell(workbook, "1.1.2", "parameters") == PUBLISHED
    assert criteria_cell(workbook, "1.6", "kind") == "deduction"
    assert criteria_cell(workbook, "1.6", "min_points") == -2
    counts = criteria_cell(workbook, "3.2", "parameters")
    assert "numerator = Hồ sơ giải quyết đúng hạn" in counts.splitlines()
    assert "bands = trên 90 % = 6; từ 70 % đến 90 % = 3; dưới 70 % = 0" in counts.splitlines()
    assert "tiep_can = Tiếp cận dịch vụ (20 %)" in criteria_cell(workbook, "8.1", "parameters")
    assert [cell.value for cell in workbook["exemptions"][2]] == [
        "khong-tthc",
        "Không có thủ tục hành chính",
        "Without administrative procedures",
        "3, 7.3, 7.5",
        "Đơn vị không có thủ tục hành chính",
    ]
    with translation.override("en"):
        workbook = index_set_workbook(original)
    assert (
        criteria_cell(workbook, "1.1.2", "parameters") == "(90..100] = 2; [70..90] = 1; [0..70) = 0"
    )


def test_the_published_phrases_score_their_edges_as_the_text_says():
    rule = {"type": "pct_bands", "bands": parse_bands(PUBLISHED)}
    points = {rate: evaluate_rule(rule, rate, 2) for rate in ("90", "90.005", "70", "69.99")}
    assert points == {"90": 1, "90.005": 2, "70": 1, "69.99": 0}
    assert parse_bands("(90..100] = 2; [70..90] = 1; [0..70) = 0") == rule["bands"]


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("từ 95 % trở lên = 5", {"min": 95, "points": 5}),
        ("Từ 95% = 5", {"min": 95, "points": 5}),
        ("từ 70 % đến dưới 90 % = 1", {"min": 70, "max": 90, "max_inclusive": False, "points": 1}),
        ("trên 50 % đến 70 % = 0,5", {"min": 50, "min_inclusive": False, "max": 70, "points": 0.5}),
        ("từ 0 % đến 70 % = 0", {"max": 70, "points": 0}),
        ("từ 70 % trở xuống = 0", {"max": 70, "points": 0}),
        ("bằng 100 % = 2", {"min": 100, "points": 2}),
        ("[80,5..100) = 1", {"min": 80.5, "max": 100, "max_inclusive": False, "points": 1}),
    ],
)
def test_each_way_of_writing_an_edge_reads_as_it_says(text, band):
    assert parse_bands(text) == [band]


def test_phrases_come_back_as_they_were_written():
    with translation.override("vi"):
        for text in (PUBLISHED, "từ 95 % trở lên = 5; từ 80 % đến dưới 95 % = 3; dưới 80 % = 0"):
            assert format_bands(parse_bands(text)) == text
        assert format_bands(parse_bands("100 = 2; 80 = 1; 0 = 0")) == "100 = 2; 80 = 1; 0 = 0"


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("pct_bands", "khoảng 90 % = 2", "is not a band"),
        ("pct_bands", "trên 90 % = 2; 0 = 0", "every band with its edges"),
        ("counts", "numerator = A\nweight = 2", "not a parameter of this rule"),
        ("formula", "expression", "name = value"),
    ],
)
def test_a_cell_that_cannot_be_read_says_why(kind, text, message):
    with translation.override("en"), pytest.raises(ParameterError, match=message):
        parse_rule_cell(kind, text)


def test_a_template_filled_in_by_hand_with_the_new_columns_imports(tmp_path):
    workbook = index_set_workbook(None)
    values = {
        "code": "so-2026",
        "year": 2026,
        "name": "Bộ chỉ số sở 2026",
        "unit_kinds": "department",
        "optional_methods": "survey",
        "may_exceed_max": "có",
    }
    for row in workbook["set"].iter_rows(min_row=2):
        row[1].value = values.get(row[0].value)
    workbook["classes"].append(["A", "Tốt", None, 0])
    rows = [
        ["1", "Chỉ đạo", None, 3],
        ["1.1", "Kế hoạch", None, 2, "appraisal", "pct_bands", PUBLISHED],
        ["1.2", "Khảo sát", None, 1, "survey", "proportional"],
        ["1.3", "Báo cáo chậm", None, 0, "appraisal", "count", "per_item = -0,5; cap = -1"],
        ["1.4", "Sáng kiến", None, 1, "appraisal", "boolean"],
    ]
    extra = {"1.3": ("deduction", -1, None), "1.4": ("bonus", None, "department")}
    sheet = workbook["criteria"]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(
            row + [None] * (9 - len(row)) + list(extra.get(row[0], ())), 1
        ):
            sheet.cell(number, column, value)
    workbook["exemptions"].append(["khong-tthc", "Không có TTHC", None, "1.1", "Không có TTHC"])
    reading = read_index_set_workbook(opened(saved(workbook, tmp_path)))
    assert reading.problems == []
    index_set = index_set_import(data=reading.data)
    assert (index_set.optional_methods, index_set.may_exceed_max) == (["survey"], True)
    deduction = index_set.criteria.get(code="1.3")
    assert (deduction.kind, deduction.min_points) == ("deduction", -1)
    assert index_set.criteria.get(code="1.4").kinds == ["department"]
    assert list(index_set.tag_exemptions.get().nodes.values_list("code", flat=True)) == ["1.1"]


def test_an_unknown_value_in_a_new_column_names_its_row(tmp_path):
    original = dong_thap()
    workbook = renamed(index_set_workbook(original), "copy")
    sheet = workbook["criteria"]
    header = [cell.value for cell in sheet[1]]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "2.1")
    row[header.index("kind")].value = "penalty"
    reading = read_index_set_workbook(opened(saved(workbook, tmp_path)))
    texts = [str(problem) for problem in reading.problems]
    assert any("“penalty”" in text and f"row {row[0].row}" in text for text in texts), texts
