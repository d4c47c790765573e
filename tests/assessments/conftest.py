"""Settings and set-ups shared by the assessment tests."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from assessments.models import Assessment, AssessmentStatus
from indexes.models import Phase
from tests.assessments.cycle_support import leaf, open_set, today
from tests.factories import make_score


@pytest.fixture(autouse=True)
def cycle_defaults(settings):
    """Text assertions in English, so that they hold once the Vietnamese catalogue lands;
    and a fast password hasher, since each persona's password is hashed (PBKDF2 takes
    most of a second per user on a small machine)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


@pytest.fixture
def submitted(unit_a, official_a):
    """A set in appraisal where unit A submitted 1.1 = 2, 1.2.1 = 3 (noting "Báo cáo 12")
    and 1.2.2 = 0.9; the window for explanations closes in five days."""
    index_set = open_set(phase=Phase.APPRAISAL, explanation_closes=today() + timedelta(days=5))
    for code, value, note in (("1.1", "2", ""), ("1.2.1", "3", "Báo cáo 12"), ("1.2.2", "0.9", "")):
        make_score(unit_a, leaf(index_set, code), self_points=Decimal(value), explanation=note)
    Assessment.objects.create(
        unit=unit_a,
        index_set=index_set,
        status=AssessmentStatus.SUBMITTED,
        submitted_by=official_a,
        submitted_at=timezone.now(),
    )
    return index_set
