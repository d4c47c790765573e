"""A set's results brought up to date unit by unit equal a full computation, and a worker
that starts reads what another computed (dashboards/incremental.py)."""

import random
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import results
from assessments.models import Adjustment, Score
from assessments.results import index_set_results, set_frame, unit_rollups
from dashboards import incremental
from dashboards.cache import take_fingerprint
from indexes.models import IndexSet, NotApplicable, Phase
from tests.conftest import client_for
from tests.dashboards.conftest import UNIT_A, UNIT_B, scores_create
from tests.factories import make_adjustment_item, make_index_set, make_unit

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:year-dashboard")


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def fresh(index_set: IndexSet) -> IndexSet:
    return IndexSet.objects.prefetch_related("targets", "thresholds").get(pk=index_set.pk)


@pytest.fixture
def recomputed(monkeypatch) -> list[list[int]]:
    """The units each recomputation of roll-ups was asked for, in order."""
    calls: list[list[int]] = []
    original = incremental.unit_rollups

    def spy(frame, unit_ids):
        calls.append(sorted(unit_ids))
        return original(frame, unit_ids)

    monkeypatch.setattr(incremental, "unit_rollups", spy)
    return calls


def test_results_kept_up_to_date_equal_a_full_computation_after_random_saves(
    recomputed, monkeypatch
):
    # The whole set (12 units) is summed in SQL, the few units saved in Python.
    monkeypatch.setattr(results, "FEW_UNITS", 3)
    rng = random.Random(13)
    index_set = make_index_set(code="xa-2024", year=2024, phase=Phase.APPRAISAL)
    units = [make_unit(kind="ward", sort_order=n) for n in range(12)]
    leaves = list(index_set.criteria.exclude(method="").order_by("sort_key"))
    NotApplicable.objects.create(unit=units[1], criterion=leaves[1], reason="test")
    bonus = make_adjustment_item(index_set, kind="bonus", points=Decimal("1"))
    for unit in units[:9]:
        for leaf in leaves:
            Score.objects.create(
                unit=unit,
                criterion=leaf,
                max_points=leaf.max_points,
                self_points=leaf.max_points / 2,
            )
    current, _versions = incremental.current_results(fresh(index_set), take_fingerprint())
    assert list(current) == index_set_results(index_set=fresh(index_set))
    recomputed.clear()

    for _round in range(15):
        changed = set()
        for _save in range(rng.randint(1, 3)):
            unit, leaf = rng.choice(units), rng.choice(leaves)
            changed.add(unit.pk)
            points = leaf.max_points * Decimal(rng.randint(0, 4)) / 4
            action = rng.choice(["self", "appraised", "delete", "adjust"])
            score = Score.objects.filter(unit=unit, criterion=leaf).first()
            if action == "adjust":
                Adjustment.objects.filter(item=bonus, unit=unit).delete()
                if rng.random() < 0.7:
                    Adjustment.objects.create(
                        item=bonus, unit=unit, points=Decimal(rng.randint(1, 2)) / 2, reason="t"
                    )
            elif action == "delete" and score is not None:
                score.delete()
            elif score is None:
                Score.objects.create(
                    unit=unit, criterion=leaf, max_points=leaf.max_points, self_points=points
                )
            else:
                setattr(score, f"{action}_points" if action != "delete" else "self_points", points)
                score.save()
        current, _versions = incremental.current_results(fresh(index_set), take_fingerprint())
        assert list(current) == index_set_results(index_set=fresh(index_set))
        # Only the units saved were summed again, never the whole set.
        assert recomputed[-1] == sorted(changed)

    # A change of the set's shape (a mark) is computed whole, and still equal.
    NotApplicable.objects.create(unit=units[0], criterion=leaves[2], reason="test")
    current, _versions = incremental.current_results(fresh(index_set), take_fingerprint())
    assert list(current) == index_set_results(index_set=fresh(index_set))
    assert recomputed[-1] == sorted(unit.pk for unit in units)


