"""Reads for the exchange page: the sets and years on offer, and the recent log."""

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.access import may_see_exchange_logs
from exchange.exports import PUBLISHED
from exchange.models import ExchangeLog
from indexes.models import IndexSet


@dataclass(frozen=True)
class YearRow:
    year: int
    set_count: int
    published: bool


def exchange_sets(user) -> list[IndexSet]:
    """Every set, newest first; an official sees those that score their unit's kind."""
    sets = list(IndexSet.objects.order_by("-year", "code"))
    if user.is_official and user.unit_id:
        kind = user.unit.kind
        sets = [index_set for index_set in sets if kind in index_set.unit_kinds]
    return sets


def exchange_years(sets: list[IndexSet]) -> list[YearRow]:
    years: dict[int, list[IndexSet]] = {}
    for index_set in sets:
        years.setdefault(index_set.year, []).append(index_set)
    return [
        YearRow(year, len(items), any(item.phase in PUBLISHED for item in items))
        for year, items in sorted(years.items(), reverse=True)
    ]


def recent_logs(user, *, limit: int = 20) -> QuerySet[ExchangeLog]:
    """Admins read everyone's log; others their own."""
    logs = ExchangeLog.objects.all() if may_see_exchange_logs(user) else user.exchange_logs.all()
    return logs.order_by("-created_at", "-pk")[:limit]
