"""The appraisers', leaders' and admins' writes: appraised scores and comments, returning
items for explanation, finalising a unit, publishing a set, correcting a published score."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts import access
from assessments import notices
from assessments.membership import index_set_units
from assessments.models import Assessment, AssessmentStatus, ReturnedItem, Score, ScoreCorrection
from assessments.services import rules
from assessments.services.common import (
    Conflict,
    Invalid,
    Refused,
    find_conflicts,
    locked_assessment,
    locked_scores,
    write_scores,
)
from assessments.services.entry import SaveResult
from indexes import scoring
from indexes.applicability import applicable_leaves
from indexes.messages import describe_problem
from indexes.models import Criterion, IndexSet, Method, Phase
from indexes.rule_inputs import checked_points
from indexes.selectors import index_set_tree_problems
from units.models import Unit

RETURNABLE = (AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED, AssessmentStatus.EXPLAINED)


@dataclass(frozen=True)
class AppraisalEntry:
    criterion_id: int
    appraised_points: Decimal | None
    comment: str = ""


def _problem(leaf: Criterion, text: str) -> str:
    return f"{leaf.code}: {text}"


@transaction.atomic
def appraisal_save(
    *,
    user,
    unit: Unit,
    index_set: IndexSet,
    entries: Sequence[AppraisalEntry],
    versions: dict[int, str],
    action: str = "save",
    return_ids: Collection[int] = (),
    today: date | None = None,
    leaves: dict[int, Criterion] | None = None,
) -> SaveResult:
    """Save appraised scores and comments; then return the chosen items or finalise.

    Any problem rolls the whole submission back: nothing is saved from it. `leaves` are
    the set's leaves that apply to the unit when the caller has just read them (the
    sheet page, `Sheet.applicable_leaves`); else they are read here.
    """
    today = today or timezone.localdate()
    assessment = locked_assessment(unit=unit, index_set=index_set)
    state = rules.appraisal_state(user=user, index_set=index_set, assessment=assessment)
    if not state.is_open:
        raise Refused(state.reason)
    if leaves is None:
        leaves = applicable_leaves(index_set=index_set, unit=unit)
    if any(entry.criterion_id not in leaves for entry in entries) or not set(return_ids) <= set(
        leaves
    ):
        raise Invalid(_("Nothing was saved: the form named leaves that are not this unit's."))
    entry_leaves = {entry.criterion_id: leaves[entry.criterion_id] for entry in entries}
    current = locked_scores(unit=unit, leaf_ids=set(entry_leaves) | set(return_ids))
    changed = find_conflicts(leaves=entry_leaves, current=current, versions=versions)
    if changed:
        raise Conflict(changed)

    now = timezone.now()
    created, updated, problems, result = [], [], [], SaveResult()
    changed_fields: set[str] = set()  # the columns an update writes: only those that change
    for entry in entries:
        leaf, score = entry_leaves[entry.criterion_id], current.get(entry.criterion_id)
        comment = entry.comment.strip()
        points = entry.appraised_points
        # A new value must be one the leaf's rule gives; what is stored stays as it was.
        if points is not None and (score is None or points != score.appraised_points):
            try:
                points = checked_points(points, leaf)
            except scoring.ScoringError as error:
                problems.append(_problem(leaf, describe_problem(error)))
                continue
        self_points = score.self_points if score else None
        if rules.deduction_needs_reason(
            self_points=self_points, appraised_points=points, comment=comment
        ):
            problems.append(
                _problem(leaf, _("the appraised score is below the self-score: say why."))
            )
            continue
        values = {"appraised_points": points, "appraiser_comment": comment}
        if score is None:
            if points is None and not comment:
                continue
            score = Score.on_leaf(unit, leaf, **values)
            score.updated_by, score.updated_at, score.version = user, now, 1
            created.append(score)
            current[leaf.pk] = score
        elif differ := [name for name, value in values.items() if getattr(score, name) != value]:
            changed_fields.update(differ)
            for name, value in values.items():
                setattr(score, name, value)
            score.updated_by, score.updated_at, score.version = user, now, score.version + 1
            updated.append(score)
        else:
            continue
        result.changed.append(leaf.code)
    if problems:
        raise Invalid(_("Nothing was saved: please correct the marked leaves."), problems=problems)
    fields = [name for name in ("appraised_points", "appraiser_comment") if name in changed_fields]
    write_scores(created=created, updated=updated, fields=fields, user=user)

    if action == "return":
        assessment = _return_items(
            user=user, assessment=assessment, leaves=leaves, current=current, ids=return_ids
        )
    elif action == "finalise":
        assessment = _finalise(
            user=user, unit=unit, index_set=index_set, assessment=assessment, today=today
        )
    result.status = assessment.status
    return result


def _return_items(
    *,
    user,
    assessment: Assessment,
    leaves: dict[int, Criterion],
    current: dict[int, Score],
    ids: Collection[int],
) -> Assessment:
    if assessment.status not in RETURNABLE:
        raise Refused(_("Only a submitted self-assessment can be returned for explanation."))
    if not ids:
        raise Invalid(_("Nothing was saved: tick the items to return to the unit."))
    problems = []
    for pk in ids:
        score, leaf = current.get(pk), leaves[pk]
        if leaf.method == Method.SURVEY or score is None or score.self_points is None:
            problems.append(_problem(leaf, _("only a leaf the unit scored can be returned.")))
        elif not score.appraiser_comment.strip():
            problems.append(_problem(leaf, _("write in the comment what the unit must explain.")))
    if problems:
        raise Invalid(_("Nothing was saved: please correct the marked leaves."), problems=problems)
    now = timezone.now()
    _close_open_items(user=user, scores=[current[pk] for pk in ids], now=now)
    items = [
        ReturnedItem(
            score=current[pk],
            question=current[pk].appraiser_comment.strip(),
            returned_by=user,
            returned_at=now,
        )
        for pk in ids
    ]
    bulk_create_with_history(items, ReturnedItem, default_user=user)
    assessment.status, assessment.returned_at = AssessmentStatus.RETURNED, now
    assessment.save()
    notices.notify_returned(
        assessment=assessment,
        codes=[leaves[pk].code for pk in sorted(ids, key=lambda pk: leaves[pk].sort_key)],
    )
    return assessment


def _close_open_items(*, user, scores: Sequence[Score] | None = None, assessment=None, now) -> None:
    items = ReturnedItem.objects.filter(closed_at__isnull=True)
    if scores is not None:
        items = items.filter(score__in=list(scores))
    else:
        items = items.filter(
            score__unit=assessment.unit, score__criterion__index_set=assessment.index_set
        )
    closing = list(items)
    for item in closing:
        item.closed_at, item.closed_by = now, user
    if closing:
        bulk_update_with_history(
            closing, ReturnedItem, fields=["closed_at", "closed_by"], default_user=user
        )


def _finalise(
    *, user, unit: Unit, index_set: IndexSet, assessment: Assessment, today: date
) -> Assessment:
    problem = rules.finalise_problem(index_set=index_set, assessment=assessment, today=today)
    if problem:
        raise Refused(problem)
    survey_ids = [
        leaf.pk
        for leaf in applicable_leaves(index_set=index_set, unit=unit).values()
        if leaf.method == Method.SURVEY
    ]
    scored = set(
        Score.objects.filter(
            unit=unit, criterion_id__in=survey_ids, appraised_points__isnull=False
        ).values_list("criterion_id", flat=True)
    )
    missing = Criterion.objects.filter(pk__in=set(survey_ids) - scored).order_by("sort_key")
    if missing:
        raise Invalid(
            _("Nothing was saved: enter the survey points before finalising."),
            problems=[_problem(leaf, _("no survey points yet.")) for leaf in missing],
        )
    now = timezone.now()
    _close_open_items(user=user, assessment=assessment, now=now)
    assessment.status = AssessmentStatus.APPRAISED
    assessment.appraised_at, assessment.appraised_by = now, user
    assessment.save()
    notices.notify_finalised(assessment=assessment)
    return assessment


@transaction.atomic
def appraisal_reopen(*, user, unit: Unit, index_set: IndexSet) -> Assessment:
    """Undo a finalisation before publication, e.g. after a late survey correction."""
    assessment = locked_assessment(unit=unit, index_set=index_set)
    if not access.may_appraise(user):
        raise Refused(_("Only appraisers change appraised scores."))
    window = rules.appraisal_window(index_set)
    if not window.is_open:
        raise Refused(window.reason)
    if assessment.status != AssessmentStatus.APPRAISED:
        raise Refused(_("Only a finalised appraisal can be reopened."))
    assessment.status = (
        AssessmentStatus.SUBMITTED if assessment.submitted_at else AssessmentStatus.DRAFT
    )
    assessment.appraised_at = None
    assessment.save()
    return assessment


def publication_gaps(*, index_set: IndexSet) -> list[Unit]:
    """The units of the set whose appraisal is not final yet."""
    appraised = set(
        Assessment.objects.filter(
            index_set=index_set, status=AssessmentStatus.APPRAISED
        ).values_list("unit_id", flat=True)
    )
    return [unit for unit in index_set_units(index_set) if unit.pk not in appraised]


@transaction.atomic
def index_set_publish(*, user, index_set: IndexSet, today: date | None = None) -> IndexSet:
    """Publish the set's results: its scores freeze; only admins correct them afterwards."""
    if not access.may_publish(user):
        raise Refused(_("Only leaders and administrators publish results."))
    index_set = IndexSet.objects.select_for_update().get(pk=index_set.pk)
    if index_set.phase not in rules.APPRAISAL_PHASES:
        raise Refused(_("Only a set in its appraisal or explanation phase can be published."))
    missing = publication_gaps(index_set=index_set)
    if missing:
        raise Invalid(
            _("The results cannot be published before every unit is appraised."),
            problems=[unit.name for unit in missing],
        )
    index_set.phase = Phase.PUBLISHED
    index_set.published_on = today or timezone.localdate()
    index_set.save(update_fields=["phase", "published_on"])
    notices.notify_published(index_set=index_set)
    return index_set


