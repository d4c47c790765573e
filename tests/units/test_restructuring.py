"""Merge, split, rename and retire units: past years keep their structure, links are kept."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from assessments.membership import index_set_units
from tests.factories import make_index_set, make_score, make_unit, make_user
from units.restructuring import (
    NewUnit,
    unit_lineage,
    unit_merge,
    unit_rename,
    unit_retire,
    unit_split,
)

pytestmark = pytest.mark.django_db
JAN_2025 = date(2025, 1, 1)


def test_merging_into_a_continuing_unit_ends_the_other_and_links_it():
    p1, p2 = make_unit(code="phuong-1"), make_unit(code="phuong-2")
    official = make_user(role=Role.OFFICIAL, unit=p2)
    result = unit_merge(units=[p1, p2], into=p1, effective=JAN_2025)
    p1.refresh_from_db(), p2.refresh_from_db(), official.refresh_from_db()
    assert p2.valid_to == date(2024, 12, 31) and p1.valid_to is None
    assert list(p1.predecessors.all()) == [p2]
    assert result.officials_moved == 1 and official.unit == p1


def test_past_years_keep_the_merged_unit_and_its_scores_and_new_years_do_not():
    p1, p2 = make_unit(code="phuong-1"), make_unit(code="phuong-2")
    set_2024 = make_index_set(year=2024)
    make_score(p2, set_2024.criteria.get(code="1.1"), self_points=2)
    unit_merge(units=[p2], into=p1, effective=JAN_2025)
    assert set(index_set_units(set_2024)) == {p1, p2}
    assert set(index_set_units(make_index_set(year=2025))) == {p1}
    assert p2.scores.count() == 1


def test_merging_into_a_new_unit_creates_it_from_the_effective_date():
    a, b = make_unit(code="a", kind="ward"), make_unit(code="b", kind="commune")
    province = make_unit(code="tinh", kind="province")
    result = unit_merge(
        units=[a, b],
        new=NewUnit(code="phuong-cao-lanh", name="Phường Cao Lãnh", kind="ward", parent=province),
        effective=date(2025, 7, 1),
    )
    ward = result.successors[0]
    assert (ward.valid_from, ward.parent, ward.kind) == (date(2025, 7, 1), province, "ward")
    assert set(ward.predecessors.all()) == {a, b}


def test_a_split_creates_several_successors_and_leaves_officials_to_reassign():
    old = make_unit(code="old")
    make_user(role=Role.OFFICIAL, unit=old)
    result = unit_split(
        unit=old, effective=JAN_2025, into=[NewUnit("n1", "Một"), NewUnit("n2", "Hai")]
    )
    assert [unit.code for unit in result.successors] == ["n1", "n2"]
    assert all(list(unit.predecessors.all()) == [old] for unit in result.successors)
    assert result.officials_left == 1


def test_a_rename_is_a_new_unit_whose_past_is_the_old_one():
    old = make_unit(code="phong-kt", name="Phòng Kinh tế")
    result = unit_rename(
        unit=old, effective=JAN_2025, code="phong-kt-ht", name="Phòng Kinh tế - Hạ tầng"
    )
    new = result.successors[0]
    assert new.name == "Phòng Kinh tế - Hạ tầng" and list(new.predecessors.all()) == [old]
    old.refresh_from_db()
    assert old.name == "Phòng Kinh tế" and old.valid_to == date(2024, 12, 31)


def test_a_unit_that_already_ended_cannot_end_again_and_nothing_changes():
    gone = make_unit(code="gone", valid_to=date(2023, 12, 31))
    other = make_unit(code="other")
    with pytest.raises(ValidationError):
        unit_retire(units=[other, gone], effective=JAN_2025)
    other.refresh_from_db()
    assert other.valid_to is None


def test_a_new_code_already_in_use_is_refused():
    a = make_unit(code="a")
    make_unit(code="b")
    with pytest.raises(ValidationError):
        unit_rename(unit=a, effective=JAN_2025, code="b", name="B")
    a.refresh_from_db()
    assert a.valid_to is None


def test_the_lineage_follows_predecessors_of_predecessors_in_two_queries(django_assert_num_queries):
    p1, p2 = make_unit(code="p1"), make_unit(code="p2")
    unit_merge(units=[p2], into=p1, effective=JAN_2025)
    ward = unit_merge(
        units=[p1], new=NewUnit("cao-lanh", "Cao Lãnh"), effective=date(2025, 7, 1)
    ).successors[0]
    with django_assert_num_queries(2):
        lineage = unit_lineage(ward)
    assert lineage[0] == ward and set(lineage[1:]) == {p1, p2}


def test_units_merged_mid_year_leave_that_years_set_unless_they_were_already_scored():
    old_a, old_b = make_unit(code="old-a"), make_unit(code="old-b")
    set_2025 = make_index_set(year=2025)
    make_score(old_b, set_2025.criteria.get(code="1.1"), self_points=1)
    ward = unit_merge(
        units=[old_a, old_b], new=NewUnit("cao-lanh", "Phường Cao Lãnh"), effective=date(2025, 7, 1)
    ).successors[0]
    assert set(index_set_units(set_2025)) == {ward, old_b}
    assert set(index_set_units(make_index_set(year=2024))) == {old_a, old_b}


def test_a_merge_can_leave_the_officials_where_they_are():
    old, into = make_unit(code="old"), make_unit(code="into")
    official = make_user(role=Role.OFFICIAL, unit=old)
    unit_merge(units=[old], into=into, effective=JAN_2025, move_officials=False)
    official.refresh_from_db()
    assert official.unit == old
