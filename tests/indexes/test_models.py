from datetime import date

import pytest
from django.db import IntegrityError, transaction

from indexes.models import Criterion, IndexSet, code_sort_key
from tests.factories import make_criterion, make_index_set

pytestmark = pytest.mark.django_db


def leaf(index_set, code="1.1") -> Criterion:
    return index_set.criteria.get(code=code)


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
