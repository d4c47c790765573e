"""Reads that feed the commitment and award pages, and the interface the dashboards use.

Met or missed is computed here and nowhere else: a signed commitment on a published set
is met when the unit's final scores reach every committed target (indexes.scoring does
the arithmetic). The number of queries depends on the number of index sets of the year,
never on the number of units.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy

from assessments.results import index_set_results
from commitments.models import Award, AwardKind, Commitment, CommitmentStatus, Initiative
from indexes import scoring
from indexes.models import IndexSet, Phase
from units.models import Unit

PUBLISHED_PHASES = (Phase.PUBLISHED, Phase.CLOSED)
STATUSES = ("none", "draft", "signed", "met", "missed")


_STATUS_LABELS = {
    "none": gettext_lazy("No commitment"),
    "draft": gettext_lazy("Not signed yet"),
    "signed": gettext_lazy("Signed"),
    "met": gettext_lazy("Met"),
    "missed": gettext_lazy("Missed"),
}


def status_label(status: str) -> str:
    # One translation per call, not five: the dashboards ask once per unit (1,000 a page).
    return str(_STATUS_LABELS[status])


@dataclass(frozen=True, slots=True)
class CommitmentSummary:
    unit_id: int
    status: str  # "none" (no commitment), "draft", "signed", "met", "missed"
    status_label: str  # translated text, e.g. "Đã ký", "Đạt", "Không đạt"
    targets: dict[str, Decimal]  # committed pct per method ("appraisal", "survey", "other")
    url: str | None  # where a permitted user reads it


@dataclass(frozen=True)
class CommitmentRow:
    """Everything the pages show about one unit's commitment for one year."""

    unit: Unit
    index_set: IndexSet | None
    commitment: Commitment | None
    status: str
    targets: dict[str, Decimal]  # committed pct per method, in scoring.METHODS order
    year_targets: dict[str, Decimal]  # the set's own targets, for comparison
    results: dict[str, scoring.TargetResult] = field(default_factory=dict)
    total_pct: Decimal | None = None

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def published(self) -> bool:
        return self.index_set is not None and self.index_set.phase in PUBLISHED_PHASES

    @property
    def stricter_methods(self) -> list[str]:
        return [
            method
            for method, pct in self.targets.items()
            if method in self.year_targets and pct > self.year_targets[method]
        ]

    @property
    def url(self) -> str | None:
        if self.commitment is None:
            return None
        return reverse(
            "commitments:detail", kwargs={"year": self.commitment.year, "unit_code": self.unit.code}
        )

    @property
    def scorecard_url(self) -> str:
        year = self.index_set.year if self.index_set else (self.commitment and self.commitment.year)
        return unit_scorecard_url(year=year or 0, unit_code=self.unit.code)


def unit_scorecard_url(*, year: int, unit_code: str) -> str:
    """The dashboards' scorecard of the unit for the year, or the unit page until the
    dashboards exist (they are built alongside this app)."""
    try:
        return reverse("dashboards:unit-scorecard", kwargs={"year": year, "unit_code": unit_code})
    except NoReverseMatch:
        return reverse("units:unit-detail", kwargs={"code": unit_code})


