"""Units over time: merge, split, rename and retire, each from an effective date.

A unit is never deleted or edited into another: the old one ends the day before the
change (`valid_to`), the continuing or new unit lists it among its `predecessors`, and its
past scores stay where they were, so past years keep the structure they had. Officials of
a unit that ends by a merge or a rename move to its successor; after a split or a
retirement the administrator assigns them (the services report how many are left).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from units.models import Unit


@dataclass(frozen=True)
class NewUnit:
    code: str
    name: str
    kind: str = ""  # the predecessor's kind when empty
    parent: Unit | None = None


@dataclass(frozen=True)
class Restructured:
    successors: list[Unit]
    ended: list[Unit]
    officials_moved: int = 0
    officials_left: int = 0


def _end(units: Iterable[Unit], effective: date) -> list[Unit]:
    """Close each unit the day before `effective`; refuse units not active on that eve."""
    last_day = effective - timedelta(days=1)
    ended = []
    for unit in units:
        if not unit.is_active_on(last_day):
            raise ValidationError(
                _("%(unit)s is not active on %(day)s; it cannot end then.")
                % {"unit": unit.name, "day": last_day.isoformat()}
            )
        unit.valid_to = last_day
        unit.full_clean()
        unit.save(update_fields=["valid_to"])
        ended.append(unit)
    return ended


def _create(new: NewUnit, *, like: Unit, effective: date) -> Unit:
    unit = Unit(
        code=new.code.strip(),
        name=new.name.strip(),
        kind=new.kind or like.kind,
        parent=new.parent if new.parent is not None else like.parent,
        valid_from=effective,
        sort_order=like.sort_order,
    )
    unit.full_clean()
    unit.save()
    return unit


def _locked(units: Sequence[Unit]) -> list[Unit]:
    """Fresh rows, locked, in the order given: two admins cannot retire the same unit twice."""
    by_pk = Unit.objects.select_for_update().in_bulk([unit.pk for unit in units])
    return [by_pk[unit.pk] for unit in units]


# Officials are the project's user model (accounts sits above units, so it is reached
# through Django's auth framework rather than imported).
def _move_officials(units: Iterable[Unit], to: Unit) -> int:
    return get_user_model().objects.filter(unit__in=list(units)).update(unit=to)


def _officials_of(units: Iterable[Unit]) -> int:
    return get_user_model().objects.filter(unit__in=list(units)).count()


@transaction.atomic
def unit_merge(
    *,
    units: Sequence[Unit],
    effective: date,
    into: Unit | None = None,
    new: NewUnit | None = None,
    move_officials: bool = True,
) -> Restructured:
    """Merge `units` into an existing unit that continues (`into`) or into a `new` one.

    `move_officials=False` leaves their accounts on the old units (to finish that unit's
    last cycle, say); the count is reported as left.
    """
    if (into is None) == (new is None):
        raise ValidationError(_("Merge into an existing unit or into a new one, not both."))
    merged = [unit for unit in units if into is None or unit.pk != into.pk]
    if not merged:
        raise ValidationError(_("Choose the units to merge."))
    merged = _locked(merged)
    if into is not None:
        successor = _locked([into])[0]
        if not successor.is_active_on(effective):
            raise ValidationError(
                _("%(unit)s is not active on %(day)s.")
                % {"unit": successor.name, "day": effective.isoformat()}
            )
    else:
        assert new is not None
        successor = _create(new, like=merged[0], effective=effective)
    ended = _end(merged, effective)
    successor.predecessors.add(*ended)
    if not move_officials:
        return Restructured([successor], ended, officials_left=_officials_of(ended))
    moved = _move_officials(ended, successor)
    return Restructured(successors=[successor], ended=ended, officials_moved=moved)


@transaction.atomic
def unit_split(*, unit: Unit, effective: date, into: Sequence[NewUnit]) -> Restructured:
    """End `unit` and create its successors, each listing it as predecessor."""
    if len(into) < 2:
        raise ValidationError(_("A split needs at least two new units."))
    unit = _locked([unit])[0]
    ended = _end([unit], effective)
    successors = [_create(item, like=unit, effective=effective) for item in into]
    for successor in successors:
        successor.predecessors.add(unit)
    return Restructured(successors=successors, ended=ended, officials_left=_officials_of(ended))


@transaction.atomic
def unit_rename(*, unit: Unit, effective: date, code: str, name: str) -> Restructured:
    """A new unit under the new name (and code) from `effective`; the old one keeps the past."""
    unit = _locked([unit])[0]
    successor_spec = NewUnit(code=code, name=name, kind=unit.kind, parent=unit.parent)
    ended = _end([unit], effective)
    successor = _create(successor_spec, like=unit, effective=effective)
    successor.predecessors.add(unit)
    moved = _move_officials(ended, successor)
    return Restructured(successors=[successor], ended=ended, officials_moved=moved)


@transaction.atomic
def unit_retire(*, units: Sequence[Unit], effective: date) -> Restructured:
    """End units without a successor (dissolved, or no longer scored)."""
    ended = _end(_locked(units), effective)
    return Restructured(successors=[], ended=ended, officials_left=_officials_of(ended))


def unit_lineage(unit: Unit) -> list[Unit]:
    """The unit and every unit it continues, transitively (predecessors of predecessors).

    Two queries whatever the depth: the links are few (one per merge), read at once.
    """
    links: dict[int, set[int]] = defaultdict(set)
    through = Unit.predecessors.through
    for from_id, to_id in through.objects.values_list("from_unit_id", "to_unit_id"):
        links[from_id].add(to_id)
    seen, stack = {unit.pk}, [unit.pk]
    while stack:
        for predecessor in links[stack.pop()]:
            if predecessor not in seen:
                seen.add(predecessor)
                stack.append(predecessor)
    others = Unit.objects.filter(pk__in=seen - {unit.pk}).order_by("valid_to", "sort_order")
    return [unit, *others]
