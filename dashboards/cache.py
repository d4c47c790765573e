"""Cached sums for the dashboards, invalidated by a fingerprint of the data they read.

At province scale a set's results read ~100,000 score rows; recomputing them on every
page view would cost far more than the page itself. So results and rendered fragments
are cached under a key made of a *fingerprint*: per index set, the count and latest
update of its scores, criteria, not-applicable marks, targets and thresholds; for units
and for the workflow (assessments, commitments), the same kind of summary. Any save
through the ORM changes the fingerprint, so nobody sees stale figures after a change.

Taking the fingerprint scans the score table (tens of milliseconds at province scale),
so each process trusts the last one for CCHC_DASHBOARD_FRESHNESS_SECONDS (default 5 s):
a change shows on the dashboards at most that long after it was saved. Computed results
live in the process (see `cached`), rendered fragments in Django's cache; both expire
after PAYLOAD_SECONDS, and the process keeps at most MEMO_ENTRIES results.

Writes that bypass the ORM's timestamps (raw SQL, `QuerySet.update()` of points without
touching `updated_at`) may go unseen until PAYLOAD_SECONDS pass: the fingerprint reads
counts, sums and latest changes, not every value.
"""

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Max, Sum
from django.db.models.functions import Length
from django.utils.translation import get_language

from assessments.models import Adjustment, Assessment, Score
from commitments.models import Commitment, CommittedTarget
from indexes.models import (
    AdjustmentItem,
    ClassificationThreshold,
    Criterion,
    IndexSet,
    NotApplicable,
    Target,
)
from units.models import Unit

TOKEN_KEY = "dashboards:fingerprint"
GENERATION_KEY = "dashboards:generation"
PAYLOAD_SECONDS = 15 * 60
# Results of a few sets and years per process; a province's set takes a few megabytes.
MEMO_ENTRIES = 48
_memo: OrderedDict[str, tuple[float, Any]] = OrderedDict()
_lock = threading.Lock()
T = TypeVar("T")


@dataclass(frozen=True)
class Fingerprint:
    """What the cached figures were computed from; equal fingerprints, equal figures."""

    sets: dict[int, str]
    units: str
    workflow: str

    def key(self, name: str, *, set_ids: Iterable[int], workflow: bool = False, extra=()) -> str:
        """A cache key for `name` computed from these sets (and units, and the workflow)."""
        parts = [name, self.units, *(f"{pk}={self.sets.get(pk, '-')}" for pk in sorted(set_ids))]
        if workflow:
            parts.append(self.workflow)
        parts.extend(str(part) for part in extra)
        return f"dashboards:{name}:{_digest(parts)}"


def fingerprint() -> Fingerprint:
    """The current fingerprint, re-taken at most every CCHC_DASHBOARD_FRESHNESS_SECONDS."""
    seconds = settings.CCHC_DASHBOARD_FRESHNESS_SECONDS
    if seconds > 0:
        cached = cache.get(TOKEN_KEY)
        if cached is not None:
            return cached
    current = take_fingerprint()
    if seconds > 0:
        cache.set(TOKEN_KEY, current, seconds)
    return current


def take_fingerprint() -> Fingerprint:
    """Counts, sums and latest changes per set, in a fixed number of grouped queries."""
    per_set: dict[int, list] = {
        pk: [phase, year, kinds, published, code, name]
        for pk, phase, year, kinds, published, code, name in IndexSet.objects.values_list(
            "pk", "phase", "year", "unit_kinds", "published_on", "code", "name"
        )
    }
    grouped = [
        Score.objects.values(set_id=F("criterion__index_set_id")).annotate(
            n=Count("pk"), last=Max("updated_at"), versions=Sum("version")
        ),
        Criterion.objects.values(set_id=F("index_set_id")).annotate(
            n=Count("pk"), last=Max("pk"), total=Sum("max_points"), names=Sum(Length("name"))
        ),
        NotApplicable.objects.values(set_id=F("criterion__index_set_id")).annotate(
            n=Count("pk"), last=Max("pk")
        ),
        Target.objects.values(set_id=F("index_set_id")).annotate(
            n=Count("pk"), last=Max("pk"), total=Sum("pct")
        ),
        ClassificationThreshold.objects.values(set_id=F("index_set_id")).annotate(
            n=Count("pk"), last=Max("pk"), total=Sum("min_pct")
        ),
        # Bonus and deduction points change a unit's total once appraised.
        AdjustmentItem.objects.values(set_id=F("index_set_id")).annotate(
            n=Count("pk"), last=Max("pk"), total=Sum("points"), caps=Sum("cap")
        ),
        Adjustment.objects.values(set_id=F("item__index_set_id")).annotate(
            n=Count("pk"), last=Max("pk"), total=Sum("points")
        ),
    ]
    for position, rows in enumerate(grouped):
        for row in rows.order_by():
            summary = per_set.get(row["set_id"])
            if summary is not None:
                summary.append((position, tuple(v for k, v in row.items() if k != "set_id")))
    units = [
        Unit.objects.aggregate(
            n=Count("pk"),
            last=Max("pk"),
            to=Max("valid_to"),
            since=Max("valid_from"),
            names=Sum(Length("name")),
            codes=Sum(Length("code")),
            kinds=Sum(Length("kind")),
            order=Sum("sort_order"),
        ),
        Unit.predecessors.through.objects.aggregate(n=Count("pk"), last=Max("pk")),
    ]
    workflow = [
        Assessment.objects.aggregate(n=Count("pk"), last=Max("updated_at")),
        Commitment.objects.aggregate(n=Count("pk"), last=Max("updated_at")),
        CommittedTarget.objects.aggregate(n=Count("pk"), last=Max("pk"), total=Sum("pct")),
    ]
    return Fingerprint(
        sets={pk: _digest(summary) for pk, summary in per_set.items()},
        units=_digest(units),
        workflow=_digest(workflow),
    )


def cached(key: str, compute: Callable[[], T]) -> T:
    """The value under `key`, computed and kept in this process when missing.

    Results are kept as Python objects, not in Django's cache: the local-memory backend
    pickles every value, and unpickling a province's results (1,000 units with their
    roll-ups) costs ~0.3 s, more than the page. A cleared Django cache starts a new
    generation, so `cache.clear()` (between tests, for instance) forgets these too.
    """
    key = f"{_generation()}:{key}"
    now = time.monotonic()
    with _lock:
        hit = _memo.get(key)
        if hit is not None and now - hit[0] < PAYLOAD_SECONDS:
            _memo.move_to_end(key)
            return hit[1]
    value = compute()
    with _lock:
        _memo[key] = (now, value)
        while len(_memo) > MEMO_ENTRIES:
            _memo.popitem(last=False)
    return value


_MISSING = object()  # a cached None (no such unit) is a hit, not a miss


def cached_small(key: str, compute: Callable[[], T]) -> T:
    """Like `cached`, for small per-unit values (a unit, its predecessors): kept in
    Django's cache, so that a thousand of them do not push a set's results out of the
    process's few MEMO_ENTRIES."""
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, PAYLOAD_SECONDS)
    return value


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.set(GENERATION_KEY, generation, None)
    return generation


def language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _digest(parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
