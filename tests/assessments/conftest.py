"""Settings and set-ups shared by the assessment tests."""

import pytest
from django.utils import translation

from tests.assessments.cycle_support import submitted_set


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
    return submitted_set(unit_a, official_a)
