"""Which index sets a dashboard covers: a year and one set of it, or all its sets."""

from dataclasses import dataclass

from django.db.models import Prefetch

from assessments import counting
from commitments.selectors import PUBLISHED_PHASES
from dashboards.cache import Fingerprint, cached
from indexes.models import ClassificationThreshold, IndexSet, Phase, Target
from indexes.years import default_year

ALL = "all"
# A set's results are judged (met or missed, classes, points short) once published; before
# that the page shows how far the round has come.
JUDGED_PHASES = PUBLISHED_PHASES
OPEN_PHASES = (Phase.SELF_ASSESSMENT, Phase.APPRAISAL, Phase.EXPLANATION)


def is_judged(index_set: IndexSet) -> bool:
    return index_set.phase in JUDGED_PHASES


@dataclass(frozen=True)
class Scope:
    year: int
    key: str  # ALL or the kinds of unit of one set of the year (see kinds_key)
    index_sets: tuple[IndexSet, ...]  # the sets the page ranks
    year_sets: tuple[IndexSet, ...]  # every set of the year, for the chooser
    all_sets: tuple[IndexSet, ...]  # every set of every year, latest first
    asked_for_unknown: bool = False  # the request named a year or set that does not exist

    @property
    def years(self) -> list[int]:
        return sorted({index_set.year for index_set in self.all_sets}, reverse=True)

    @property
    def results_published(self) -> bool:
        """Whether every set of the scope is published (or closed): the year's results
        are out, and next year's improvement plan can be drawn from them."""
        return all(s.phase in (Phase.PUBLISHED, Phase.CLOSED) for s in self.index_sets)

    @property
    def kinds(self) -> set[str]:
        return {kind for index_set in self.index_sets for kind in index_set.unit_kinds}

    @property
    def set_ids(self) -> list[int]:
        return [index_set.pk for index_set in self.index_sets]

    @property
    def bases(self) -> list[tuple[IndexSet, str]]:
        return [(index_set, counting.basis_for(index_set)) for index_set in self.index_sets]

    def trend_sets(self) -> dict[int, list[IndexSet]]:
        """Per year, oldest first, the sets that score the same kinds of unit as this scope."""
        by_year: dict[int, list[IndexSet]] = {}
        for index_set in sorted(self.all_sets, key=lambda s: (s.year, s.code)):
            if self.key == ALL or self.kinds & set(index_set.unit_kinds):
                by_year.setdefault(index_set.year, []).append(index_set)
        return by_year

    @property
    def options(self) -> list[tuple[str, str]]:
        """The chooser's choices for the year: (key, kinds of unit in words)."""
        return [(kinds_key(s), ", ".join(s.unit_kind_labels())) for s in self.year_sets]

    @property
    def open_year(self) -> int | None:
        """The latest year whose round is under way (units submit, appraisers appraise)."""
        years = [s.year for s in self.all_sets if s.phase in OPEN_PHASES]
        return max(years) if years else None

    @property
    def published_year(self) -> int | None:
        """The latest year with published results."""
        years = [s.year for s in self.all_sets if is_judged(s)]
        return max(years) if years else None

    def query(self) -> dict[str, str]:
        return {"year": str(self.year), "scope": self.key}


def kinds_key(index_set: IndexSet) -> str:
    """A set's kinds of unit as one word ("commune+ward"): the same choice across years,
    where the sets themselves (and their codes) change every year."""
    return "+".join(sorted(index_set.unit_kinds or []))


def all_index_sets(fp: Fingerprint | None = None) -> list[IndexSet]:
    """Every set with its targets and thresholds: three queries whatever their number, or
    none while the fingerprint (which covers sets, targets and thresholds) holds."""
    if fp is not None:
        return cached(fp.key("sets", set_ids=fp.sets), all_index_sets)
    return list(
        IndexSet.objects.prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("method")),
            Prefetch("thresholds", queryset=ClassificationThreshold.objects.order_by("-min_pct")),
        ).order_by("-year", "code")
    )


def dashboard_scope(
    *, year: str | int | None, key: str | None, fp: Fingerprint | None = None
) -> Scope | None:
    """The scope a request asks for; an unknown year or set falls back to the default.

    The default year is the latest one with published results (`landing_year`), and
    the default scope is all its sets.
    """
    sets = all_index_sets(fp)
    if not sets:
        return None
    years = sorted({index_set.year for index_set in sets}, reverse=True)
    chosen = _as_int(year)
    unknown = year not in (None, "") and chosen not in years
    if chosen not in years:
        chosen = landing_year(sets) or years[0]  # never None: there are sets
    year_sets = tuple(s for s in sets if s.year == chosen)
    picked = tuple(s for s in year_sets if kinds_key(s) == key)[:1]
    unknown = unknown or (key not in (None, "", ALL) and not picked)
    return Scope(
        year=chosen,
        key=kinds_key(picked[0]) if picked else ALL,
        index_sets=picked or year_sets,
        year_sets=year_sets,
        all_sets=tuple(sets),
        asked_for_unknown=unknown,
    )


def landing_year(index_sets: list[IndexSet]) -> int | None:
    """The year a leader opens on: the latest with published results, where there is
    something to judge (the round under way is one click away); before any is published,
    the year being run (indexes.years.default_year)."""
    published = [s.year for s in index_sets if is_judged(s)]
    return max(published) if published else default_year(index_sets)


def _as_int(value: str | int | None) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 4:
        return int(value.strip())
    return None
