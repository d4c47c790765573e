"""Which year a page opens on when none is asked for."""

from collections.abc import Iterable

from indexes.models import IndexSet, Phase


def default_year(index_sets: Iterable[IndexSet]) -> int | None:
    """The latest year whose sets have left preparation, or, when none has, the latest
    year with a set at all: a set an admin is still preparing for next year does not
    take the boards and dashboards away from the year being run."""
    sets = list(index_sets)
    started = [s.year for s in sets if s.phase != Phase.PREPARING]
    years = started or [s.year for s in sets]
    return max(years) if years else None
