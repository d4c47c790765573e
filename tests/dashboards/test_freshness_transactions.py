"""Data versions across connections (PostgreSQL): an uncommitted write is seen by nobody
else, and the version rows' locks make writers of one set wait, never deadlock."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from assessments.models import Assessment, Score
from assessments.services import entry
from assessments.services.appraisal import index_set_advance
from assessments.services.entry import SelfEntry, self_assessment_save
from dashboards.cache import fingerprint, take_fingerprint
from dashboards.selectors.scope import dashboard_scope
from dashboards.selectors.year import year_payload
from indexes.models import Phase
from tests.assessments.cycle_support import open_set
from tests.conftest import client_for

pytestmark = [
    pytest.mark.django_db(transaction=True),  # other connections must see the fixtures
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: SQLite lets one connection write at a time (no row locks "
        "to order) and its test database lives in memory, out of other connections' reach",
    ),
]

WAIT = 10  # seconds before a test gives up on a thread; a deadlock is detected in 1 s


def in_thread(work, *args) -> tuple[threading.Thread, list[Exception]]:
    """Run `work` on its own connection; its exceptions end up in the list."""
    errors: list[Exception] = []

    def run() -> None:
        try:
            work(*args)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, errors


def pause_before_commit(monkeypatch, user) -> tuple[threading.Event, threading.Event]:
    """The user's next self-assessment save stops after writing its scores (its
    transaction open) until `go_on` is set; `wrote` says when it got there."""
    wrote, go_on = threading.Event(), threading.Event()
    save_evidence = entry._save_evidence

    def paused(evidence, by) -> None:
        if by == user:
            wrote.set()
            go_on.wait(WAIT)
        save_evidence(evidence, by)

    monkeypatch.setattr(entry, "_save_evidence", paused)
    return wrote, go_on


def save_done(user, unit, index_set) -> None:
    """Leaf 1.1 done (2 of 10 points), on a unit not scored yet."""
    leaf = index_set.criteria.get(code="1.1")
    self_assessment_save(
        user=user,
        unit=unit,
        index_set=index_set,
        entries=[SelfEntry(leaf.pk, {"done": True}, "", ())],
        versions={},
    )


def pcts() -> dict[str, Decimal | None]:
    fp = fingerprint()
    scope = dashboard_scope(year=None, key=None, fp=fp)
    return {row.unit_code: row.pct for row in year_payload(scope, fp).rows}


def test_an_uncommitted_change_is_in_no_other_connections_fingerprint(leader, scored, unit_b):
    client = client_for(leader)
    before = take_fingerprint()
    assert "85,00 %" not in client.get(reverse("dashboards:year-dashboard")).content.decode()
    wrote, commit = threading.Event(), threading.Event()

    def write() -> None:
        with transaction.atomic():
            Score.objects.filter(unit=unit_b, criterion__code="1.2.1").update(self_points=3)
            wrote.set()
            commit.wait(WAIT)

    writer, errors = in_thread(write)
    assert wrote.wait(WAIT)
    assert take_fingerprint() == before
    assert "85,00 %" not in client.get(reverse("dashboards:year-dashboard")).content.decode()
    commit.set()
    writer.join(WAIT)
    assert errors == []
    assert take_fingerprint().sets[scored.pk] != before.sets[scored.pk]
    assert "85,00 %" in client.get(reverse("dashboards:year-dashboard")).content.decode()


def test_two_saves_on_one_set_wait_for_each_other_and_both_land(
    monkeypatch, official_a, official_b, unit_a, unit_b
):
    index_set = open_set()
    wrote, go_on = pause_before_commit(monkeypatch, official_a)
    first, first_errors = in_thread(save_done, official_a, unit_a, index_set)
    assert wrote.wait(WAIT)
    second, second_errors = in_thread(save_done, official_b, unit_b, index_set)
    second.join(1)
    # Both bump set:<id>: the second waits on the version row until the first commits.
    assert second.is_alive()
    go_on.set()
    first.join(WAIT)
    second.join(WAIT)
    assert first_errors == second_errors == []
    assert pcts() == {"phuong-a": Decimal("20.00"), "xa-b": Decimal("20.00")}


def test_moving_a_set_to_its_next_phase_while_a_unit_saves_does_not_deadlock(
    monkeypatch, official_a, unit_a, admin_user
):
    """The save holds set:<id> and, at commit, checks its new assessment's link to the
    set; the phase change locks the set FOR UPDATE, then bumps set:<id>. Without the
    KEY SHARE lock the trigger takes on the set first, each would wait for the other."""
    index_set = open_set()
    wrote, go_on = pause_before_commit(monkeypatch, official_a)
    saving, save_errors = in_thread(save_done, official_a, unit_a, index_set)
    assert wrote.wait(WAIT)
    advancing, advance_errors = in_thread(
        lambda: index_set_advance(user=admin_user, index_set=index_set)
    )
    advancing.join(1)
    go_on.set()
    saving.join(WAIT)
    advancing.join(WAIT)
    assert save_errors == advance_errors == []
    index_set.refresh_from_db()
    assert index_set.phase == Phase.APPRAISAL
    assert Assessment.objects.filter(unit=unit_a, index_set=index_set).exists()
