"""Two people saving the same unit at the same moment, on PostgreSQL with real locks.

Thread A takes its locks, then stops just before writing until thread B has started its
own save. With the locks B waits, then finds A's change and gets the conflict message;
without them B reads the same old state as A and one save silently overwrites the other
(or fails on the unique constraint), which these tests would see.
"""

import threading
import time
from decimal import Decimal
from functools import partial

import pytest
from django.db import connection, connections

from assessments.models import Assessment, Score
from assessments.services import entry
from assessments.services.common import Conflict, score_token
from assessments.services.entry import SelfEntry, self_assessment_save
from indexes.models import Phase
from tests.factories import make_index_set, make_score

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL: SQLite serialises whole transactions",
    ),
]


def race(monkeypatch, save_a, save_b) -> dict[str, object]:
    """Run save_a and save_b in two threads, B starting while A holds its locks."""
    a_locked, b_started = threading.Event(), threading.Event()
    checked = entry.find_conflicts

    def find_conflicts(**kwargs):
        changed = checked(**kwargs)
        if threading.current_thread().name == "A":
            a_locked.set()
            b_started.wait(5)
            time.sleep(0.5)  # B is now waiting for A's lock, or (without locks) done
        return changed

    monkeypatch.setattr(entry, "find_conflicts", find_conflicts)
    outcome: dict[str, object] = {}

    def run(name, save):
        try:
            if name == "B":
                a_locked.wait(5)
                b_started.set()
            outcome[name] = save()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test reads
            outcome[name] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args, name=args[0]) for args in
               (("A", save_a), ("B", save_b))]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return outcome


def saving(user, unit, index_set, leaf, done: bool, *, versions):
    """A save of `leaf` as yes or no, to be run in a thread of the race."""
    return lambda: self_assessment_save(
        user=user,
        unit=unit,
        index_set=index_set,
        entries=[SelfEntry(leaf.pk, {"done": done}, "Có văn bản")],
        versions=versions,
    )


def test_two_saves_of_the_same_leaf_one_wins_the_other_gets_the_conflict(
    monkeypatch, official_a, unit_a
):
    index_set = make_index_set(phase=Phase.SELF_ASSESSMENT)
    leaf = index_set.criteria.get(code="1.1")
    shown = score_token(make_score(unit_a, leaf, self_points=Decimal("0"), version=1))
    Assessment.objects.create(unit=unit_a, index_set=index_set, status="draft")
    save = partial(saving, official_a, unit_a, index_set, leaf, versions={leaf.pk: shown})
    outcome = race(monkeypatch, save(True), save(False))
    assert not isinstance(outcome["A"], Exception), outcome
    assert isinstance(outcome["B"], Conflict), outcome
    assert "1.1" in outcome["B"].message
    assert Score.objects.get().self_points == Decimal("2.00")  # A's, not overwritten


def test_two_first_saves_of_a_unit_make_one_assessment_and_one_conflict(
    monkeypatch, official_a, unit_a
):
    index_set = make_index_set(phase=Phase.SELF_ASSESSMENT)
    leaf = index_set.criteria.get(code="1.1")
    save = partial(saving, official_a, unit_a, index_set, leaf, versions={})
    outcome = race(monkeypatch, save(True), save(False))
    assert not isinstance(outcome["A"], Exception), outcome
    assert isinstance(outcome["B"], Conflict), outcome
    assert Assessment.objects.count() == 1 and Score.objects.count() == 1
