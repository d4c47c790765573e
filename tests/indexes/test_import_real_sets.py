"""Importing a set as real published decisions write it: every key of the file is known
(an unknown one is refused, naming the node and the key), and every new key is saved."""

import copy
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import translation

from indexes.importing import (
    IndexSetImportError,
    index_set_data_problems,
    index_set_import,
    load_index_set_yaml,
)
from indexes.models import Criterion, IndexSet, TagExemption
from tests.indexes.test_import_index_set import node
from units.models import UnitTag

pytestmark = pytest.mark.django_db

DONG_THAP = Path(__file__).resolve().parents[2] / "demo" / "data" / "dong-thap-so-nganh-2026.yaml"


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def dong_thap() -> dict:
    return load_index_set_yaml(DONG_THAP.read_text(encoding="utf-8"))


def problems_of(data: dict) -> list[str]:
    with pytest.raises(IndexSetImportError) as error:
        index_set_import(data=data)
    assert IndexSet.objects.count() == 0 and Criterion.objects.count() == 0
    return [str(problem) for problem in error.value.problems]


def test_the_dong_thap_set_imports_unchanged_with_every_declaration():
    out = StringIO()
    call_command("import_index_set", str(DONG_THAP), stdout=out, stderr=StringIO())
    index_set = IndexSet.objects.get(code="dong-thap-so-nganh-2026")
    assert "Imported dong-thap-so-nganh-2026" in out.getvalue()
    assert (index_set.max_depth, index_set.optional_methods) == (4, ["survey"])
    assert (index_set.may_exceed_max, index_set.may_fall_below_zero) == (False, False)

    tag = UnitTag.objects.get(code="khong-tthc")
    assert tag.name == "Không có thủ tục hành chính"
    exemption = TagExemption.objects.get(index_set=index_set)
    assert exemption.tag == tag and exemption.reason == "Đơn vị không có thủ tục hành chính"
    assert sorted(exemption.nodes.values_list("code", flat=True)) == ["3", "7.3", "7.5"]
    assert {n.index_set_id for n in exemption.nodes.all()} == {index_set.pk}

    fourth = index_set.criteria.get(code="1.4.1.2")
    assert fourth.depth == 4 and fourth.parent.code == "1.4.1"
    assert fourth.rule["type"] == "counts"

    deduction = index_set.criteria.get(code="1.6")
    assert (deduction.kind, deduction.max_points, deduction.min_points) == (
        "deduction",
        Decimal("0"),
        Decimal("-2"),
    )
    assert deduction.rule == {"type": "count", "per_item": -0.5, "cap": -2}
    bonus = index_set.criteria.filter(kind="bonus").values_list("code", flat=True)
    assert sorted(bonus) == ["9", "9.1", "9.2"]
    assert index_set.criteria.get(code="1.1").kind == "normal"


def test_a_node_applies_to_the_kinds_it_names_and_a_bonus_fields_children_inherit_it():
    data = dong_thap()
    data["index_set"]["unit_types"] = ["department", "district"]
    del data["index_set"]["unit_type"]
    node(data, "2.1")["applies_to"] = ["district"]
    for child in ("9.1", "9.2"):
        del node(data, child)["kind"]
    index_set = index_set_import(data=data)
    assert index_set.criteria.get(code="2.1").kinds == ["district"]
    assert index_set.criteria.get(code="2.2").applies_to_kinds == ""
    assert index_set.criteria.get(code="9.2").kind == "bonus"


def test_an_attribute_already_stored_is_reused_as_it_is():
    UnitTag.objects.create(code="khong-tthc", name="Tên đã có")
    index_set_import(data=dong_thap())
    assert UnitTag.objects.get().name == "Tên đã có"
    data = dong_thap()
    data["index_set"]["code"] = "dong-thap-khac"
    del data["index_set"]["unit_attributes"]  # a stored attribute needs no declaration
    index_set_import(data=data)
    assert TagExemption.objects.filter(tag__code="khong-tthc").count() == 2


def test_replacing_the_set_rebuilds_its_exemptions():
    index_set_import(data=dong_thap())
    data = dong_thap()
    data["index_set"]["exemptions"][0]["nodes"] = ["3"]
    index_set_import(data=data, replace=True)
    exemption = TagExemption.objects.get()
    assert list(exemption.nodes.values_list("code", flat=True)) == ["3"]


def _unknown_node_key(data):
    node(data, "1.2")["weight"] = 2


def _unknown_head_key(data):
    data["index_set"]["survey_optional"] = True


def _unknown_exemption_key(data):
    data["index_set"]["exemptions"][0]["not_applicable_for"] = ["office"]


def _unknown_kind_of_node(data):
    node(data, "1.3")["kind"] = "penalty"


def _applies_to_an_unknown_kind(data):
    node(data, "2.1")["applies_to"] = ["city"]


def _depth_five(data):
    data["index_set"]["max_depth"] = 5


def _fourth_level_not_declared(data):
    del data["index_set"]["max_depth"]


def _exemption_of_an_unknown_node(data):
    data["index_set"]["exemptions"][0]["nodes"].append("7.9")