@pytest.mark.parametrize("phase", [Phase.SELF_ASSESSMENT, Phase.APPRAISAL, Phase.PUBLISHED])
def test_a_few_units_summed_in_python_equal_their_sums_in_sql(monkeypatch, phase):
    """`unit_rollups` sums up to FEW_UNITS units from their scores: the same roll-ups as
    SQL's, with a leaf marked off a unit, a node for other kinds, adjustments and a
    score left empty, on every basis."""
    index_set = make_index_set(phase=phase)
    ward, commune, empty = make_unit(kind="ward"), make_unit(kind="commune"), make_unit()
    leaves = list(index_set.criteria.exclude(method="").order_by("sort_key"))
    for unit in (ward, commune):
        for n, leaf in enumerate(leaves):
            Score.objects.create(
                unit=unit, criterion=leaf, max_points=leaf.max_points,
                self_points=None if (unit, n) == (ward, 1) else leaf.max_points / 2,
                appraised_points=leaf.max_points if n == 2 else None,
            )  # fmt: skip
    NotApplicable.objects.create(unit=ward, criterion=leaves[0], reason="test")
    leaves[3].applies_to_kinds = "ward"
    leaves[3].save()
    bonus = make_adjustment_item(index_set, kind="bonus", points=Decimal("1"))
    Adjustment.objects.create(item=bonus, unit=commune, points=Decimal("1"), reason="t")
    frame = set_frame(fresh(index_set))
    ids = [ward.pk, commune.pk, empty.pk]
    monkeypatch.setattr(results, "FEW_UNITS", 0)
    with CaptureQueriesContext(connection) as sql_queries:
        in_sql = unit_rollups(frame, ids)
    monkeypatch.setattr(results, "FEW_UNITS", 3)
    with CaptureQueriesContext(connection) as python_queries:
        in_python = unit_rollups(frame, ids)
    assert in_python == in_sql
    assert in_sql[ward.pk] != in_sql[commune.pk]  # the marks and the bonus told apart
    # As many queries either way: the bonus and deduction rows come with the scores.
    assert len(python_queries.captured_queries) == len(sql_queries.captured_queries)


def test_a_worker_that_starts_reads_the_results_another_computed(leader, scored):
    client = client_for(leader)
    assert "65,00 %" in html_of(client.get(URL))
    # Another worker: nothing of its own computed yet, the shared cache as it is.
    cache.clear()
    incremental.forget()
    with CaptureQueriesContext(connection) as queries:
        assert "65,00 %" in html_of(client.get(URL))
    summed = [q["sql"] for q in queries.captured_queries if "assessments_score" in q["sql"]]
    assert summed == []  # the page, and the results, came from the shared cache


def test_a_save_shows_in_the_next_request_of_every_worker(leader, scored, unit_b):
    client = client_for(leader)
    assert "65,00 %" in html_of(client.get(URL))  # worker 1 computes and shares
    score = unit_b.scores.get(criterion__code="1.2.1")
    score.self_points = Decimal("3")
    score.save()
    # Worker 2 has nothing of its own: it must not find worker 1's figures as current.
    cache.clear()
    incremental.forget()
    assert "85,00 %" in html_of(client.get(URL))
    # Worker 1 again, with its own (now older) state and the fragment worker 2 shared.
    assert "85,00 %" in html_of(client.get(URL))


def test_a_unit_saved_in_another_set_leaves_this_sets_units_alone(
    recomputed, scored, unit_a, unit_b
):
    other = make_index_set(code="xa-2024", year=2024, phase=Phase.APPRAISAL)
    scores_create(other, unit_a, UNIT_A)
    incremental.current_results(fresh(scored), take_fingerprint())
    recomputed.clear()
    scores_create(other, unit_b, UNIT_B)
    incremental.current_results(fresh(scored), take_fingerprint())
    assert recomputed == []


def test_the_shared_state_keeps_every_figure_as_computed_with_equal_totals_shared(scored):
    """What one worker leaves in the shared cache for the others (`_publish`) is the
    roll-ups as computed, digit for digit, with equal totals stored once (what keeps a
    province's state small and quick to read)."""
    scores_create(scored, make_unit(code="phuong-c", kind="ward"), UNIT_A)  # A's twin
    index_set, fp = fresh(scored), take_fingerprint()
    incremental.forget()  # what earlier tests left in this process
    incremental.current_results(index_set, fp)  # computes and shares the state
    state = incremental._latest[index_set.pk]
    incremental.forget()
    shared = incremental._from_shared(index_set, fp.shapes[index_set.pk], fp.units)
    assert shared is not None and shared.versions == state.versions
    assert repr(shared.rollups) == repr(state.rollups)
    assert [r.rollup.total.pct for r in shared.results] == [
        r.rollup.total.pct for r in state.results
    ]
    totals = [
        item
        for rollup, _adjustments in shared.rollups.values()
        for item in (rollup.total, *rollup.by_field.values(), *rollup.by_method.values())
    ]
    by_value: dict[tuple[str, str], set[int]] = {}
    for item in totals:
        by_value.setdefault((str(item.points), str(item.max_points)), set()).add(id(item))
    assert len(totals) > len(by_value) and all(len(ids) == 1 for ids in by_value.values())
