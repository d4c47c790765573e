"""One index set's results, computed once per fingerprint and shared by every page."""

import threading
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from assessments import counting
from assessments.models import Assessment
from assessments.results import UnitResult, index_set_results
from commitments.selectors import PUBLISHED_PHASES, CommitmentSummary, commitments_for_year
from dashboards import incremental
from dashboards.cache import Fingerprint, cached, generation
from dashboards.selectors.scope import all_index_sets
from indexes.models import IndexSet


@dataclass(frozen=True)
class FieldInfo:
    code: str
    name: str
    name_en: str
    sort_key: str = ""
    kind: str = "normal"  # bonus and deduction fields have no maximum of their own


@dataclass(frozen=True)
class ClassInfo:
    code: str
    label: str
    label_en: str
    min_pct: Decimal


@dataclass(frozen=True)
class SetResults:
    set_id: int
    set_code: str
    year: int
    basis: str
    fields: tuple[FieldInfo, ...]
    targets: dict[str, Decimal]
    classes: tuple[ClassInfo, ...]  # highest first
    results: tuple[UnitResult, ...]  # best first
    by_unit: dict[int, UnitResult] = field(default_factory=dict)
    rank_counts: dict[int, int] = field(default_factory=dict)  # units sharing each rank
    # Each unit's data version that its result reflects (none: a unit without scores).
    versions: dict[int, int] = field(default_factory=dict)

    @property
    def ranked(self) -> int:
        return sum(self.rank_counts.values())


def set_results(index_set: IndexSet, fp: Fingerprint) -> SetResults:
    key = fp.key("set", set_ids=[index_set.pk], extra=[index_set.phase])
    return cached(key, lambda: compute_set_results(index_set, fp))


def compute_set_results(index_set: IndexSet, fp: Fingerprint | None = None) -> SetResults:
    """The set's results: with a fingerprint, brought up to date from the latest state
    (dashboards/incremental.py); without one, computed whole."""
    versions: dict[int, int] = {}
    if fp is None:
        results = tuple(index_set_results(index_set=index_set))
    else:
        results, versions = incremental.current_results(index_set, fp)
    fields = tuple(
        FieldInfo(code, name, name_en, sort_key, kind)
        for code, name, name_en, sort_key, kind in index_set.criteria.filter(depth=1)
        .order_by("sort_key")
        .values_list("code", "name", "name_en", "sort_key", "kind")
    )
    return SetResults(
        set_id=index_set.pk,
        set_code=index_set.code,
        year=index_set.year,
        basis=counting.basis_for(index_set),
        fields=fields,
        targets={target.method: target.pct for target in index_set.targets.all()},
        classes=tuple(
            ClassInfo(t.code, t.label, t.label_en, t.min_pct)
            for t in sorted(index_set.thresholds.all(), key=lambda t: -t.min_pct)
        ),
        results=results,
        by_unit={result.unit.pk: result for result in results},
        rank_counts=dict(Counter(r.rank for r in results if r.rank is not None)),
        versions=versions,
    )


def year_commitments(year: int, fp: Fingerprint) -> dict[int, CommitmentSummary]:
    """Every unit's commitment for the year, computed once per fingerprint of what it
    reads: the year's sets' shapes (their targets and phases) and, since met or missed
    needs the published results, the scores of the year's published sets only; so the
    saves of a round under way, or of another year, leave it as it is. After a save in a
    published set, only the units whose scores changed are asked again (see `_updated`)."""
    year_sets = [s for s in all_index_sets(fp) if s.year == year]
    published = [s for s in year_sets if s.phase in PUBLISHED_PHASES]
    shapes = [f"{s.pk}~{fp.shapes.get(s.pk, '-')}" for s in year_sets]
    key = fp.key(
        "commitments", set_ids=[s.pk for s in published], workflow=True, extra=[year, *shapes]
    )
    # Everything but the published sets' scores: while it holds, so do the year's units,
    # commitments and targets, and a unit's status moves with its own scores alone.
    base = f"{generation()}:" + fp.key("commitments-base", set_ids=[], workflow=True,
                                       extra=[year, *shapes])  # fmt: skip
    return cached(key, lambda: _commitments_now(year, base, published, fp))


@dataclass(frozen=True)
class _KeptCommitments:
    base: str
    versions: dict[int, dict[int, int]]  # per published set, each unit's data version
    summaries: dict[int, CommitmentSummary]


_latest_commitments: dict[int, _KeptCommitments] = {}  # per year, in this process
_commitments_lock = threading.Lock()


def _commitments_now(
    year: int, base: str, published: list[IndexSet], fp: Fingerprint
) -> dict[int, CommitmentSummary]:
    # The versions that the sets' results reflect, read before their sums (as
    # dashboards/incremental.py tags them): a write in between is asked again next time.
    versions = {s.pk: set_results(s, fp).versions for s in published}
    with _commitments_lock:
        kept = _latest_commitments.get(year)
    if kept is None or kept.base != base:
        summaries = commitments_for_year(year=year)
    else:
        summaries = _updated(year, kept, versions)
    with _commitments_lock:
        _latest_commitments[year] = _KeptCommitments(base, versions, summaries)
    return summaries


def _updated(
    year: int, kept: _KeptCommitments, versions: dict[int, dict[int, int]]
) -> dict[int, CommitmentSummary]:
    """The kept summaries with those of the units whose scores changed asked again: a
    commitment's status reads its own unit's final scores only."""
    changed = {
        unit_id
        for set_id, now in versions.items()
        for unit_id in now.keys() | kept.versions.get(set_id, {}).keys()
        if now.get(unit_id) != kept.versions.get(set_id, {}).get(unit_id)
    } & kept.summaries.keys()  # the year's units hold while the base does
    if not changed:
        return kept.summaries
    return {**kept.summaries, **commitments_for_year(year=year, unit_ids=sorted(changed))}


def workflow_statuses(set_ids: list[int], fp: Fingerprint) -> dict[tuple[int, int], str]:
    """Assessment status per (unit, set); a unit without a row has not started."""
    # Assessments are the workflow's (dashboards/versions.py): a score saved in these sets
    # leaves their statuses as they are, so the sets' own versions are not in the key.
    key = fp.key("statuses", set_ids=[], workflow=True, extra=sorted(set_ids))
    return cached(
        key,
        lambda: {
            (unit_id, set_id): status
            for unit_id, set_id, status in Assessment.objects.filter(
                index_set_id__in=set_ids
            ).values_list("unit_id", "index_set_id", "status")
        },
    )