def commitment_rows(*, year: int, unit_ids: Iterable[int] | None = None) -> list[CommitmentRow]:
    """One row per unit scored in the year (or per unit of `unit_ids`), in unit order."""
    index_sets = list(
        IndexSet.objects.filter(year=year)
        .prefetch_related("targets", "thresholds")
        .order_by("code")
    )
    units = list(_units(year=year, index_sets=index_sets, unit_ids=unit_ids))
    of_year = Commitment.objects.filter(year=year)
    if unit_ids is not None:  # else every unit with a commitment that year is in `units`
        of_year = of_year.filter(unit__in=[u.pk for u in units])
    commitments = {
        commitment.unit_id: commitment
        for commitment in of_year.select_related("index_set").prefetch_related("targets")
    }
    sets_by_id = {index_set.pk: index_set for index_set in index_sets}
    outcomes = _outcomes(index_sets, commitments.values())
    targets_of: dict[int | None, dict[str, Decimal]] = {}  # per set, not per unit

    rows = []
    for unit in units:
        commitment = commitments.get(unit.pk)
        index_set: IndexSet | None
        if commitment is not None:
            index_set = sets_by_id.get(commitment.index_set_id, commitment.index_set)
        else:
            index_set = _set_of_kind(index_sets, unit.kind)
        set_key = index_set.pk if index_set is not None else None
        if set_key not in targets_of:
            targets_of[set_key] = _set_targets(index_set)
        year_targets = targets_of[set_key]
        if commitment is None:
            rows.append(CommitmentRow(unit, index_set, None, "none", {}, year_targets))
            continue
        targets = _committed_targets(commitment, year_targets)
        status = str(commitment.status)
        results: dict[str, scoring.TargetResult] = {}
        total_pct = None
        outcome = outcomes.get(unit.pk)
        if outcome is not None and commitment.status == CommitmentStatus.SIGNED:
            results = scoring.check_targets(outcome.rollup.by_method, targets)
            status = "met" if scoring.all_targets_met(results) else "missed"
            total_pct = outcome.pct
        rows.append(
            CommitmentRow(
                unit, index_set, commitment, status, targets, year_targets, results, total_pct
            )
        )
    return rows


def commitments_for_year(
    *, year: int, unit_ids: Iterable[int] | None = None
) -> dict[int, CommitmentSummary]:
    """Each unit's commitment status for the year, keyed by unit id (for the dashboards)."""
    labels = {status: status_label(status) for status in STATUSES}  # not one per unit
    return {
        row.unit.pk: CommitmentSummary(
            unit_id=row.unit.pk,
            status=row.status,
            status_label=labels[row.status],
            targets=row.targets,
            url=row.url,
        )
        for row in commitment_rows(year=year, unit_ids=unit_ids)
    }


def commitment_row(*, commitment: Commitment) -> CommitmentRow:
    return commitment_rows(year=commitment.year, unit_ids=[commitment.unit_id])[0]


def rows_of_commitments(*, commitments: Iterable[Commitment]) -> dict[int, CommitmentRow]:
    """The row (status, targets, results per method) of each commitment, keyed by its id.

    One round of queries per year present, whatever the number of commitments.
    """
    unit_ids_by_year: dict[int, set[int]] = {}
    for commitment in commitments:
        unit_ids_by_year.setdefault(commitment.year, set()).add(commitment.unit_id)
    rows = {}
    for year, unit_ids in unit_ids_by_year.items():
        for row in commitment_rows(year=year, unit_ids=unit_ids):
            if row.commitment is not None:
                rows[row.commitment.pk] = row
    return rows


def commitment_statuses(*, commitments: Iterable[Commitment]) -> dict[int, str]:
    """Status (draft / signed / met / missed) of each commitment, keyed by its id."""
    return {pk: row.status for pk, row in rows_of_commitments(commitments=commitments).items()}


@dataclass(frozen=True)
class YearCounts:
    units: int
    signed: int  # signed, whatever the result
    not_signed: int  # no commitment or a draft
    met: int
    missed: int
    published: bool


def year_counts(rows: list[CommitmentRow]) -> YearCounts:
    statuses = [row.status for row in rows]
    signed = sum(status in ("signed", "met", "missed") for status in statuses)
    return YearCounts(
        units=len(rows),
        signed=signed,
        not_signed=len(rows) - signed,
        met=statuses.count("met"),
        missed=statuses.count("missed"),
        published=any(row.published for row in rows),
    )


def commitment_years() -> list[int]:
    """Years that have an index set or a commitment, latest first."""
    years = set(IndexSet.objects.values_list("year", flat=True))
    years |= set(Commitment.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


def latest_commitment_for_unit(*, unit_id: int) -> Commitment | None:
    return (
        Commitment.objects.filter(unit_id=unit_id).select_related("unit").order_by("-year").first()
    )


def _units(
    *, year: int, index_sets: list[IndexSet], unit_ids: Iterable[int] | None
) -> QuerySet[Unit]:
    if unit_ids is not None:
        return Unit.objects.filter(pk__in=list(unit_ids)).order_by("kind", "sort_order", "name")
    kinds = {kind for index_set in index_sets for kind in (index_set.unit_kinds or [])}
    scored = (
        Q(kind__in=kinds)
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=date(year, 1, 1)))
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=date(year, 12, 31)))
    )
    # A unit that committed stays on the list even if its kind later left the set.
    return (
        Unit.objects.filter(scored | Q(commitments__year=year))
        .distinct()
        .order_by("kind", "sort_order", "name")
    )


