"""The leaders' weekly digest: submissions, overdue units and units at risk, counted by
the selectors the boards and the dashboard use (one definition of each)."""

from datetime import date, timedelta

from django.conf import settings

from accounts.models import Role
from assessments.board_selectors import ACTIVE_PHASES, appraisal_board
from assessments.models import Assessment
from dashboards.cache import fingerprint
from dashboards.selectors.scope import dashboard_scope
from dashboards.selectors.year import year_payload
from notifications.services import notify, users_with_roles


def digest_params(*, year: int, today: date) -> dict | None:
    """The digest's figures for the year's sets, or None when none of them is in progress."""
    fp = fingerprint()
    scope = dashboard_scope(year=year, key=None, fp=fp)
    if scope is None or scope.year != year:
        return None
    if not any(index_set.phase in ACTIVE_PHASES for index_set in scope.index_sets):
        return None
    headline = year_payload(scope, fp).headline
    board = appraisal_board(year=year, kind="", today=today)
    week_ago = today - timedelta(days=7)
    return {
        "year": year,
        "units": headline.units,
        "submitted": headline.units - headline.not_submitted,
        "submitted_this_week": Assessment.objects.filter(
            index_set__in=scope.set_ids, submitted_at__date__gt=week_ago
        ).count(),
        "overdue": len({row.unit.pk for row in board.rows if row.flags}),
        "at_risk": headline.at_risk,
    }


def weekly_digest(today: date) -> int:
    """From the configured weekday on, once per ISO week (the key), to every leader."""
    if today.weekday() < settings.CCHC_DIGEST_WEEKDAY:
        return 0
    years = sorted(
        {a["index_set__year"] for a in Assessment.objects.values("index_set__year")}
        | {today.year, today.year - 1},
        reverse=True,
    )
    iso_year, week, _weekday = today.isocalendar()
    written = 0
    for year in years:
        params = digest_params(year=year, today=today)
        if params is None:
            continue
        written += notify(
            recipients=users_with_roles(Role.LEADER),
            kind="weekly_digest",
            params=params,
            url_name="dashboards:year-dashboard",
            key=f"digest:{year}:{iso_year}-W{week:02d}",
        )
    return written
