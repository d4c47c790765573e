"""`manage.py import_index_set`: every problem named by its node, all or nothing."""

import copy
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import translation

from indexes.importing import (
    IndexSetImportError,
    index_set_data_problems,
    index_set_import,
    load_index_set_yaml,
)
from indexes.models import (
    AdjustmentItem,
    ClassificationThreshold,
    Criterion,
    IndexSet,
    NotApplicable,
    Target,
)
from tests.factories import make_score, make_unit

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "demo" / "data"
SAMPLE = DATA / "sample-district-2023.yaml"
COMMUNES = DATA / "communes-wards-2023.yaml"
DEPARTMENTS = DATA / "departments-2023.yaml"


@pytest.fixture(autouse=True)
def _in_english():
    # The messages are asserted in their English source; Vietnamese is the default.
    with translation.override("en"):
        yield


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_index_set", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path: Path, *args: str) -> list[str]:
    """The problem lines of an import that must fail."""
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_index_set", str(path), *args, stdout=StringIO(), stderr=err)
    return err.getvalue().splitlines()


def sample_data() -> dict:
    return load_index_set_yaml(SAMPLE.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def node(data: dict, code: str) -> dict:
    def walk(items):
        for item in items:
            yield item
            yield from walk(item.get("criteria") or item.get("sub_criteria") or [])

    return next(item for item in walk(data["fields"]) if item["code"] == code)


def assert_nothing_imported() -> None:
    assert IndexSet.objects.count() == 0
    assert Criterion.objects.count() == 0
    assert Target.objects.count() == 0
    assert ClassificationThreshold.objects.count() == 0
    assert AdjustmentItem.objects.count() == 0


def test_the_sample_file_loads_with_its_nodes_leaves_and_method_totals():
    out, _ = run(SAMPLE)
    index_set = IndexSet.objects.get()
    assert index_set.code == "DT-CAOLANH-HUYEN-2023"
    assert index_set.unit_kinds == ["district"]
    criteria = index_set.criteria
    assert criteria.count() == 73
    assert criteria.exclude(method="").count() == 54
    assert criteria.filter(depth=1).aggregate(total=Sum("max_points"))["total"] == 100
    totals = dict(
        criteria.exclude(method="")
        .values("method")
        .annotate(total=Sum("max_points"))
        .values_list("method", "total")
    )
    assert totals == {"appraisal": 59, "survey": 33, "other": 8}
    targets = dict(index_set.targets.values_list("method", "pct"))
    assert targets == {"appraisal": 100, "survey": 95, "other": 90}
    assert list(index_set.thresholds.values_list("code", "min_pct")) == [
        ("A", 90),
        ("B", 80),
        ("C", 70),
        ("D", 0),
    ]
    assert "DT-CAOLANH-HUYEN-2023: 54 leaves, 100 points" in out


def test_the_tree_keeps_parents_rules_and_evidence_hints():
    run(COMMUNES)
    index_set = IndexSet.objects.get()
    leaf = index_set.criteria.get(code="1.1.1")
    assert leaf.parent.code == "1.1" and leaf.parent.parent.code == "1"
    assert leaf.depth == 3 and leaf.method == "appraisal"
    assert leaf.rule["type"] == "levels"
    assert leaf.evidence_hint == "Kế hoạch CCHC năm; Văn bản gửi Phòng Nội vụ"
    assert index_set.criteria.get(code="1.1").method == ""
    assert index_set.criteria.get(code="3.3.1").data_source.startswith("Hệ thống")
    assert index_set.unit_kinds == ["ward", "commune"]
    assert index_set.legal_basis_number == "Quyết định số 123/QĐ-UBND"
    assert str(index_set.legal_basis_date) == "2023-03-10"


def test_the_projects_demo_sets_are_valid_import_files():
    for path in (COMMUNES, DEPARTMENTS):
        assert index_set_data_problems(load_index_set_yaml(path.read_text("utf-8"))) == []
    run(DEPARTMENTS)
    departments = IndexSet.objects.get(code="cao-lanh-phong-2023")
    assert departments.unit_kinds == ["department"]
    assert departments.criteria.filter(depth=1).count() == 7
    survey = departments.criteria.filter(method="survey").aggregate(total=Sum("max_points"))
    assert survey["total"] == 19


def test_adjustments_become_the_sets_bonus_and_deduction_items():
    out, _ = run(SAMPLE)
    items = AdjustmentItem.objects.order_by("sort_order")
    assert [(i.code, i.kind, i.points, i.cap) for i in items] == [
        ("BONUS_INIT", "bonus", Decimal("0.5"), Decimal("1")),
        ("PEN_LATE", "deduction", Decimal("0.5"), None),
    ]
    assert items[0].label == "Sáng kiến/mô hình CCHC được công nhận"
    assert "With 2 bonus/deduction item(s)." in out


def test_windows_and_the_phase_are_read_from_the_file(tmp_path):
    data = sample_data()
    data["index_set"].update(
        {
            "self_assessment": {"opens": "2023-10-02", "closes": "31/10/2023"},
            "appraisal": {"opens": "2023-11-06", "closes": "2023-11-30"},
            "published_on": "2024-01-31",
            "phase": "published",
        }
    )
    run(write(tmp_path, data))
    index_set = IndexSet.objects.get()
    assert str(index_set.self_assessment_closes) == "2023-10-31"
    assert str(index_set.appraisal_opens) == "2023-11-06"
    assert str(index_set.published_on) == "2024-01-31"
    assert index_set.phase == "published"


def _wrong_sum(data):
    node(data, "3.3.4")["max"] = 0.5


def _bad_rule(data):
    node(data, "1.1.2")["rule"]["bands"] = [
        {"min": 80, "points": 1},
        {"min": 100, "points": 2},
        {"min": 0, "points": 0},
    ]


def _unknown_method(data):
    node(data, "1.2")["method"] = "magic"


def _method_on_parent(data):
    node(data, "1.1")["method"] = "appraisal"


def _duplicate_code(data):
    node(data, "1.5")["code"] = "1.4"


def _child_not_under_parent(data):
    node(data, "2.3")["code"] = "3.9"


def _missing_name(data):
    del node(data, "4.3")["name_vi"]


def _three_decimals(data):
    node(data, "5.3")["max"] = 1.005


def _unquoted_code(data):
    node(data, "6.3")["code"] = 6.3


def _target_above_100(data):
    data["index_set"]["targets_pct"]["survey"] = 120


def _unknown_unit_kind(data):
    data["index_set"]["unit_type"] = "city"


def _method_totals_off(data):
    data["index_set"]["method_totals"]["survey"] = 30


def _same_class_minimum(data):
    data["index_set"]["classification"][1]["min_pct"] = 90


def _adjustment_above_its_cap(data):
    data["index_set"]["adjustments"][0]["points"] = 1.5


@pytest.mark.parametrize(
    ("mutate", "line"),
    [
        (_wrong_sum, "3.3: max points are 7 but its children add up to 6.5."),
        (_bad_rule, "1.1.2: Band 2: minimum 100 % must be below the previous band's 80 %."),
        (_unknown_method, '1.2: unknown method "magic".'),
        (_method_on_parent, "1.1: a node with children cannot have a method."),
        (_duplicate_code, "1.4: the code is used more than once."),
        (_child_not_under_parent, "3.9: the code must be 2 followed by one more part."),
        (_missing_name, '4.3: The node has no name ("name_vi").'),
        (_three_decimals, "5.3: max: 1.005 has more than two decimals."),
        (
            _unquoted_code,
            'fields[5].criteria[2]: The code 6.3 must be written as text in quotes, e.g. "3.3".',
        ),
        (_target_above_100, "index_set.targets_pct.survey: 120 % is outside 0 to 100."),
        (_unknown_unit_kind, 'index_set.unit_type: Unknown kind of unit "city"'),
        (_method_totals_off, "index_set.method_totals.survey: survey is 30 but its leaves"),
        (_same_class_minimum, "index_set.classification[1]: Two classes start at 90 %."),
        (_adjustment_above_its_cap, "index_set.adjustments[0]: points 1.5 are above the cap 1."),
    ],
    ids=lambda value: getattr(value, "__name__", "")[1:] or None,
)
def test_a_bad_file_names_the_node_and_imports_nothing(tmp_path, mutate, line):
    data = sample_data()
    mutate(data)
    lines = refused(write(tmp_path, data))
    assert any(problem.startswith(line) for problem in lines), lines
    assert_nothing_imported()


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    data = sample_data()
    _wrong_sum(data)
    _unknown_method(data)
    _missing_name(data)
    lines = refused(write(tmp_path, data))
    assert "3.3: max points are 7 but its children add up to 6.5." in lines
    assert '1.2: unknown method "magic".' in lines
    assert '4.3: The node has no name ("name_vi").' in lines
    # The method total that the wrong sum throws off is named too.
    assert (
        "index_set.method_totals.appraisal: appraisal is 59 but its leaves add up to 57.5." in lines
    )


def test_a_yaml_syntax_error_is_a_problem_with_its_line_not_a_traceback(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("index_set:\n  code: [unclosed\nfields: []\n", encoding="utf-8")
    [line] = refused(path)
    assert line.startswith("yaml: The file is not valid YAML (line 3, column")
    assert_nothing_imported()


def test_a_file_that_is_not_an_index_set_is_refused(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n- 2\n", encoding="utf-8")
    assert refused(path) == ['yaml: The file must hold "index_set" and "fields", not a list.']


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_index_set", str(tmp_path / "nowhere.yaml"), stderr=StringIO())


def test_a_failure_while_writing_rolls_back_everything(tmp_path):
    data = sample_data()
    # Only the model's own validation knows data_source's length limit: by then the set
    # and the nodes before 3.3.1 have been written, and must disappear again.
    node(data, "3.3.1")["data_source"] = "x" * 300
    lines = refused(write(tmp_path, data))
    assert any(line.startswith("3.3.1: data_source:") for line in lines), lines
    assert_nothing_imported()


def test_an_existing_code_is_refused_and_the_set_is_kept(tmp_path):
    run(SAMPLE)
    data = sample_data()
    data["index_set"]["name_vi"] = "Tên khác"
    lines = refused(write(tmp_path, data))
    assert lines == [
        "index_set.code: An index set with the code DT-CAOLANH-HUYEN-2023 already exists; "
        "use --replace."
    ]
    index_set = IndexSet.objects.get()
    assert index_set.name.startswith("Bộ chỉ số CCHC UBND cấp huyện")
    assert index_set.criteria.count() == 73


def test_replace_rebuilds_the_set_and_keeps_its_not_applicable_marks(tmp_path):
    run(SAMPLE)
    original = IndexSet.objects.get()
    unit = make_unit(kind="district")
    NotApplicable.objects.create(
        unit=unit, criterion=original.criteria.get(code="3.3.2"), reason="No communes"
    )
    data = sample_data()
    data["index_set"]["name_vi"] = "Bộ chỉ số sửa đổi"
    node(data, "1.2")["name_vi"] = "Báo cáo CCHC đúng hạn"
    out, _ = run(write(tmp_path, data), "--replace")
    index_set = IndexSet.objects.get()
    assert index_set.pk == original.pk
    assert index_set.name == "Bộ chỉ số sửa đổi"
    assert index_set.criteria.count() == 73
    assert index_set.criteria.get(code="1.2").name == "Báo cáo CCHC đúng hạn"
    assert Target.objects.count() == 3 and ClassificationThreshold.objects.count() == 4
    assert AdjustmentItem.objects.count() == 2
    mark = NotApplicable.objects.get()
    assert (mark.unit, mark.criterion.code, mark.reason) == (unit, "3.3.2", "No communes")
    assert "Imported DT-CAOLANH-HUYEN-2023" in out


def test_replace_is_refused_once_the_set_has_scores(tmp_path):
    run(SAMPLE)
    leaf = Criterion.objects.get(code="1.2")
    make_score(make_unit(kind="district"), leaf, self_points=Decimal("1"))
    data = sample_data()
    node(data, "1.2")["name_vi"] = "Đổi tên"
    lines = refused(write(tmp_path, data), "--replace")
    assert lines == [
        "index_set.code: The index set DT-CAOLANH-HUYEN-2023 already has scores; "
        "it cannot be replaced."
    ]
    assert Criterion.objects.get(code="1.2").name.startswith("Báo cáo CCHC định kỳ")


def test_the_service_refuses_invalid_data_with_its_problems():
    data = copy.deepcopy(sample_data())
    _wrong_sum(data)
    with pytest.raises(IndexSetImportError) as error:
        index_set_import(data=data)
    assert "3.3: max points are 7 but its children add up to 6.5." in [
        str(problem) for problem in error.value.problems
    ]
    assert_nothing_imported()
