"""The appraisal board opens on the round in progress, not on the latest year (issue 14)."""

import pytest
from django.urls import reverse

from indexes.models import Phase
from tests.assessments.cycle_support import open_set
from tests.conftest import english_client

pytestmark = pytest.mark.django_db
BOARD = reverse("assessments:appraisal-board")


def test_the_board_opens_on_the_year_being_appraised(appraiser):
    open_set(year=2024, phase=Phase.EXPLANATION, code="ward-2024")
    open_set(year=2025, phase=Phase.SELF_ASSESSMENT, code="ward-2025")
    open_set(year=2023, phase=Phase.PUBLISHED, code="ward-2023")
    response = english_client(appraiser).get(BOARD)
    board = response.context["board"]
    assert board.year == 2024 and board.years == [2025, 2024, 2023]
    assert "<h1>Appraisal board 2024</h1>" in response.content.decode()
    # The year chooser stays: the other years are one choice away.
    chosen = english_client(appraiser).get(BOARD, {"year": "2025"}).context["board"]
    assert chosen.year == 2025


def test_with_nothing_in_appraisal_the_board_opens_on_the_self_assessment(appraiser):
    open_set(year=2025, phase=Phase.SELF_ASSESSMENT)
    open_set(year=2026, phase=Phase.PUBLISHED)
    assert english_client(appraiser).get(BOARD).context["board"].year == 2025


def test_with_no_round_running_the_board_opens_on_the_latest_started_year(appraiser):
    open_set(year=2024, phase=Phase.PUBLISHED)
    open_set(year=2025, phase=Phase.PREPARING)
    assert english_client(appraiser).get(BOARD).context["board"].year == 2024
