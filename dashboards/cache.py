"""Cached sums for the dashboards, keyed by the data versions of what they read.

At province scale a set's results read ~100,000 score rows; recomputing them on every
page view would cost far more than the page itself. So results and rendered fragments
are cached under a key made of a *fingerprint*: the data version of each index set
(`set:<id>`: the set, its criteria, targets, classes, not-applicable marks, bonus and
deduction items, adjustments and scores), of the units (with their predecessors) and of
the workflow (assessments, commitments, committed targets).

The fingerprint cannot miss a change: a version is not a summary of the data but a
number that database triggers (dashboards/versions.py) replace in the same transaction
as every write to those tables, whoever writes (a service, bulk_update,
`QuerySet.update()`, the admin, raw SQL, an import), whatever it changes (a name of the
same length, a label, points without `updated_at`, a deleted row). A committed change
is in the next fingerprint any process takes; an uncommitted one is in none but its own
transaction's.

Taking the fingerprint is one query over a table of one row per set plus two, so each
request takes it afresh by default; CCHC_DASHBOARD_FRESHNESS_SECONDS (default 0) lets a
process reuse the last one for that long instead, and a change then shows at most that
long after it was saved. Computed results live in the process (see `cached`), rendered
fragments in Django's cache; both expire after PAYLOAD_SECONDS, and the process keeps at
most MEMO_ENTRIES results.
"""

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.utils.translation import get_language

from dashboards.models import DataVersion
from dashboards.versions import SET_PREFIX, SHAPE_PREFIX, UNITS, WORKFLOW

SHARED = "shared"  # the alias of the cache every worker reads (cchc_tracker/settings.py)
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
    # Each set's shape: its version less its units' own scores and adjustments.
    shapes: dict[int, str] = field(default_factory=dict)

    def key(self, name: str, *, set_ids: Iterable[int], workflow: bool = False, extra=()) -> str:
        """A cache key for `name` computed from these sets (and units, and the workflow)."""
        parts = [name, self.units, *(f"{pk}={self.sets.get(pk, '-')}" for pk in sorted(set_ids))]
        if workflow:
            parts.append(self.workflow)
        parts.extend(str(part) for part in extra)
        return f"dashboards:{name}:{_digest(parts)}"


def fingerprint() -> Fingerprint:
    """The current fingerprint: taken afresh, or (CCHC_DASHBOARD_FRESHNESS_SECONDS > 0)
    the last one this process took, for that many seconds."""
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
    """Every scope's data version, in one query whatever the number of sets and units."""
    return fingerprint_of(DataVersion.objects.values_list("scope", "number"))


def fingerprint_of(versions: Iterable[tuple[str, Any]]) -> Fingerprint:
    """The fingerprint of (scope, number) pairs as the DataVersion table holds them (for a
    caller that reads them joined to another query, as the API's token lookup does)."""
    sets: dict[int, str] = {}
    shapes: dict[int, str] = {}
    others: dict[str, str] = {}
    for scope, number in versions:
        if scope.startswith(SET_PREFIX):
            sets[int(scope.removeprefix(SET_PREFIX))] = str(number)
        elif scope.startswith(SHAPE_PREFIX):
            shapes[int(scope.removeprefix(SHAPE_PREFIX))] = str(number)
        else:
            others[scope] = str(number)
    return Fingerprint(
        sets=sets,
        units=others.get(UNITS, "-"),
        workflow=others.get(WORKFLOW, "-"),
        shapes=shapes,
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


def shared_cache() -> BaseCache:
    """The cache every worker and server reads (Redis with REDIS_URL, else the database)."""
    return caches[SHARED]


def cached_shared(key: str, compute: Callable[[], T]) -> T:
    """The value under `key` from this process's cache, else from the shared cache, else
    computed and put in both: one worker pays for a figure or a page, the others read it.

    For values that pickle cheaply (rendered HTML, a few numbers); `key` must name all
    that the value depends on (a fingerprint's key does), so a value is never stale.
    """
    # The local copy is of this generation (see `cached`); the shared one is not, since
    # every process has its own generation: its keys' random data versions suffice.
    local = f"{_generation()}:{key}"
    value = cache.get(local, _MISSING)
    if value is _MISSING:
        value = shared_cache().get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            shared_cache().set(key, value, PAYLOAD_SECONDS)
        cache.set(local, value, PAYLOAD_SECONDS)
    return value


def generation() -> str:
    """The current generation: a cleared Django cache (`cache.clear()`) starts a new one,
    and what was kept under the old one is not read again."""
    return _generation()


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
