from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from assessments.models import Score
from indexes.models import Criterion
from tests.factories import make_index_set, make_score, make_unit

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


def test_score_rows_keep_their_own_copy_of_the_max_points():
    index_set = make_index_set()
    score = make_score(make_unit(), leaf(index_set, "1.2.1"))
    assert Score.objects.get(pk=score.pk).max_points == Decimal("3.00")
