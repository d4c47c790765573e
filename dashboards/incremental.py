"""A set's results kept up to date unit by unit, and shared by every worker and server.

A score saved for one unit changes the set's data version, so every cached page of the
set is stale; but only that unit's roll-up changed (and, through it, ranks). The
triggers of dashboards/versions.py also renew a version per (set, unit) for a unit's own
rows (scores, adjustments), and a version of the set's *shape* for everything else
(criteria, targets, classes, marks, exemptions, the set row and its phase). So while a
set's shape and the units hold, a changed set needs the roll-ups of the units whose
version moved only: one query for the versions, the usual sums for those units, then
ranks again over every unit (`assessments.results`: the same functions a full
computation calls, so the two cannot differ; tests/dashboards/test_incremental.py
compares them after random saves).

Where the previous state comes from: this process's memory (the latest per set), else
the shared cache (`dashboards.cache.shared_cache`: Redis with REDIS_URL, the database
otherwise), where whoever computes a state leaves it; so a worker that starts (or comes
back after a while) begins from what another computed instead of from every score.

A unit's roll-up is tagged with the version read *before* its sums, so a write committed
in between leaves an older tag on newer figures: recomputed next time, never missed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from assessments.membership import index_set_units
from assessments.results import (
    SetFrame,
    UnitResult,
    UnitRollup,
    ranked_results,
    set_frame,
    unit_rollups,
)
from dashboards.cache import PAYLOAD_SECONDS, Fingerprint, generation, shared_cache
from dashboards.models import UnitDataVersion
from indexes import scoring
from indexes.models import IndexSet
from units.models import Unit

# A unit without scores has no version row.
Versions = dict[int, int]
# Writing a province's state to the shared cache takes ~40 ms (`_compact`, then pickling),
# more than recomputing a few units: it is written when computed whole, then once 5 % of
# the units (at least this many) were recomputed since; a worker that starts from an
# older copy recomputes the units changed since, which the versions tell.
MIN_REPUBLISH = 20
# Part of the shared key: another release's pickles (a roll-up class that changed shape)
# must not be read as this one's. Raise it whenever a class in SharedState changes.
STATE_FORMAT = 2


@dataclass(frozen=True)
class SharedState:
    """What the shared cache holds of a set: every unit's roll-up and its version."""

    versions: Versions
    rollups: dict[int, UnitRollup]


@dataclass(frozen=True)
class LocalState:
    """The latest results of a set in this process, with what they were computed from."""

    generation: str
    shape: str
    units_version: str
    frame: SetFrame
    units: tuple[Unit, ...]
    versions: Versions
    rollups: dict[int, UnitRollup]
    results: tuple[UnitResult, ...]
    unpublished: int = 0  # units recomputed since the state was last shared


_latest: dict[int, LocalState] = {}
_lock = threading.Lock()


def unit_versions(index_set_id: int) -> Versions:
    """Every unit's data version in the set, in one query."""
    rows = UnitDataVersion.objects.filter(index_set_id=index_set_id)
    return dict(rows.values_list("unit_id", "number"))


