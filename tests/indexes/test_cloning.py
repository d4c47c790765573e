"""Next year's set from this year's: everything that defines it, and where each node came from."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Score
from indexes.cloning import index_set_clone, shift_year, suggested_code, suggested_name
from indexes.models import NotApplicable, Phase
from tests.factories import make_criterion, make_index_set, make_score, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def set_2024(unit_a, unit_b):
    index_set = make_index_set(
        code="xa-2024",
        name="Bộ chỉ số xã năm 2024",
        year=2024,
        phase=Phase.PUBLISHED,
        self_assessment_opens=date(2024, 2, 29),
        self_assessment_closes=date(2024, 11, 15),
    )
    NotApplicable.objects.create(
        unit=unit_a, criterion=index_set.criteria.get(code="2"), reason="x"
    )
    make_score(unit_a, index_set.criteria.get(code="1.1"), self_points=2)
    return index_set


def test_a_clone_copies_the_tree_rules_targets_classes_and_marks_but_no_scores(set_2024, unit_a):
    result = index_set_clone(source=set_2024, year=2025)
    clone = result.index_set
    assert (clone.code, clone.name, clone.year) == ("xa-2025", "Bộ chỉ số xã năm 2025", 2025)
    assert clone.phase == Phase.PREPARING
    assert clone.self_assessment_opens == date(2025, 2, 28)  # no 29 February in 2025
    assert clone.self_assessment_closes == date(2025, 11, 15)
    old = list(
        set_2024.criteria.order_by("sort_key").values_list(
            "code", "max_points", "method", "rule", "depth"
        )
    )
    new = list(
        clone.criteria.order_by("sort_key").values_list(
            "code", "max_points", "method", "rule", "depth"
        )
    )
    assert new == old and result.nodes == 7
    assert sorted(clone.targets.values_list("method", "pct")) == sorted(
        set_2024.targets.values_list("method", "pct")
    )
    assert clone.thresholds.count() == 4
    assert list(
        NotApplicable.objects.filter(criterion__index_set=clone).values_list(
            "unit", "criterion__code"
        )
    ) == [(unit_a.pk, "2")]
    assert not Score.objects.filter(criterion__index_set=clone).exists()


def test_each_new_node_points_at_the_node_it_came_from_and_parents_stay_in_the_new_set(set_2024):
    clone = index_set_clone(source=set_2024, year=2025).index_set
    for node in clone.criteria.select_related("source", "parent"):
        assert node.source.index_set_id == set_2024.pk and node.source.code == node.code
        assert node.parent is None or node.parent.index_set_id == clone.pk


def test_renumbering_a_node_after_cloning_keeps_its_link_to_last_year(set_2024):
    clone = index_set_clone(source=set_2024, year=2025).index_set
    node = clone.criteria.get(code="2.1")
    node.code = "2.2"
    node.save()
    assert clone.criteria.get(code="2.2").source == set_2024.criteria.get(code="2.1")


def test_marks_of_units_that_ended_before_the_new_year_are_dropped(set_2024, unit_a):
    unit_a.valid_to = date(2024, 12, 31)
    unit_a.save()
    result = index_set_clone(source=set_2024, year=2025)
    assert (result.marks, result.marks_dropped) == (0, 1)


def test_a_clone_refuses_a_code_in_use_and_leaves_nothing_behind(set_2024):
    make_index_set(code="xa-2025")
    with pytest.raises(ValidationError):
        index_set_clone(source=set_2024, year=2025)
    assert set_2024.criteria.count() == 7


def test_the_year_in_codes_and_names_is_replaced_or_added():
    set_ = make_index_set(code="phong", name="Bộ chỉ số phòng", year=2024, with_tree=False)
    assert suggested_code(set_, 2025) == "phong-2025"
    assert suggested_name(set_, 2025) == "Bộ chỉ số phòng (2025)"
    assert shift_year(date(2024, 2, 29), 2) == date(2026, 2, 28)


def queries_to_clone(index_set) -> int:
    with CaptureQueriesContext(connection) as context:
        index_set_clone(source=index_set, year=2025)
    return len(context)


def test_cloning_costs_the_same_queries_for_a_small_and_a_big_set(unit_a):
    small = make_index_set(code="small-2024", year=2024)
    NotApplicable.objects.create(unit=unit_a, criterion=small.criteria.get(code="2.1"))
    big = make_index_set(code="big-2024", year=2024)
    field = big.criteria.get(code="2")
    for n in range(2, 40):
        leaf = make_criterion(
            big, f"2.{n}", "0", parent=field, method="other", rule={"type": "proportional"}
        )
        NotApplicable.objects.create(unit=make_unit(kind="ward"), criterion=leaf)
    assert queries_to_clone(big) == queries_to_clone(small)


def test_bonus_and_deduction_items_are_cloned_without_their_applications(set_2024, unit_a):
    from assessments.models import Adjustment
    from tests.factories import make_adjustment_item

    item = make_adjustment_item(set_2024)
    Adjustment.objects.create(item=item, unit=unit_a, points="0.5", reason="x")
    clone = index_set_clone(source=set_2024, year=2025).index_set
    copied = clone.adjustment_items.get()
    assert (copied.code, copied.kind, copied.points, copied.cap) == (
        "SK",
        "bonus",
        Decimal("0.5"),
        1,
    )
    assert not copied.applications.exists()


def test_a_clone_of_a_real_set_keeps_its_declarations_exemptions_and_node_kinds():
    from pathlib import Path

    from indexes.importing import index_set_import, load_index_set_yaml
    from indexes.models import MethodNotHeld, TagExemption

    path = Path(__file__).resolve().parents[2] / "demo" / "data" / "dong-thap-so-nganh-2026.yaml"
    data = load_index_set_yaml(path.read_text(encoding="utf-8"))
    data["fields"][1]["criteria"][0]["applies_to"] = ["department"]  # node 2.1
    source = index_set_import(data=data)
    source.may_exceed_max = True
    source.save()
    MethodNotHeld.objects.create(index_set=source, method="survey")  # this year's fact only

    clone = index_set_clone(source=source, year=2027).index_set
    assert (clone.code, clone.max_depth, clone.optional_methods) == (
        "dong-thap-so-nganh-2027",
        4,
        ["survey"],
    )
    assert (clone.may_exceed_max, clone.may_fall_below_zero) == (True, False)
    fields = ("code", "kind", "min_points", "applies_to_kinds", "depth", "rule")
    assert list(clone.criteria.order_by("sort_key").values_list(*fields)) == list(
        source.criteria.order_by("sort_key").values_list(*fields)
    )
    assert clone.criteria.get(code="1.6").min_points == Decimal("-2")
    assert clone.criteria.get(code="2.1").kinds == ["department"]
    exemption = TagExemption.objects.get(index_set=clone)
    original = TagExemption.objects.get(index_set=source)
    assert (exemption.tag, exemption.reason) == (original.tag, original.reason)
    assert sorted(exemption.nodes.values_list("code", flat=True)) == ["3", "7.3", "7.5"]
    assert set(exemption.nodes.values_list("index_set", flat=True)) == {clone.pk}
    assert not MethodNotHeld.objects.filter(index_set=clone).exists()
