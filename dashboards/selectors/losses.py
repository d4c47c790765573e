"""The leaves on which units lost most points, picked in SQL.

A leaf a unit never scored has lost its whole max, so the query pairs every unit with
every leaf of its set (a LEFT JOIN to the scores) rather than reading score rows alone;
the ORM cannot express that pairing, hence the plain SQL. ROW_NUMBER keeps the worst
`limit` leaves of each unit, so the rows returned grow with the units asked for, never
with the number of leaves. Works on SQLite (3.25+) and PostgreSQL.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import connection

from assessments import counting
from assessments.models import Score
from dashboards.cache import PAYLOAD_SECONDS, Fingerprint, generation
from indexes.applicability import applies_sql
from indexes.models import Criterion, IndexSet
from units.models import Unit

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class LeafLoss:
    unit_id: int
    criterion_id: int
    code: str
    name: str
    name_en: str
    method: str
    max_points: Decimal
    self_points: Decimal | None
    appraised_points: Decimal | None
    counted: Decimal  # the points that count on this leaf (0 when not scored)
    lost: Decimal
    appraiser_comment: str
    explanation: str


def _sql(basis: str, placeholders: str, applies: str) -> str:
    quote = connection.ops.quote_name
    unit, leaf, score = (
        quote(Unit._meta.db_table),
        quote(Criterion._meta.db_table),
        quote(Score._meta.db_table),
    )
    counted = counting.counted_sql(basis, alias="s")
    # A deduction leaf loses what it took; a bonus leaf never loses anything (left out).
    lost = (
        f"CASE WHEN c.kind = 'deduction' THEN -COALESCE({counted}, 0) "
        f"ELSE c.max_points - COALESCE({counted}, 0) END"
    )
    return f"""
        SELECT unit_id, criterion_id, code, name, name_en, method, max_points,
               self_points, appraised_points, counted, lost, appraiser_comment, explanation
        FROM (
            SELECT u.id AS unit_id, c.id AS criterion_id, c.code, c.name, c.name_en, c.method,
                   c.max_points, s.self_points, s.appraised_points,
                   COALESCE({counted}, 0) AS counted, {lost} AS lost,
                   COALESCE(s.appraiser_comment, '') AS appraiser_comment,
                   COALESCE(s.explanation, '') AS explanation,
                   ROW_NUMBER() OVER (
                       PARTITION BY u.id ORDER BY {lost} DESC, c.sort_key
                   ) AS position
            FROM {unit} u
            CROSS JOIN {leaf} c
            LEFT JOIN {score} s ON s.unit_id = u.id AND s.criterion_id = c.id
            WHERE u.id IN ({placeholders}) AND c.index_set_id = %s AND c.method <> %s
              AND c.kind <> 'bonus' AND {applies}
        ) ranked
        WHERE position <= %s AND lost > 0
        ORDER BY unit_id, position
    """


def worst_leaves(
    *, index_set: IndexSet, unit_ids: list[int], limit: int = 3
) -> dict[int, list[LeafLoss]]:
    """Per unit, its `limit` applicable leaves with the most points lost, worst first."""
    if not unit_ids:
        return {}
    basis = counting.basis_for(index_set)
    placeholders = ", ".join(["%s"] * len(unit_ids))
    applies, params = applies_sql(
        index_set, unit="u.id", unit_kind="u.kind", leaf_key="c.sort_key", leaf_method="c.method"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            _sql(basis, placeholders, applies),
            [*unit_ids, index_set.pk, "", *params, limit],
        )
        rows = cursor.fetchall()
    losses: dict[int, list[LeafLoss]] = {unit_id: [] for unit_id in unit_ids}
    for row in rows:
        (unit_id, criterion_id, code, name, name_en, method, max_points, self_points,
         appraised_points, counted, lost, comment, explanation) = row  # fmt: skip
        losses[unit_id].append(
            LeafLoss(
                unit_id=unit_id,
                criterion_id=criterion_id,
                code=code,
                name=name,
                name_en=name_en,
                method=method,
                max_points=_points(max_points),
                self_points=None if self_points is None else _points(self_points),
                appraised_points=None if appraised_points is None else _points(appraised_points),
                counted=_points(counted),
                lost=_points(lost),
                appraiser_comment=comment,
                explanation=explanation,
            )
        )
    return losses


def _points(value) -> Decimal:
    # SQLite returns sums of decimals as floats; points have two places.
    return Decimal(str(value)).quantize(TWO_PLACES)


def worst_leaves_kept(
    *, index_set: IndexSet, unit_ids: list[int], limit: int, fp: Fingerprint, versions: dict
) -> dict[int, list[LeafLoss]]:
    """`worst_leaves`, kept per unit under the unit's data version and the set's shape
    (`versions` as the set's results read them, dashboards/incremental.py): after a save,
    only the units whose scores changed are asked again."""
    keys = {
        unit_id: ":".join(
            [
                "dashboards:losses",
                generation(),
                str(index_set.pk),
                fp.shapes.get(index_set.pk, "-"),
                fp.units,
                str(versions.get(unit_id, "-")),
                str(unit_id),
                str(limit),
            ]
        )  # fmt: skip
        for unit_id in unit_ids
    }
    found = cache.get_many(list(keys.values()))
    missing = [unit_id for unit_id in unit_ids if keys[unit_id] not in found]
    fresh = worst_leaves(index_set=index_set, unit_ids=missing, limit=limit)
    cache.set_many({keys[unit_id]: fresh[unit_id] for unit_id in missing}, PAYLOAD_SECONDS)
    return {unit_id: found.get(keys[unit_id]) or fresh.get(unit_id, []) for unit_id in unit_ids}
