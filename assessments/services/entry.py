"""The officials' writes: self-scores, explanations and evidence; submission; answers to
returned items; removing evidence. Each runs in one transaction with a fixed number of
queries, whatever the number of leaves (bulk writes, history included)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from assessments import counting, notices
from assessments.models import AssessmentStatus, Evidence, ReturnedItem, Score
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
from indexes import scoring
from indexes.applicability import applicable_leaves
from indexes.messages import describe_problem
from indexes.models import Criterion, IndexSet
from indexes.rule_inputs import checked_points, points_for
from units.models import Unit


@dataclass(frozen=True)
class Upload:
    file: UploadedFile
    document_number: str = ""
    document_date: date | None = None
    issuer: str = ""
    section: str = ""


@dataclass(frozen=True)
class SelfEntry:
    """One leaf of the self-assessment form: the rule input (None = blank), explanation,
    and new evidence files."""

    criterion_id: int
    self_input: dict[str, Any] | None
    explanation: str = ""
    uploads: tuple[Upload, ...] = ()
    # Points typed in a spreadsheet rather than a value for the rule (self_input is None).
    typed_points: Decimal | None = None


@dataclass(frozen=True)
class AnswerEntry:
    """One returned item on the explanation form: the answer, an optional new input."""

    criterion_id: int
    answer: str
    self_input: dict[str, Any] | None = None
    uploads: tuple[Upload, ...] = ()


@dataclass
class SaveResult:
    changed: list[str] = field(default_factory=list)  # codes of leaves whose values changed
    uploaded: int = 0
    status: str = ""
    missing: list[str] = field(default_factory=list)  # why it could not be handed in


def _points(
    leaf: Criterion, self_input: dict[str, Any] | None, typed: Decimal | None = None
) -> Decimal | None:
    try:
        if self_input is not None:
            return points_for(leaf, self_input)
        return None if typed is None else checked_points(typed, leaf)
    except scoring.ScoringError as error:
        raise Invalid(
            _("Nothing was saved: please correct the marked leaves."),
            problems=[f"{leaf.code}: {describe_problem(error)}"],
        ) from error


def _kept_as_typed(entry: SelfEntry, score: Score | None) -> bool:
    """Typed points saved again as they are stored: not held again to the rule's values,
    so a score typed before that check does not block the rest of the form."""
    return (
        entry.self_input is None
        and entry.typed_points is not None
        and score is not None
        and score.self_input is None
        and score.self_points == entry.typed_points
    )


def _evidence_for(score: Score, uploads: Sequence[Upload], user, now) -> list[Evidence]:
    return [
        Evidence(
            score=score,
            file=upload.file,
            original_name=(upload.file.name or "")[:255],
            size=upload.file.size or 0,
            document_number=upload.document_number,
            document_date=upload.document_date,
            issuer=upload.issuer,
            section=upload.section,
            uploaded_by=user,
            uploaded_at=now,
        )
        for upload in uploads
    ]


def _save_evidence(evidence: list[Evidence], user) -> None:
    if evidence:
        # bulk_create runs FileField.pre_save, which stores each file via the storage API.
        bulk_create_with_history(evidence, Evidence, default_user=user)


@transaction.atomic
def self_assessment_save(
    *,
    user,
    unit: Unit,
    index_set: IndexSet,
    entries: Sequence[SelfEntry],
    versions: dict[int, str],
    submit: bool = False,
    today: date | None = None,
    applicable: Mapping[int, Criterion] | None = None,
) -> SaveResult:
    """Save the unit's self-scores, explanations and evidence; submit when asked and complete.

    An incomplete submission is saved as a draft and `missing` says what to add.
    `applicable` are the set's leaves that apply to the unit when the caller has just
    read them (the sheet page, `Sheet.applicable_leaves`); else they are read here.
    """
    today = today or timezone.localdate()
    # A unit's first save starts its self-assessment: the row is made as a draft.
    assessment = locked_assessment(
        unit=unit, index_set=index_set, new_status=AssessmentStatus.DRAFT
    )
    state = rules.self_assessment_state(
        user=user, unit=unit, index_set=index_set, assessment=assessment, today=today
    )
    if not state.is_open:
        raise Refused(state.reason)
    leaves = {
        pk: leaf
        for pk, leaf in (
            applicable
            if applicable is not None
            else applicable_leaves(index_set=index_set, unit=unit)
        ).items()
        if counting.official_enters(leaf.method)
    }
    forged = [entry.criterion_id for entry in entries if entry.criterion_id not in leaves]
    if forged:
        raise Invalid(_("Nothing was saved: the form named leaves that are not your unit's."))
    entry_leaves = {entry.criterion_id: leaves[entry.criterion_id] for entry in entries}
    current = locked_scores(unit=unit, leaf_ids=entry_leaves)
    changed = find_conflicts(leaves=entry_leaves, current=current, versions=versions)
    if changed:
        raise Conflict(changed)

    now = timezone.now()
    created, updated, evidence, result = [], [], [], SaveResult()
    problems: list[str] = []
    changed_fields: set[str] = set()  # the columns an update writes: only those that change
    for entry in entries:
        leaf = entry_leaves[entry.criterion_id]
        score = current.get(leaf.pk)
        try:
            if _kept_as_typed(entry, score):  # what is stored stays as it was
                points = score.self_points if score else None
            else:
                points = _points(leaf, entry.self_input, entry.typed_points)
        except Invalid as error:
            problems.extend(error.problems)
            continue
        explanation = entry.explanation.strip()
        values = {"self_input": entry.self_input, "self_points": points, "explanation": explanation}
        if score is None:
            if points is None and not explanation and not entry.uploads:
                continue
            score = Score.on_leaf(unit, leaf, **values)
            score.updated_by, score.updated_at, score.version = user, now, 1
            created.append(score)
            result.changed.append(leaf.code)
        elif differ := [name for name, value in values.items() if getattr(score, name) != value]:
            changed_fields.update(differ)
            for name, value in values.items():
                setattr(score, name, value)
            score.updated_by, score.updated_at, score.version = user, now, score.version + 1
            updated.append(score)
            result.changed.append(leaf.code)
        evidence.extend(_evidence_for(score, entry.uploads, user, now))
    if problems:
        raise Invalid(_("Nothing was saved: please correct the marked leaves."), problems=problems)

    fields = [
        name for name in ("self_input", "self_points", "explanation") if name in changed_fields
    ]
    write_scores(created=created, updated=updated, fields=fields, user=user)
    _save_evidence(evidence, user)
    result.uploaded = len(evidence)

    if assessment.status == AssessmentStatus.NOT_STARTED:
        assessment.status = AssessmentStatus.DRAFT
        assessment.save()
    if submit:
        result.missing = submission_gaps(unit=unit, index_set=index_set, leaves=leaves)
        if not result.missing:
            assessment.status = AssessmentStatus.SUBMITTED
            assessment.submitted_at, assessment.submitted_by = now, user
            assessment.save()
            notices.notify_submitted(assessment=assessment)
    result.status = assessment.status
    return result


def submission_gaps(*, unit: Unit, index_set: IndexSet, leaves: dict[int, Criterion]) -> list[str]:
    """What keeps the unit from submitting: leaves without a score, and leaves with
    neither evidence nor an explanation (two queries)."""
    scores = {
        row["criterion_id"]: row
        for row in Score.objects.filter(unit=unit, criterion_id__in=list(leaves)).values(
            "criterion_id", "self_points", "explanation"
        )
    }
    with_evidence = set(
        Evidence.objects.filter(
            score__unit=unit, score__criterion_id__in=list(leaves), removed_at__isnull=True
        ).values_list("score__criterion_id", flat=True)
    )
    gaps = []
    for pk, leaf in leaves.items():
        row = scores.get(pk)
        if row is None or row["self_points"] is None:
            gaps.append(_("%(code)s: no self-score yet.") % {"code": leaf.code})
        elif pk not in with_evidence and not row["explanation"].strip():
            gaps.append(
                _("%(code)s: attach evidence or explain why there is none.") % {"code": leaf.code}
            )
    return gaps


@transaction.atomic
def explanation_save(
    *,
    user,
    unit: Unit,
    index_set: IndexSet,
    answers: Sequence[AnswerEntry],
    versions: dict[int, str],
    send: bool = False,
    today: date | None = None,
) -> SaveResult:
    """Save the unit's answers to returned items (and new inputs or evidence on them);
    send them to the appraisers when asked and every open item has an answer."""
    today = today or timezone.localdate()
    assessment = locked_assessment(unit=unit, index_set=index_set)
    state = rules.explanation_state(
        user=user, unit=unit, index_set=index_set, assessment=assessment, today=today
    )
    if not state.is_open:
        raise Refused(state.reason)
    open_items = {
        item.score.criterion_id: item
        for item in ReturnedItem.objects.select_for_update(of=("self",))
        .filter(score__unit=unit, score__criterion__index_set=index_set, closed_at__isnull=True)
        .select_related("score__criterion")
    }
    if any(answer.criterion_id not in open_items for answer in answers):
        raise Invalid(_("Nothing was saved: the form named items that were not returned."))
    entry_leaves = {pk: item.score.criterion for pk, item in open_items.items()}
    for leaf in entry_leaves.values():
        leaf.index_set = index_set
    current = locked_scores(unit=unit, leaf_ids=entry_leaves)
    answered = {answer.criterion_id: answer for answer in answers}
    changed = find_conflicts(
        leaves={pk: entry_leaves[pk] for pk in answered}, current=current, versions=versions
    )
    if changed:
        raise Conflict(changed)

    now = timezone.now()
    touched_scores, touched_items, evidence, result = [], [], [], SaveResult()
    for pk, answer in answered.items():
        leaf, score, item = entry_leaves[pk], current[pk], open_items[pk]
        text = answer.answer.strip()
        new_input = answer.self_input is not None and answer.self_input != score.self_input
        new_answer = text != item.answer
        if new_input:
            score.self_input = answer.self_input
            score.self_points = _points(leaf, answer.self_input)
        if new_answer:
            item.answer, item.answered_at, item.answered_by = text, now, user
            touched_items.append(item)
        if new_input or new_answer:
            # The answer belongs to the leaf too: bumping the score's version makes a
            # second person's save of the same item a conflict, not an overwrite.
            score.updated_by, score.updated_at, score.version = user, now, score.version + 1
            touched_scores.append(score)
            result.changed.append(leaf.code)
        evidence.extend(_evidence_for(score, answer.uploads, user, now))

    write_scores(
        created=[], updated=touched_scores, fields=["self_input", "self_points"], user=user
    )
    if touched_items:
        bulk_update_with_history(
            touched_items,
            ReturnedItem,
            fields=["answer", "answered_at", "answered_by"],
            default_user=user,
        )
    _save_evidence(evidence, user)
    result.uploaded = len(evidence)

    if send:
        result.missing = [
            _("%(code)s: write the unit's explanation.") % {"code": item.score.criterion.code}
            for item in open_items.values()
            if not item.answer.strip()
        ]
        if not result.missing:
            assessment.status = AssessmentStatus.EXPLAINED
            assessment.explained_at = now
            assessment.save()
            notices.notify_explained(assessment=assessment)
    result.status = assessment.status
    return result


@transaction.atomic
def evidence_remove(*, user, evidence: Evidence, today: date | None = None) -> None:
    """Take a document off a score; the file and its history stay for the appraisers."""
    today = today or timezone.localdate()
    score = evidence.score
    unit, index_set = score.unit, score.criterion.index_set
    assessment = locked_assessment(unit=unit, index_set=index_set)
    state = rules.self_assessment_state(
        user=user, unit=unit, index_set=index_set, assessment=assessment, today=today
    )
    if not state.is_open:
        returned = score.returns.filter(closed_at__isnull=True).exists()
        explaining = rules.explanation_state(
            user=user, unit=unit, index_set=index_set, assessment=assessment, today=today
        )
        if not (returned and explaining.is_open):
            raise Refused(state.reason or explaining.reason)
    if evidence.removed_at is not None:
        return
    evidence.removed_at, evidence.removed_by = timezone.now(), user
    evidence.save(update_fields=["removed_at", "removed_by"])