def _set_of_kind(index_sets: list[IndexSet], kind: str) -> IndexSet | None:
    return next((s for s in index_sets if kind in (s.unit_kinds or [])), None)


def _set_targets(index_set: IndexSet | None) -> dict[str, Decimal]:
    if index_set is None:
        return {}
    by_method = {target.method: target.pct for target in index_set.targets.all()}
    return {method: by_method[method] for method in scoring.METHODS if method in by_method}


def _committed_targets(
    commitment: Commitment, year_targets: dict[str, Decimal]
) -> dict[str, Decimal]:
    """The year's targets, overridden by whatever the commitment names (stricter or equal)."""
    merged = dict(year_targets)
    merged.update({target.method: target.pct for target in commitment.targets.all()})
    return {method: merged[method] for method in scoring.METHODS if method in merged}


def _outcomes(index_sets: list[IndexSet], commitments: Iterable[Commitment]):
    """Final results of the units with a signed commitment on a published set."""
    signed_by_set: dict[int, list[int]] = {}
    for commitment in commitments:
        if commitment.status == CommitmentStatus.SIGNED:
            signed_by_set.setdefault(commitment.index_set_id, []).append(commitment.unit_id)
    outcomes = {}
    for index_set in index_sets:
        unit_ids = signed_by_set.get(index_set.pk)
        if not unit_ids or index_set.phase not in PUBLISHED_PHASES:
            continue
        units = Unit.objects.filter(pk__in=unit_ids)
        for result in index_set_results(index_set=index_set, units=units, basis="final"):
            outcomes[result.unit.pk] = result
    return outcomes


# --- awards and initiatives ---------------------------------------------------------------


def award_list(*, year: int | None = None, unit: Unit | None = None) -> QuerySet[Award]:
    awards = _of_year_and_unit(Award.objects.select_related("unit"), year=year, unit=unit)
    return awards.order_by("-year", "kind", "unit__kind", "unit__sort_order", "person_name")


def initiative_list(*, year: int | None = None, unit: Unit | None = None) -> QuerySet[Initiative]:
    initiatives = Initiative.objects.select_related("unit")
    initiatives = _of_year_and_unit(initiatives, year=year, unit=unit)
    return initiatives.order_by("-year", "unit__kind", "unit__sort_order", "title")


Recognition = TypeVar("Recognition", Award, Initiative)


def _of_year_and_unit(
    records: QuerySet[Recognition], *, year: int | None, unit: Unit | None
) -> QuerySet[Recognition]:
    """The records of `year` and of `unit`, where either is given."""
    if year is not None:
        records = records.filter(year=year)
    if unit is not None:
        records = records.filter(unit=unit)
    return records


@dataclass(frozen=True)
class RecognitionCounts:
    collectives: int
    individuals: int
    initiatives: int
    recognised: int


def recognition_counts(*, year: int, unit: Unit | None = None) -> RecognitionCounts:
    """The year's awards and initiatives counted in SQL (two queries)."""
    awards = Award.objects.filter(year=year)
    initiatives = Initiative.objects.filter(year=year)
    if unit is not None:
        awards, initiatives = awards.filter(unit=unit), initiatives.filter(unit=unit)
    award_counts = awards.aggregate(
        collectives=Count("pk", filter=Q(kind=AwardKind.COLLECTIVE)),
        individuals=Count("pk", filter=Q(kind=AwardKind.INDIVIDUAL)),
    )
    initiative_counts = initiatives.aggregate(
        initiatives=Count("pk"), recognised=Count("pk", filter=Q(recognised=True))
    )
    return RecognitionCounts(**award_counts, **initiative_counts)


def recognition_years() -> list[int]:
    years = set(Award.objects.values_list("year", flat=True).distinct())
    years |= set(Initiative.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)
