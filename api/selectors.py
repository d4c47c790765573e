"""The reads behind the endpoints, built from the selectors the pages and exports use."""

from datetime import date
from functools import partial
from typing import Any

from assessments.board_selectors import ACTIVE_PHASES, appraisal_board
from assessments.models import AssessmentStatus
from dashboards.cache import Fingerprint, cached
from exchange.exports import PUBLISHED, _set_json
from indexes.models import Criterion, IndexSet

# Statuses a unit reaches only by submitting its self-assessment.
SUBMITTED = (
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.RETURNED,
    AssessmentStatus.EXPLAINED,
    AssessmentStatus.APPRAISED,
)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def set_summary(index_set: IndexSet) -> dict[str, Any]:
    return {
        "code": index_set.code,
        "year": index_set.year,
        "name": index_set.name,
        "name_en": index_set.name_en,
        "phase": index_set.phase,
        "unit_kinds": list(index_set.unit_kinds),
        "published_on": _day(index_set.published_on),
        "self_assessment_closes": _day(index_set.self_assessment_closes),
        "appraisal_closes": _day(index_set.appraisal_closes),
        "explanation_closes": _day(index_set.explanation_closes),
    }


def criteria_tree(index_set: IndexSet) -> list[dict[str, Any]]:
    """The set's tree from one query: nodes in code order, children under their parent."""
    nodes: dict[int, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for criterion in Criterion.objects.filter(index_set=index_set).order_by("depth", "sort_key"):
        node: dict[str, Any] = {
            "code": criterion.code,
            "name": criterion.name,
            "name_en": criterion.name_en,
            "kind": criterion.kind,
            "method": criterion.method or None,
            "max_points": float(criterion.max_points),
            "children": [],
        }
        nodes[criterion.pk] = node
        parent = nodes.get(criterion.parent_id) if criterion.parent_id else None
        (parent["children"] if parent is not None else roots).append(node)
    return roots


def published_results(*, sets: list[IndexSet], fp: Fingerprint) -> list[dict[str, Any]]:
    """Every unit's result in each published set, as the published-year JSON gives it
    (a fixed number of queries per set, whatever the number of units; kept per data
    version like the dashboards' figures)."""
    items: list[dict[str, Any]] = []
    for index_set in sets:
        if index_set.phase not in PUBLISHED:
            continue
        figures: list[dict[str, Any]] = cached(
            fp.key("api-results", set_ids=[index_set.pk]), partial(_set_results, index_set)
        )
        items.extend({"index_set": index_set.code, "year": index_set.year, **r} for r in figures)
    return items


def open_round_progress(*, year: int, kind: str, today: date) -> list[dict[str, Any]]:
    """Where each unit of the year's open sets stands: statuses and what is overdue.
    No points: a round's scores are not public before publication."""
    board = appraisal_board(year=year, kind=kind, today=today)
    open_sets = [s for s in board.sets if s.phase in ACTIVE_PHASES]
    items = []
    for index_set in open_sets:
        rows = [
            row
            for row in board.rows
            if row.index_set.pk == index_set.pk and (not kind or row.unit.kind == kind)
        ]
        by_status = {status: 0 for status in AssessmentStatus.values}
        for row in rows:
            by_status[row.status] += 1
        items.append(
            {
                "index_set": index_set.code,
                "phase": index_set.phase,
                "self_assessment_closes": _day(index_set.self_assessment_closes),
                "appraisal_closes": _day(index_set.appraisal_closes),
                "explanation_closes": _day(index_set.explanation_closes),
                "units": len(rows),
                "by_status": by_status,
                "submitted": sum(by_status[s] for s in SUBMITTED),
                "appraised": by_status[AssessmentStatus.APPRAISED],
                "overdue": [
                    {
                        "unit": row.unit.code,
                        "name": row.unit.name,
                        "status": row.status,
                        "reasons": row.flags,
                    }
                    for row in rows
                    if row.flags
                ],
            }
        )
    return items


def _set_results(index_set: IndexSet) -> list[dict[str, Any]]:
    return _set_json(index_set)["results"]