def _exemption_of_an_unknown_attribute(data):
    data["index_set"]["exemptions"][0]["attribute"] = "khong-co"


def _deduction_with_positive_points(data):
    node(data, "1.6")["rule"] = {"type": "count", "per_item": 0.5}


def _deduction_cap_of_the_wrong_sign(data):
    node(data, "1.6")["rule"] = {"type": "count", "per_item": -0.5, "cap": 2}


def _deduction_without_a_floor(data):
    del node(data, "1.6")["min"]


def _floor_on_a_normal_node(data):
    node(data, "1.2")["min"] = -1


def _normal_node_under_a_bonus(data):
    node(data, "9.1")["kind"] = "normal"


def _a_kind_the_set_does_not_score(data):
    node(data, "2.1")["applies_to"] = ["ward"]


def _exemption_without_a_reason(data):
    data["index_set"]["exemptions"][0]["reason"] = ""


def _exemption_without_nodes(data):
    data["index_set"]["exemptions"][0]["nodes"] = []


def _node_codes_as_numbers(data):
    data["index_set"]["exemptions"][0]["nodes"] = ["3", 7.3]


def _unknown_key_inside_a_rule(data):
    node(data, "3.2")["rule"]["max_pct"] = 100


def _twice_the_same_attribute(data):
    data["index_set"]["unit_attributes"].append(dict(data["index_set"]["unit_attributes"][0]))


@pytest.mark.parametrize(
    ("mutate", "line"),
    [
        (_unknown_node_key, "1.2: Unknown key “weight”; the keys here are: code, name_vi,"),
        (_unknown_head_key, "index_set: Unknown key “survey_optional”"),
        (_unknown_exemption_key, "index_set.exemptions[0]: Unknown key “not_applicable_for”"),
        (_unknown_kind_of_node, "1.3: kind: “penalty” is not one of: normal, bonus, deduction."),
        (_applies_to_an_unknown_kind, "2.1: applies_to[0]: “city” is not one of: department,"),
        (_depth_five, "index_set: max_depth: 5 is more than 4."),
        (_fourth_level_not_declared, "1.4.1.2: depth 4 is more than the 3 levels allowed."),
        (_exemption_of_an_unknown_node, "index_set.exemptions[0]: The exempt node 7.9 is not in"),
        (_exemption_of_an_unknown_attribute, "index_set.exemptions[0]: The attribute “khong-co”"),
        (_deduction_with_positive_points, "1.6: A deduction takes points: per item must be below"),
        (_deduction_cap_of_the_wrong_sign, "1.6: The cap 2 must have the sign of the points"),
        (_deduction_without_a_floor, "1.6: a deduction node has max 0 and a floor below 0"),
        (_floor_on_a_normal_node, "1.2: only deduction nodes have a floor below 0."),
        (_normal_node_under_a_bonus, "9.1: a normal node cannot sit under a bonus node."),
        (_a_kind_the_set_does_not_score, "2.1: applies_to: the set does not score units of"),
        (_exemption_without_a_reason, "index_set.exemptions[0]: reason: may not be empty."),
        (_exemption_without_nodes, "index_set.exemptions[0]: nodes: give at least one."),
        (_node_codes_as_numbers, "index_set.exemptions[0]: nodes[1]: expected a text, not “7.3”."),
        (_twice_the_same_attribute, "index_set.unit_attributes[1]: The attribute code"),
        (_unknown_key_inside_a_rule, "3.2: A counts rule has no key “max_pct”."),
    ],
    ids=lambda value: getattr(value, "__name__", "")[1:] or None,
)
def test_a_bad_declaration_is_refused_naming_the_node_and_nothing_is_saved(mutate, line):
    data = dong_thap()
    mutate(data)
    lines = problems_of(data)
    assert any(problem.startswith(line) for problem in lines), lines
    assert UnitTag.objects.count() == 0


def test_unknown_keys_are_reported_together_before_any_other_check():
    data = dong_thap()
    _unknown_node_key(data)
    _unknown_head_key(data)
    node(data, "2.1")["max"] = 99  # a wrong sum, reported once the keys are right
    lines = problems_of(data)
    assert len(lines) == 2 and all("Unknown key" in line for line in lines)


def test_the_command_names_the_node_and_the_key_under_the_vietnamese_locale(tmp_path):
    data = dong_thap()
    _unknown_node_key(data)
    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    err = StringIO()
    with translation.override("vi"), pytest.raises(CommandError):
        call_command("import_index_set", str(path), stdout=StringIO(), stderr=err)
    [line] = err.getvalue().splitlines()
    assert line.startswith("1.2: ") and "“weight”" in line
    assert IndexSet.objects.count() == 0


def test_the_other_demo_sets_still_pass_the_schema():
    for name in ("sample-district-2023", "communes-wards-2023", "departments-2023"):
        path = DONG_THAP.with_name(f"{name}.yaml")
        assert index_set_data_problems(load_index_set_yaml(path.read_text("utf-8"))) == []
    assert index_set_data_problems(copy.deepcopy(dong_thap())) == []
