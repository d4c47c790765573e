from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indexes.models import Criterion, IndexSet, Score, code_sort_key
from tests.factories import make_criterion, make_index_set, make_score, make_unit

pytestmark = pytest.mark.django_db


def leaf(index_set, code="1.1") -> Criterion:
    return index_set.criteria.get(code=code)


def test_database_refuses_a_self_score_above_the_leaf_max():
    index_set = make_index_set()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_score(make_unit(), leaf(index_set), self_points=Decimal("2.01"))


def test_database_refuses_a_negative_appraised_score():
    index_set = make_index_set()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_score(make_unit(), leaf(index_set), appraised_points=Decimal("-0.5"))


def test_database_keeps_one_score_per_unit_and_leaf():
    index_set = make_index_set()
    unit = make_unit()
    make_score(unit, leaf(index_set), self_points=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_score(unit, leaf(index_set), self_points=Decimal("2"))


def test_score_at_exactly_max_is_accepted_and_final_prefers_the_appraised_score():
    index_set = make_index_set()
    score = make_score(make_unit(), leaf(index_set), self_points=Decimal("2"))
    assert score.final_points == Decimal("2")
    score.appraised_points = Decimal("1.5")
    score.save()
    score.refresh_from_db()
    assert score.final_points == Decimal("1.50")


def test_database_refuses_a_unit_whose_validity_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_unit(valid_from=date(2025, 1, 1), valid_to=date(2024, 12, 31))


def test_database_refuses_a_window_that_closes_before_it_opens():
    with pytest.raises(IntegrityError), transaction.atomic():
        IndexSet.objects.create(
            code="bad-window",
            year=2024,
            name="x",
            unit_kinds=["ward"],
            self_assessment_opens=date(2024, 11, 1),
            self_assessment_closes=date(2024, 10, 1),
        )


def test_criteria_sort_in_numeric_order_of_their_dotted_codes():
    index_set = make_index_set(with_tree=False)
    for code in ("10", "2", "2.10", "2.2", "1"):
        make_criterion(index_set, code, "1")
    assert [c.code for c in index_set.criteria.all()] == ["1", "2", "2.2", "2.10", "10"]
    assert code_sort_key("3.3.1") == "0003.0003.0001"


def test_criterion_depth_follows_its_code():
    index_set = make_index_set()
    assert [(c.code, c.depth) for c in index_set.criteria.filter(code__startswith="1")] == [
        ("1", 1),
        ("1.1", 2),
        ("1.2", 2),
        ("1.2.1", 3),
        ("1.2.2", 3),
    ]


def test_a_unit_is_active_only_within_its_validity_dates():
    unit = make_unit(valid_from=date(2020, 1, 1), valid_to=date(2024, 12, 31))
    assert unit.is_active_on(date(2024, 12, 31))
    assert not unit.is_active_on(date(2025, 1, 1))
    assert list(type(unit).objects.active_on(date(2025, 6, 1)).filter(pk=unit.pk)) == []


def test_predecessor_links_are_one_way_and_readable_from_both_ends():
    old = make_unit(name="Phường 2", valid_to=date(2024, 12, 31))
    new = make_unit(name="Phường 1")
    new.predecessors.add(old)
    assert list(old.successors.all()) == [new]
    assert list(old.predecessors.all()) == []


def test_score_rows_keep_their_own_copy_of_the_max_points():
    index_set = make_index_set()
    score = make_score(make_unit(), leaf(index_set, "1.2.1"))
    assert Score.objects.get(pk=score.pk).max_points == Decimal("3.00")
