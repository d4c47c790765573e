"""Finalising every ready unit of a set at once: one transaction, and for each unit the
service that finalises one (assessments/services/appraisal.py), with its rules,
permission checks and notifications."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from assessments.finalise_selectors import finalise_plan
from assessments.models import Assessment
from assessments.services import rules
from assessments.services.appraisal import appraisal_save
from assessments.services.common import Refused, WorkflowError, locked_assessments
from indexes.models import IndexSet
from units.models import Unit


@dataclass
class FinaliseManyResult:
    finalised: list[Unit] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # the unit's name and why


@transaction.atomic
def appraisal_finalise_many(
    *, user, index_set: IndexSet, confirmed: Mapping[str, str], today: date | None = None
) -> FinaliseManyResult:
    """Finalise the units named in `confirmed` ({unit code: token shown on the confirmation
    page}). A unit whose state moved since (its token differs) or that is no longer ready
    is left as it is, with the reason; a unit that fails to finalise rolls back alone."""
    today = today or timezone.localdate()
    if not access.may_appraise(user):
        raise Refused(_("Only appraisers finalise appraisals."))
    window = rules.appraisal_window(index_set)
    if not window.is_open:
        raise Refused(window.reason)
    # Only units that already have an assessment row: locking must not create one.
    existing = dict(
        Assessment.objects.filter(index_set=index_set, unit__code__in=list(confirmed)).values_list(
            "unit__code", "unit_id"
        )
    )
    locked_assessments(index_set=index_set, unit_ids=existing.values())
    plan = finalise_plan(index_set=index_set, today=today, unit_ids=list(existing.values()))
    candidates = {c.unit.code: c for c in [*plan.ready, *plan.left_out]}
    result = FinaliseManyResult()
    for code in confirmed:
        if code not in candidates:  # unknown, not of this set, or final meanwhile
            result.skipped.append((code, _("Not finalised: it is not a unit waiting for it.")))
    for candidate in [*plan.ready, *plan.left_out]:
        name = candidate.unit.name
        if candidate.token != confirmed.get(candidate.unit.code):
            result.skipped.append((name, _("It changed after you confirmed: nothing was done.")))
        elif candidate.reason:
            result.skipped.append((name, candidate.reason))
        else:
            try:  # its own savepoint: a unit that fails leaves the others finalised
                appraisal_save(
                    user=user,
                    unit=candidate.unit,
                    index_set=index_set,
                    entries=[],
                    versions={},
                    action="finalise",
                    today=today,
                )
            except WorkflowError as error:
                result.skipped.append((name, error.message))
            else:
                result.finalised.append(candidate.unit)
    return result
