"""Survey points written as appraised points of survey leaves, from rows already read.

The file is read by the exchange app (`exchange/survey_import.py`: the limits, formats and
the two steps every import has); this service checks the rows and writes them, all or
nothing. A row gives unit code, leaf code, points. A composite leaf (the five SIPAS
components, say) takes one row per component instead: unit code, leaf code, the
component's percent, the component's code; its points are the set's mix of them
(scoring.score_composite). Every row is checked before anything is written; each bad
row is named with its number in the sheet and nothing is written then.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from assessments.membership import unit_takes_part
from assessments.models import Assessment, AssessmentStatus, Score
from assessments.services import rules
from assessments.services.common import (
    ChangedLeaf,
    Conflict,
    PlannedChanges,
    Refused,
    display_name,
    locked_assessments,
    score_token,
    write_scores,
)
from indexes import scoring
from indexes.applicability import applicability
from indexes.messages import describe_problem
from indexes.models import Criterion, IndexSet, Method
from indexes.rule_inputs import checked_points
from units.models import Unit


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet numbers it: the header is row 1
    unit_code: str
    leaf_code: str
    points: str
    component: str = ""  # a composite leaf's component: `points` is then its percent


@dataclass(frozen=True)
class RowProblem:
    row: int | None
    text: str


@dataclass(frozen=True)
class SurveyChange:
    unit: Unit
    leaf: Criterion
    score: Score | None  # as it is now; None when the leaf has no score yet
    points: Decimal | None
    entered: dict | None  # a composite leaf's components

    @property
    def key(self) -> str:
        return f"{self.unit.pk}:{self.leaf.pk}"


@dataclass
class SurveyPlan(PlannedChanges):
    """What the rows would change, and every problem; nothing is written with problems."""

    changes: list[SurveyChange] = field(default_factory=list)
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def survey_points_check(
    *, user, index_set: IndexSet, rows: Sequence[SheetRow], lock: bool = False
) -> SurveyPlan:
    """Check every row against the set, the units and their scores as they are now.

    With `lock` (inside the import's transaction) the units' assessments are locked first,
    as every write of scores does, then their scores. Refused when the user may not import
    survey results or the appraisal window is closed.
    """
    if not access.may_appraise(user):
        raise Refused(_("Only appraisers import survey results."))
    window = rules.appraisal_window(index_set)
    if not window.is_open:
        raise Refused(window.reason)
    units = {
        unit.code: unit for unit in Unit.objects.filter(code__in={row.unit_code for row in rows})
    }
    unit_ids = [unit.pk for unit in units.values()]
    leaves = {leaf.code: leaf for leaf in index_set.criteria.all()}
    marks = applicability(index_set, unit_ids)
    if lock:
        # A finalisation or a form save of one of these units waits for the import, or it
        # for them (in unit order, like every multi-unit write).
        assessments = locked_assessments(index_set=index_set, unit_ids=unit_ids)
    else:
        assessments = {
            a.unit_id: a
            for a in Assessment.objects.filter(index_set=index_set, unit_id__in=unit_ids)
        }
    final = {pk for pk, a in assessments.items() if a.status == AssessmentStatus.APPRAISED}

    plan = SurveyPlan()
    accepted: list[tuple[Unit, Criterion, Decimal | None, dict | None]] = []
    seen: dict[tuple[str, str, str], int] = {}
    composed: dict[tuple[str, str], tuple[int, dict[str, str]]] = {}  # first row, parts
    for row in rows:
        problem, points = _check_row(row, units, leaves, marks, final, index_set)
        key = (row.unit_code, row.leaf_code, row.component)
        if not problem and key in seen:
            problem = _("repeats row %(number)s.") % {"number": seen[key]}
        seen.setdefault(key, row.number)
        if problem:
            plan.problems.append(RowProblem(row.number, problem))
        elif row.component:
            _first, parts = composed.setdefault(key[:2], (row.number, {}))
            parts[row.component] = row.points
        else:
            accepted.append((units[row.unit_code], leaves[row.leaf_code], points, None))
    for (unit_code, leaf_code), (first, parts) in composed.items():
        leaf = leaves[leaf_code]
        try:
            points = scoring.evaluate_rule(leaf.rule, parts, Decimal(leaf.max_points))
        except scoring.ScoringError as error:
            plan.problems.append(RowProblem(first, f"{leaf.code}: {describe_problem(error)}"))
            continue
        accepted.append((units[unit_code], leaf, points, {"components": parts}))
    if plan.problems:
        return plan
    scores = Score.objects.filter(
        unit__in=[unit for unit, *_rest in accepted],
        criterion__in=[leaf for _unit, leaf, *_rest in accepted],
    ).select_related("updated_by")
    if lock:
        scores = scores.select_for_update(of=("self",))
    current = {(score.unit_id, score.criterion_id): score for score in scores}
    for unit, leaf, points, entered in accepted:
        score = current.get((unit.pk, leaf.pk))
        if score is not None and (score.appraised_points, score.appraised_input) == (
            points,
            entered,
        ):
            plan.unchanged += 1
        else:
            plan.changes.append(SurveyChange(unit, leaf, score, points, entered))
    return plan


@transaction.atomic
def survey_points_import(
    *, user, index_set: IndexSet, rows: Sequence[SheetRow], versions: dict[str, str], reason: str
) -> SurveyPlan:
    """Check the rows again under the units' locks and write them all, or nothing.

    `versions` are the scores' versions when the rows were checked (the dry run): a score
    that someone changed since is a Conflict naming it, and nothing is written.
    """
    plan = survey_points_check(user=user, index_set=index_set, rows=rows, lock=True)
    if plan.problems:
        return plan
    changed = [
        ChangedLeaf(
            criterion_id=change.leaf.pk,
            code=f"{change.leaf.code} ({change.unit.code})",
            changed_by=display_name(change.score.updated_by) if change.score else "—",
            changed_at=change.score.updated_at if change.score else None,
        )
        for change in plan.changes
        if versions.get(change.key, "") != score_token(change.score)
    ]
    if changed:
        raise Conflict(changed)
    now = timezone.now()
    created, updated = [], []
    for change in plan.changes:
        score = change.score
        if score is None:
            score = Score.on_leaf(
                change.unit, change.leaf, version=1, appraised_input=change.entered
            )
            score.appraised_points, score.updated_by, score.updated_at = change.points, user, now
            created.append(score)
        else:
            score.appraised_points, score.appraised_input = change.points, change.entered
            score.updated_by, score.updated_at = user, now
            score.version += 1
            updated.append(score)
    fields = ["appraised_points", "appraised_input"]
    write_scores(created=created, updated=updated, fields=fields, user=user, reason=reason)
    return plan


def _check_row(row, units, leaves, marks, final, index_set) -> tuple[str, Decimal | None]:
    if not row.unit_code or not row.leaf_code or not row.points:
        return _("needs three values: unit code, leaf code, points."), None
    unit = units.get(row.unit_code)
    if unit is None:
        return _('no unit has the code "%(code)s".') % {"code": row.unit_code}, None
    if not unit_takes_part(unit, index_set):
        return _("%(unit)s is not scored by this set.") % {"unit": unit.name}, None
    leaf = leaves.get(row.leaf_code)
    if leaf is None:
        return _('the set has no leaf "%(code)s".') % {"code": row.leaf_code}, None
    if leaf.method != Method.SURVEY:
        return _("%(code)s is not a survey leaf.") % {"code": leaf.code}, None
    if not marks.applies(unit.pk, leaf):
        return _("%(code)s does not apply to %(unit)s.") % {
            "code": leaf.code,
            "unit": unit.name,
        }, None
    if unit.pk in final:
        return _("the appraisal of %(unit)s is final; reopen it first.") % {"unit": unit.name}, None
    is_composite = isinstance(leaf.rule, dict) and leaf.rule.get("type") == "composite"
    if is_composite and not row.component:
        return _(
            "%(code)s is made of components: give one row per component, its percent and its code."
        ) % {"code": leaf.code}, None
    if row.component:
        if not is_composite:
            return _("%(code)s has no components: give its points only.") % {
                "code": leaf.code
            }, None
        return "", None  # scored once all its components are read
    try:
        return "", checked_points(row.points, leaf)
    except scoring.ScoringError as error:
        return describe_problem(error), None
