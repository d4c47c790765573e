"""Not-applicable marks for many units at once (the admin's bulk action)."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indexes.models import Criterion, NotApplicable, Phase
from units.models import Unit

FROZEN = (Phase.PUBLISHED, Phase.CLOSED)


@transaction.atomic
def not_applicable_marks_create(
    *, units: Sequence[Unit], nodes: Sequence[Criterion], reason: str
) -> int:
    """Mark each node not applicable to each unit; marks that exist stay as they are.
    Returns how many were created. All or nothing: one unit the set does not score, and
    none is marked."""
    if not units or not nodes:
        raise ValidationError(_("Choose at least one unit and one node."))
    index_set = nodes[0].index_set
    if any(node.index_set_id != index_set.pk for node in nodes):
        raise ValidationError(_("The nodes must all belong to one index set."))
    if index_set.phase in FROZEN:
        raise ValidationError(
            _("The results of %(set)s are published: marks would change them.")
            % {"set": index_set.name}
        )
    outside = [unit.name for unit in units if unit.kind not in index_set.unit_kinds]
    if outside:
        raise ValidationError(
            _("%(set)s does not score %(units)s: nothing was marked.")
            % {"set": index_set.name, "units": ", ".join(outside)}
        )
    existing = set(
        NotApplicable.objects.filter(unit__in=units, criterion__in=nodes).values_list(
            "unit_id", "criterion_id"
        )
    )
    marks = [
        NotApplicable(unit=unit, criterion=node, reason=reason)
        for unit in units
        for node in nodes
        if (unit.pk, node.pk) not in existing
    ]
    for mark in marks:
        mark.full_clean(validate_unique=False, validate_constraints=False)
    NotApplicable.objects.bulk_create(marks)
    return len(marks)