NEXT_PHASE: dict[str, Phase] = {
    Phase.PREPARING: Phase.SELF_ASSESSMENT,
    Phase.SELF_ASSESSMENT: Phase.APPRAISAL,
    Phase.APPRAISAL: Phase.EXPLANATION,
}


@transaction.atomic
def index_set_advance(*, user, index_set: IndexSet, today: date | None = None) -> IndexSet:
    """Move the set to its next phase (publication has its own service).

    The window of the phase that starts opens today at the latest, and the window of the
    phase that ends closes today at the latest: a council that starts appraisal early
    has closed the self-assessment early, and the dates say so.
    """
    if not access.may_administer(user):
        raise Refused(_("Only administrators move a set to its next phase."))
    index_set = IndexSet.objects.select_for_update().get(pk=index_set.pk)
    target = NEXT_PHASE.get(index_set.phase)
    if target is None:
        raise Refused(_("This set has no next phase to move to here."))
    if index_set.phase == Phase.PREPARING and index_set_tree_problems(index_set=index_set):
        raise Refused(_("The criteria tree has problems: the set cannot leave preparation."))
    today = today or timezone.localdate()
    starting = {
        Phase.SELF_ASSESSMENT: "self_assessment",
        Phase.APPRAISAL: "appraisal",
        Phase.EXPLANATION: "explanation",
    }[target]
    ending = {Phase.APPRAISAL: "self_assessment", Phase.EXPLANATION: "appraisal"}.get(target)
    changed = ["phase"]
    opens = getattr(index_set, f"{starting}_opens")
    if opens is None or opens > today:
        setattr(index_set, f"{starting}_opens", today)
        changed.append(f"{starting}_opens")
    if ending:
        closes = getattr(index_set, f"{ending}_closes")
        if closes is not None and closes > today:
            setattr(index_set, f"{ending}_closes", today)
            changed.append(f"{ending}_closes")
    index_set.phase = target
    index_set.full_clean()
    index_set.save(update_fields=changed)
    if target == Phase.SELF_ASSESSMENT:
        notices.notify_window_opened(index_set=index_set, today=today)
    return index_set


