"""Index sets to Excel and back: the template, the round trip, and every problem with its row."""

from pathlib import Path

import pytest
from django.utils import translation

from exchange.models import ExchangeLog, Outcome
from exchange.services import index_set_excel_import, index_set_excel_preview
from exchange.set_reading import read_index_set_workbook
from exchange.set_workbook import index_set_workbook
from indexes.importing import index_set_import, load_index_set_yaml
from indexes.models import IndexSet
from tests.exchange.conftest import opened, saved
from tests.factories import make_adjustment_item, make_index_set

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).resolve().parents[2] / "demo/data/sample-district-2023.yaml"


def snapshot(index_set: IndexSet) -> dict:
    """Everything that makes a set what it is, apart from its code.

    The head is every field of the model, not the keys the workbook writes, so that a
    field the file forgets to carry fails the round trip."""
    return {
        "head": {
            field.name: getattr(index_set, field.name)
            for field in IndexSet._meta.concrete_fields
            if field.name not in ("id", "code")
        },
        "targets": sorted(index_set.targets.values_list("method", "pct")),
        "classes": sorted(index_set.thresholds.values_list("code", "label", "label_en", "min_pct")),
        "nodes": [
            (
                n.code,
                n.parent.code if n.parent else None,
                n.depth,
                n.name,
                n.name_en,
                n.max_points,
                n.method,
                n.rule,
                n.evidence_hint,
                n.data_source,
                n.kind,
                n.min_points,
                n.applies_to_kinds,
            )
            for n in index_set.criteria.select_related("parent").order_by("sort_key")
        ],
        "exemptions": sorted(
            (e.tag.code, e.tag.name, e.reason, sorted(e.nodes.values_list("code", flat=True)))
            for e in index_set.tag_exemptions.select_related("tag")
        ),
    }


def renamed(workbook, code: str):
    for row in workbook["set"].iter_rows(min_row=2):
        if row[0].value == "code":
            row[1].value = code
    return workbook


def test_export_then_import_gives_back_an_identical_set(tmp_path, admin_user):
    original = index_set_import(data=load_index_set_yaml(SAMPLE.read_text(encoding="utf-8")))
    original.legal_basis_number, original.self_assessment_opens = (
        "12/QĐ-UBND",
        original.legal_basis_date,
    )
    original.save()
    with translation.override("vi"):  # parameters written with the decimal comma
        workbook = index_set_workbook(original)
    assert "Chậm = 0,5" in str(workbook["criteria"]["G4"].value)
    file = saved(renamed(workbook, "copy-2023"), tmp_path)

    preview = index_set_excel_preview(user=admin_user, upload=file)
    assert preview.problems == []
    assert not IndexSet.objects.filter(code="copy-2023").exists()  # a dry run saves nothing
    result = index_set_excel_import(user=admin_user, preview=preview.log)

    assert result.problems == []
    assert snapshot(result.index_set) == snapshot(original)
    assert result.index_set.criteria.count() == 73


def test_a_set_with_every_rule_type_survives_the_round_trip_in_english_too(tmp_path):
    original = make_index_set(code="small-2023")
    leaf = original.criteria.get(code="1.1")
    leaf.rule = {
        "type": "levels",
        "levels": [{"label": "Đúng; hạn = tốt", "points": 2}, {"label": "Chậm", "points": 0.5}],
    }
    leaf.save()
    workbook = opened(saved(renamed(index_set_workbook(original), "small-copy"), tmp_path))
    reading = read_index_set_workbook(workbook)
    assert reading.problems == []
    copy = index_set_import(data=reading.data)
    assert snapshot(copy) == snapshot(original)


def test_the_blank_template_has_the_documented_sheets_and_columns():
    workbook = index_set_workbook(None)
    assert workbook.sheetnames == [
        "set",
        "targets",
        "classes",
        "criteria",
        "adjustments",
        "exemptions",
        "guide",
    ]
    header = [cell.value for cell in workbook["criteria"][1]]
    assert header[:7] == ["code", "name", "name_en", "max_points", "method", "rule", "parameters"]
    assert "evidence_hint" in header
    assert header[-3:] == ["kind", "min_points", "applies_to"]


def filled_template():
    workbook = index_set_workbook(None)
    values = {
        "code": "xa-2025",
        "year": 2025,
        "name": "Bộ chỉ số xã 2025",
        "unit_kinds": "ward, commune",
    }
    for row in workbook["set"].iter_rows(min_row=2):
        row[1].value = values.get(row[0].value)
    workbook["targets"].append(["appraisal", 100])
    workbook["classes"].append(["A", "Nhóm A", None, 90])
    workbook["classes"].append(["B", "Nhóm B", None, 0])
    for number, row in enumerate(
        (
            ["1", "Chỉ đạo, điều hành", None, 3],
            [
                "1.1",
                "Kế hoạch",
                None,
                2,
                "appraisal",
                "levels",
                "Đúng hạn = 2; Chậm = 1; Không = 0",
            ],
            ["1.2", "Báo cáo", None, 1, "appraisal", "boolean", None],
        ),
        start=2,
    ):
        put(workbook["criteria"], number, row)
    return workbook


