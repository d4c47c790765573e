"""The survey points service: rows already read (by the exchange app), checked and written
under the rules of every score write: who, when, locks and versions."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections

from assessments.models import Score
from assessments.services import survey_import as service
from assessments.services.common import Conflict, Refused
from assessments.services.survey_import import SheetRow, survey_points_check, survey_points_import
from indexes.models import Phase
from tests.assessments.cycle_support import leaf, open_set

ROWS = [SheetRow(1, "phuong-a", "2.1", "3")]


@pytest.mark.django_db
def test_only_appraisers_during_appraisal_may_check_or_write(appraiser, leader, unit_a):
    index_set = open_set(phase=Phase.APPRAISAL)
    for call in (survey_points_check, survey_points_import):
        extra = {"versions": {}, "reason": "x"} if call is survey_points_import else {}
        with pytest.raises(Refused, match="Only appraisers"):
            call(user=leader, index_set=index_set, rows=ROWS, **extra)
    index_set.phase = Phase.PUBLISHED
    index_set.save()
    with pytest.raises(Refused):
        survey_points_import(user=appraiser, index_set=index_set, rows=ROWS, versions={}, reason="")
    assert not Score.objects.exists()


@pytest.mark.django_db
def test_a_row_that_changes_nothing_is_counted_unchanged(appraiser, unit_a):
    index_set = open_set(phase=Phase.APPRAISAL)
    plan = survey_points_import(
        user=appraiser, index_set=index_set, rows=ROWS, versions={}, reason="survey import: a.csv"
    )
    assert (plan.created, plan.updated, plan.unchanged) == (1, 0, 0)
    again = survey_points_check(user=appraiser, index_set=index_set, rows=ROWS)
    assert (again.changes, again.unchanged) == ([], 1)
    score = Score.objects.get(criterion=leaf(index_set, "2.1"))
    assert score.history.get().history_change_reason == "survey import: a.csv"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL: SQLite serialises whole transactions",
)
def test_two_imports_of_the_same_leaf_at_once_one_wins_the_other_gets_the_conflict(
    monkeypatch, appraiser, unit_a
):
    index_set = open_set(phase=Phase.APPRAISAL)
    a_locked, b_started = threading.Event(), threading.Event()
    token = service.score_token

    def score_token(score):  # called once the locks are held, before the write
        if threading.current_thread().name == "A":
            a_locked.set()
            b_started.wait(5)
            time.sleep(0.5)  # B now waits for A's lock (or, without locks, goes ahead)
        return token(score)

    monkeypatch.setattr(service, "score_token", score_token)
    outcome: dict[str, object] = {}

    def run(name, points):
        rows = [SheetRow(1, "phuong-a", "2.1", points)]
        try:
            if name == "B":
                a_locked.wait(5)
                b_started.set()
            outcome[name] = survey_points_import(
                user=appraiser, index_set=index_set, rows=rows, versions={}, reason=name
            )
        except Exception as error:  # noqa: BLE001 - the outcome is what the test reads
            outcome[name] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(n, p), name=n) for n, p in (("A", "3"), ("B", "2"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert isinstance(outcome["B"], Conflict), outcome
    assert "2.1 (phuong-a)" in outcome["B"].message
    assert Score.objects.get().appraised_points == Decimal("3.00")
