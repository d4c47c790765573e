"""The read behind the page of optional methods not held: units × methods, ticked or not."""

from collections.abc import Sequence
from dataclasses import dataclass

from assessments.method_forms import MethodsNotHeldForm, field_name
from indexes.models import IndexSet, Method, MethodNotHeld
from units.models import Unit


@dataclass(frozen=True)
class Box:
    """One checkbox of the table: a unit × an optional method."""

    name: str
    value: int
    ticked: bool
    whole_set: bool  # not held for every unit (set in admin): shown ticked, not editable


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    boxes: list[Box]


@dataclass(frozen=True)
class NotHeldTable:
    methods: list[str]  # labels of the set's optional methods, in the order of the boxes
    rows: list[UnitRow]
    whole_set: list[str]  # labels of the methods not held for any unit of the set


def not_held_table(
    *, index_set: IndexSet, units: Sequence[Unit], form: MethodsNotHeldForm
) -> NotHeldTable:
    """The boxes as saved, or as the user ticked them where the form comes back with an
    error (one query)."""
    labels = dict(Method.choices)
    rows = MethodNotHeld.objects.filter(index_set=index_set, method__in=form.methods).values_list(
        "method", "unit_id"
    )
    whole_set = {method for method, unit_id in rows if unit_id is None}
    if form.is_bound:
        ticked = form.submitted()
    else:
        ticked = {(method, unit_id) for method, unit_id in rows if unit_id is not None}
    return NotHeldTable(
        methods=[str(labels.get(method, method)) for method in form.methods],
        rows=[
            UnitRow(
                unit=unit,
                boxes=[
                    Box(
                        name=field_name(method),
                        value=unit.pk,
                        ticked=(method, unit.pk) in ticked or method in whole_set,
                        whole_set=method in whole_set,
                    )
                    for method in form.methods
                ],
            )
            for unit in units
        ],
        whole_set=[str(labels.get(method, method)) for method in sorted(whole_set)],
    )
