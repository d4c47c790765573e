from datetime import date

import pytest
from django.db import IntegrityError, transaction

from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def test_database_refuses_a_unit_whose_validity_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_unit(valid_from=date(2025, 1, 1), valid_to=date(2024, 12, 31))


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
