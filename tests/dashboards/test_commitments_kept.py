"""The year's commitments on the dashboards after a save in a published set: only the
saved unit's commitment is asked again, and the figures are those of a full computation."""

from decimal import Decimal

import pytest

from commitments.selectors import commitments_for_year
from dashboards.cache import take_fingerprint
from dashboards.selectors import sets
from tests.dashboards.conftest import sign_commitment

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(monkeypatch):
    """The units each computation of the commitments asked for (None: every unit)."""
    calls = []

    def spy(*, year, unit_ids=None):
        calls.append(None if unit_ids is None else sorted(unit_ids))
        return commitments_for_year(year=year, unit_ids=unit_ids)

    monkeypatch.setattr(sets, "commitments_for_year", spy)
    return calls


def test_a_save_asks_again_for_the_saved_units_commitment_only(scored, unit_a, unit_b, asked):
    sign_commitment(unit_a, 2023, {"appraisal": "100"})
    sign_commitment(unit_b, 2023, {"appraisal": "100"})
    before = sets.year_commitments(2023, take_fingerprint())
    assert (before[unit_a.pk].status, before[unit_b.pk].status) == ("met", "missed")
    assert asked == [None]

    score = unit_a.scores.get(criterion__code="1.1")
    score.self_points = Decimal("1")  # 1 of 2: unit A now misses its appraisal target
    score.save()
    after = sets.year_commitments(2023, take_fingerprint())
    assert asked == [None, [unit_a.pk]]
    assert after[unit_a.pk].status == "missed"
    assert after == commitments_for_year(year=2023)


def test_a_changed_commitment_asks_again_for_every_unit(scored, unit_a, unit_b, asked):
    sets.year_commitments(2023, take_fingerprint())
    sign_commitment(unit_b, 2023, {"appraisal": "100"})  # the workflow's version moves
    after = sets.year_commitments(2023, take_fingerprint())
    assert asked == [None, None]
    assert after[unit_b.pk].status == "missed"
    assert after == commitments_for_year(year=2023)
