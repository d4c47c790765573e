"""Appraisers record which optional methods (the survey a set makes optional) were not
held for which units; such a method's leaves then leave the unit's maximum
(indexes/applicability.py reads the rows)."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import access
from assessments.membership import index_set_units
from assessments.services import rules
from assessments.services.common import Invalid, Refused
from indexes.models import IndexSet, Method, MethodNotHeld


@dataclass(frozen=True)
class NotHeldChange:
    recorded: int  # (method, unit) pairs now not held that were held before
    withdrawn: int  # pairs held again


@transaction.atomic
def methods_not_held_record(
    *, user, index_set: IndexSet, not_held: Mapping[str, Collection[int]], reason: str = ""
) -> NotHeldChange:
    """Make the set's per-unit "not held" rows say `not_held` (optional method → the ids of
    the units it was not held for), for every optional method of the set and every unit it
    scores: a method or unit left out is held. Rows for the whole set (made in admin) stay
    as they are. All or nothing.

    The set's row is locked first, so that two appraisers saving the page one after the
    other each see what the other saved, and a phase change cannot slip in between.
    """
    if not access.may_appraise(user):
        raise Refused(_("Only appraisers record which optional methods were not held."))
    index_set = IndexSet.objects.select_for_update().get(pk=index_set.pk)
    window = rules.appraisal_window(index_set)
    if not window.is_open:
        raise Refused(window.reason)
    unknown = sorted(set(not_held) - set(index_set.optional_methods))
    if unknown:
        raise Invalid(
            _("Nothing was saved: the set does not make %(methods)s optional.")
            % {"methods": ", ".join(unknown)}
        )
    members = {unit.pk: unit for unit in index_set_units(index_set)}
    if any(not set(ids) <= set(members) for ids in not_held.values()):
        raise Invalid(_("Nothing was saved: the form named units that this set does not score."))
    wanted = {(method, unit_id) for method, ids in not_held.items() for unit_id in ids}
    rows = MethodNotHeld.objects.filter(
        index_set=index_set, unit_id__in=list(members), method__in=index_set.optional_methods
    )
    current = {(row.method, row.unit_id): row for row in rows}
    gone = [row.pk for key, row in current.items() if key not in wanted]
    new = [
        MethodNotHeld(
            index_set=index_set, method=method, unit=members[unit_id], reason=reason.strip()
        )
        for method, unit_id in sorted(wanted - set(current))
    ]
    for row in new:
        row.full_clean(exclude=["index_set", "unit"], validate_constraints=False)
    MethodNotHeld.objects.filter(pk__in=gone).delete()
    MethodNotHeld.objects.bulk_create(new)
    if new or gone:
        _log(user, index_set, recorded=new, withdrawn=len(gone))
    return NotHeldChange(recorded=len(new), withdrawn=len(gone))


def _log(user, index_set: IndexSet, *, recorded: list[MethodNotHeld], withdrawn: int) -> None:
    """Who changed it and when, in the set's admin history (the rows have no history of
    their own). The message is stored once, in the language of the one who saved."""
    labels = dict(Method.choices)
    parts = [
        _("%(method)s not held for %(unit)s")
        % {"method": labels.get(row.method, row.method), "unit": row.unit}
        for row in recorded
    ]
    if withdrawn:
        parts.append(_("%(count)s recorded earlier withdrawn") % {"count": withdrawn})
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[index_set],
        action_flag=CHANGE,
        change_message="; ".join(parts),
        single_object=True,
    )