def put(sheet, number: int, values: list) -> None:
    """Write a row by number: the template's text-formatted rows make append() go past them."""
    for column, value in enumerate(values, start=1):
        sheet.cell(number, column, value)


def test_a_template_filled_in_by_hand_imports(tmp_path, admin_user):
    preview = index_set_excel_preview(user=admin_user, upload=saved(filled_template(), tmp_path))
    assert preview.problems == []
    index_set = index_set_excel_import(user=admin_user, preview=preview.log).index_set
    assert index_set.year == 2025 and index_set.unit_kinds == ["ward", "commune"]
    assert index_set.criteria.get(code="1.1").rule["levels"][1] == {"label": "Chậm", "points": 1}


def problems_of(workbook, tmp_path, admin_user) -> list[str]:
    result = index_set_excel_preview(user=admin_user, upload=saved(workbook, tmp_path))
    return [str(problem) for problem in result.problems]


def test_every_problem_names_its_sheet_and_row_and_nothing_is_saved(tmp_path, admin_user):
    workbook = filled_template()
    criteria = workbook["criteria"]
    criteria["D2"] = 4  # field 1 no longer equals 2 + 1
    criteria["G3"] = "Đúng hạn = 3; Chậm = 1"  # 3 points on a 2-point leaf
    put(criteria, 5, ["2.1", "Không có lĩnh vực 2", None, 1, "survey", "proportional"])
    problems = problems_of(workbook, tmp_path, admin_user)
    assert any("row 5" in p and "parent 2" in p for p in problems)
    # Cell problems come first; the tree is checked once every row can be read.
    criteria.delete_rows(5)
    problems = problems_of(workbook, tmp_path, admin_user)
    assert any("“criteria”, row 2" in p and "add up to 3" in p for p in problems), problems
    assert any("“criteria”, row 3" in p and "outside 0 to 2" in p for p in problems), problems
    assert not IndexSet.objects.exists()
    log = ExchangeLog.objects.latest("pk")
    assert log.outcome == Outcome.PREVIEWED and log.problem_count == len(problems)
    assert not log.stored_file  # a refused file is not kept


def test_unreadable_cells_are_reported_before_the_tree(tmp_path, admin_user):
    workbook = filled_template()
    workbook["criteria"]["D3"] = "hai"
    workbook["criteria"]["G4"] = "true_points"
    workbook["criteria"]["A4"] = 1.2
    problems = problems_of(workbook, tmp_path, admin_user)
    assert any("row 3" in p and "“hai” is not a number" in p for p in problems), problems
    assert any("row 4" in p and "format the column as text" in p for p in problems), problems


def test_an_existing_code_is_refused_in_the_dry_run(tmp_path, admin_user):
    make_index_set(code="xa-2025")
    problems = problems_of(filled_template(), tmp_path, admin_user)
    assert any("already exists" in p for p in problems)


def test_a_workbook_without_the_template_sheets_says_to_start_from_the_template(
    tmp_path, admin_user
):
    workbook = filled_template()
    del workbook["criteria"]
    assert "template" in problems_of(workbook, tmp_path, admin_user)[0]


def test_bonus_and_deduction_items_travel_with_the_set_and_bad_ones_name_their_row(
    tmp_path, admin_user
):

    original = make_index_set(code="with-items")
    make_adjustment_item(original)
    make_adjustment_item(original, code="TRE", label="Nộp trễ", kind="deduction", cap=None)
    workbook = renamed(index_set_workbook(original), "with-items-copy")
    preview = index_set_excel_preview(user=admin_user, upload=saved(workbook, tmp_path))
    copy = index_set_excel_import(user=admin_user, preview=preview.log).index_set
    assert list(copy.adjustment_items.values_list("code", "kind", "points", "cap")) == list(
        original.adjustment_items.values_list("code", "kind", "points", "cap")
    )
    workbook = renamed(index_set_workbook(original), "other-copy")
    workbook["adjustments"]["E2"] = 3  # points above the cap of 1
    problems = [
        str(p)
        for p in index_set_excel_preview(
            user=admin_user, upload=saved(workbook, tmp_path, "b.xlsx")
        ).problems
    ]
    assert any("“adjustments”, row 2" in p and "cap" in p for p in problems), problems
    assert not IndexSet.objects.filter(code="other-copy").exists()
