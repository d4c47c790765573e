"""Bonus and deduction points: appraisers apply them with a reason; totals include them.

How they count (DOMAIN.md leaves it open; our choice): each item's points per unit are
capped by the item's cap; bonuses add to and deductions take from the unit's total points
on the final basis only (adjustments belong to the appraisal), and the adjusted total
stays within 0 and the unit's applicable maximum, so a bonus never lifts a unit above
100 %. Fields, methods and targets per method are unchanged: adjustments are shown beside
them, not inside them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import may_appraise
from assessments.membership import unit_takes_part
from assessments.models import Adjustment
from assessments.services.rules import appraisal_window
from indexes.models import AdjustmentItem, AdjustmentKind, IndexSet
from units.models import Unit

ZERO = Decimal("0")
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class AdjustmentTotals:
    bonus: Decimal = ZERO
    deduction: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.bonus - self.deduction


def capped_totals(rows) -> dict[int, AdjustmentTotals]:
    """Rows of (unit_id, kind, cap, points summed per unit and item) → totals per unit."""
    bonus: dict[int, Decimal] = defaultdict(lambda: ZERO)
    deduction: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for unit_id, kind, cap, points in rows:
        points = Decimal(points or 0)
        if cap is not None:
            points = min(points, Decimal(cap))
        (bonus if kind == AdjustmentKind.BONUS else deduction)[unit_id] += points
    return {
        unit_id: AdjustmentTotals(bonus=bonus[unit_id], deduction=deduction[unit_id])
        for unit_id in set(bonus) | set(deduction)
    }


def apply_to_total(points: Decimal, max_points: Decimal, net: Decimal) -> Decimal:
    """The adjusted total, kept within 0 and the maximum."""
    return max(ZERO, min(max_points, points + net))


def _check_may_adjust(user, index_set: IndexSet) -> None:
    if not may_appraise(user):
        raise PermissionDenied(_("Only appraisers apply bonus and deduction points."))
    window = appraisal_window(index_set)
    if not window.is_open:
        raise ValidationError(window.reason)


@transaction.atomic
def adjustment_apply(
    *, user, unit: Unit, item: AdjustmentItem, reason: str, points: Decimal | None = None
) -> Adjustment:
    """Apply a bonus or deduction to a unit; the reason is required."""
    index_set = IndexSet.objects.select_for_update().get(pk=item.index_set_id)
    _check_may_adjust(user, index_set)
    if not unit_takes_part(unit, index_set):
        raise ValidationError(_("%(unit)s is not scored with this index set.") % {"unit": unit})
    points = item.points if points is None else points
    if points <= 0 or points != points.quantize(TWO_PLACES):
        raise ValidationError(_("Give the points as a positive number with at most two decimals."))
    if item.cap is not None and points > item.cap:
        raise ValidationError(_("At most %(cap)s points for this item.") % {"cap": item.cap})
    adjustment = Adjustment(
        item=item, unit=unit, points=points, reason=(reason or "").strip(), applied_by=user
    )
    adjustment.full_clean()
    adjustment.save()
    return adjustment


@transaction.atomic
def adjustment_remove(*, user, adjustment: Adjustment) -> None:
    """Withdraw an adjustment (its history keeps who applied and removed it)."""
    index_set = IndexSet.objects.select_for_update().get(pk=adjustment.item.index_set_id)
    _check_may_adjust(user, index_set)
    adjustment._change_reason = "removed"  # type: ignore[attr-defined]  # read by simple_history
    adjustment.delete()


def adjustment_page(*, index_set: IndexSet) -> dict:
    """Items, applications and per-unit totals of a set, in three queries."""
    items = list(index_set.adjustment_items.all())
    applied = list(
        Adjustment.objects.filter(item__index_set=index_set)
        .select_related("item", "unit", "applied_by")
        .order_by("unit__sort_order", "unit__name", "applied_at")
    )
    per_item: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for adjustment in applied:
        per_item[(adjustment.unit_id, adjustment.item_id)] += adjustment.points
    by_item = {item.pk: item for item in items}
    totals = capped_totals(
        (unit_id, by_item[item_id].kind, by_item[item_id].cap, points)
        for (unit_id, item_id), points in per_item.items()
    )
    return {"items": items, "applied": applied, "totals": totals}