@transaction.atomic
def score_correct(
    *, user, unit: Unit, criterion: Criterion, new_points: Decimal, reason: str, version: str
) -> ScoreCorrection:
    """An admin's correction of a published score; the reason is kept with the history.

    `version` is the score's token when the form was shown: a correction made meanwhile by
    someone else is a conflict, not something to overwrite.
    """
    locked_assessment(unit=unit, index_set=criterion.index_set)
    if not access.may_administer(user):
        raise Refused(_("Only administrators correct published scores."))
    if criterion.index_set.phase not in rules.FROZEN_PHASES:
        raise Refused(
            _("Corrections are for published results; until then appraisers change the score.")
        )
    reason = reason.strip()
    if not reason:
        raise Invalid(_("Nothing was saved: give the reason for the correction."))
    try:
        points = checked_points(new_points, criterion)
    except scoring.ScoringError as error:
        raise Invalid(_("Nothing was saved:") + " " + describe_problem(error)) from error
    current = locked_scores(unit=unit, leaf_ids=[criterion.pk])
    changed = find_conflicts(
        leaves={criterion.pk: criterion}, current=current, versions={criterion.pk: version}
    )
    if changed:
        raise Conflict(changed)
    score = current.get(criterion.pk) or Score.on_leaf(unit, criterion)
    old = score.final_points
    score.appraised_points = points
    score.updated_by, score.version = user, score.version + 1
    # simple_history reads these attributes when saving; they are not model fields.
    score._change_reason = reason  # type: ignore[attr-defined]
    score._history_user = user  # type: ignore[attr-defined]
    score.save()
    return ScoreCorrection.objects.create(
        score=score, old_points=old, new_points=points, reason=reason, corrected_by=user
    )
