"""Where each demo unit stands in a set's cycle (indexes.models.Assessment).

Finished years are appraised: submitted in the last week of the self-assessment window,
finalised during the appraisal window. In the open year the units that have started have
a draft; the others have no row, which the cycle reads as "not started".
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from assessments.models import Assessment, AssessmentStatus, Score
from indexes.models import IndexSet, Phase


def _moment(day: date, rng: random.Random) -> datetime:
    """A working-hours moment of the day, in the project's time zone."""
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 16), rng.randrange(60))))


def demo_assessments_fill(
    *, index_set: IndexSet, official_ids: dict[int, int], appraiser_id: int | None
) -> int:
    """An assessment for each unit with scores on the set that has none; returns how many."""
    finished = index_set.phase in (Phase.PUBLISHED, Phase.CLOSED)
    scored = dict(
        Score.objects.filter(criterion__index_set=index_set)
        .order_by()
        .values_list("unit_id", "unit__code")
        .distinct()
    )
    existing = set(Assessment.objects.filter(index_set=index_set).values_list("unit_id", flat=True))
    year = index_set.year
    submit_by = index_set.self_assessment_closes or date(year, 10, 31)
    appraise_by = index_set.appraisal_closes or date(year, 11, 30)
    rows = []
    for unit_id, code in sorted(scored.items()):
        if unit_id in existing:
            continue
        if not finished:
            rows.append(
                Assessment(unit_id=unit_id, index_set=index_set, status=AssessmentStatus.DRAFT)
            )
            continue
        rng = random.Random(f"{code}:{year}:assessment")
        rows.append(
            Assessment(
                unit_id=unit_id,
                index_set=index_set,
                status=AssessmentStatus.APPRAISED,
                submitted_at=_moment(submit_by - timedelta(days=rng.randint(0, 6)), rng),
                submitted_by_id=official_ids.get(unit_id),
                appraised_at=_moment(appraise_by - timedelta(days=rng.randint(0, 10)), rng),
                appraised_by_id=appraiser_id,
            )
        )
    Assessment.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