def current_results(
    index_set: IndexSet, fp: Fingerprint
) -> tuple[tuple[UnitResult, ...], Versions]:
    """The set's results now (best first) and the unit versions they reflect: recomputed
    for the units that changed since the latest state this process or another kept."""
    shape, units_version = fp.shapes.get(index_set.pk, "-"), fp.units
    versions = unit_versions(index_set.pk)  # before any sum: see the module docstring
    state = _usable_local(index_set.pk, shape, units_version)
    if state is None:
        state = _from_shared(index_set, shape, units_version)
    if state is None:
        state = _computed(index_set, shape, units_version, versions)
        _publish(index_set.pk, state)
    changed = {u.pk for u in state.units if versions.get(u.pk) != state.versions.get(u.pk)}
    if changed:
        state = _updated(state, changed, versions)
        if state.unpublished >= max(MIN_REPUBLISH, len(state.units) // 20):
            _publish(index_set.pk, state)
            state = replace(state, unpublished=0)
    with _lock:
        _latest[index_set.pk] = state
    return state.results, state.versions


def forget() -> None:
    """Drop this process's states (tests that stand for another worker)."""
    with _lock:
        _latest.clear()


def _usable_local(set_id: int, shape: str, units_version: str) -> LocalState | None:
    with _lock:
        state = _latest.get(set_id)
    if state is None or (state.generation, state.shape, state.units_version) != (
        generation(),
        shape,
        units_version,
    ):
        return None
    return state


def _shared_key(set_id: int, shape: str, units_version: str) -> str:
    return f"dashboards:state:{STATE_FORMAT}:{set_id}:{shape}:{units_version}"


def _from_shared(index_set: IndexSet, shape: str, units_version: str) -> LocalState | None:
    shared = shared_cache().get(_shared_key(index_set.pk, shape, units_version))
    if not isinstance(shared, SharedState):
        return None
    frame = set_frame(index_set)
    units = tuple(index_set_units(index_set))
    if any(unit.pk not in shared.rollups for unit in units):
        return None  # cannot happen while the units' version holds; recompute to be safe
    results = ranked_results(frame, list(units), shared.rollups)
    return LocalState(
        generation(), shape, units_version, frame, units, shared.versions, shared.rollups,
        tuple(results),
    )  # fmt: skip


def _computed(
    index_set: IndexSet, shape: str, units_version: str, versions: Versions
) -> LocalState:
    frame = set_frame(index_set)
    units = tuple(index_set_units(index_set))
    rollups = unit_rollups(frame, [unit.pk for unit in units])
    results = ranked_results(frame, list(units), rollups)
    return LocalState(
        generation(), shape, units_version, frame, units, versions, rollups, tuple(results)
    )


def _updated(state: LocalState, changed: set[int], versions: Versions) -> LocalState:
    """The state with the roll-ups of `changed` units recomputed and every rank again."""
    fresh = unit_rollups(state.frame, [unit.pk for unit in state.units if unit.pk in changed])
    rollups = {**state.rollups, **fresh}
    unchanged = {r.unit.pk: r for r in state.results if r.unit.pk not in changed}
    results = ranked_results(state.frame, list(state.units), rollups, unchanged=unchanged)
    tags = {pk: number for pk, number in state.versions.items() if pk not in changed}
    tags.update({pk: versions[pk] for pk in changed if pk in versions})
    return LocalState(
        state.generation, state.shape, state.units_version, state.frame, state.units, tags,
        rollups, tuple(results), state.unpublished + len(changed),
    )  # fmt: skip


def _publish(set_id: int, state: LocalState) -> None:
    shared_cache().set(
        _shared_key(set_id, state.shape, state.units_version),
        SharedState(versions=state.versions, rollups=_compact(state.rollups)),
        PAYLOAD_SECONDS,
    )


def _compact(rollups: dict[int, UnitRollup]) -> dict[int, UnitRollup]:
    """The roll-ups with equal totals as one object each. A province's thousand units hold
    some twelve thousand totals but a few hundred distinct ones; pickle writes an object
    it has seen once and refers to it after, so the state shrinks fivefold and a worker
    reads it in a few milliseconds instead of a fifth of a second (unpickling every
    Decimal again). Totals are frozen, so sharing them changes nothing; the key keeps
    each Decimal's own digits ("12" and "12.00" are equal but shown differently)."""
    seen: dict[tuple[str, str], scoring.Totals] = {}

    def one(totals: scoring.Totals) -> scoring.Totals:
        return seen.setdefault((str(totals.points), str(totals.max_points)), totals)

    compact = {}
    for unit_id, (rollup, adjustments) in rollups.items():
        shared = replace(
            rollup,
            total=one(rollup.total),
            by_field={code: one(totals) for code, totals in rollup.by_field.items()},
            by_method={method: one(totals) for method, totals in rollup.by_method.items()},
        )
        compact[unit_id] = (shared, adjustments)
    return compact
