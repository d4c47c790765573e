"""The evidence library's writes: upload a document, change its details or tags, remove it,
and attach it to the self-assessment as evidence without copying the file.

Every write checks who may do it (accounts.access), which leaves it may name (the one
applicability definition) and which files are accepted (assessments.evidence, the same
check as evidence uploads), then writes in one transaction; a refused write saves
nothing, and leaves no stored file behind.

The plan's progress reports call `library_document_upload` for their files too: a
report's files ARE library documents.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from assessments.evidence import validate_evidence_file
from assessments.membership import unit_takes_part
from assessments.models import AssessmentStatus, Evidence, Score
from assessments.services import rules
from assessments.services.common import Invalid, Refused, locked_assessment
from indexes.applicability import applicability
from indexes.models import Criterion, IndexSet, Method
from plans.library_selectors import taggable_leaves, taggable_tasks
from plans.models import LibraryDocument, PlanTask
from units.models import Unit


def _refuse_unless_keeper(user, unit: Unit) -> None:
    # The views refuse first, with a 403 (plans/library_access.py); services hold the line
    # for every other caller (the plan's progress reports).
    if not access.may_keep_library(user, unit.pk):
        raise Refused(_("Only the unit's own officials change its evidence library."))


def _checked_leaves(
    *, unit: Unit, index_set: IndexSet, leaves: Iterable[Criterion | int]
) -> list[Criterion]:
    """The leaves named, each a leaf of the set that applies to the unit; else Invalid
    naming every leaf that is not."""
    ids = list(dict.fromkeys(leaf if isinstance(leaf, int) else leaf.pk for leaf in leaves))
    if not ids:
        return []
    applicable = taggable_leaves(unit=unit, index_set=index_set)
    problems = []
    missing = [pk for pk in ids if pk not in applicable]
    if missing:
        named = {
            node.pk: node
            for node in Criterion.objects.filter(pk__in=missing, index_set=index_set)
            .exclude(method="")
            .only("pk", "code", "sort_key", "method")
        }
        marks = applicability(index_set, [unit.pk])
        for pk in missing:
            node = named.get(pk)
            if node is None:
                problems.append(
                    _("A chosen leaf is not a leaf of the set %(set)s.") % {"set": index_set.name}
                )
            elif node.method == Method.SURVEY:
                problems.append(
                    _(
                        "%(code)s is a survey leaf: its points come from the survey, "
                        "not from evidence."
                    )
                    % {"code": node.code}
                )
            else:
                problems.append(
                    _("%(code)s does not apply to your unit: %(reason)s.")
                    % {"code": node.code, "reason": marks.reason_for(unit.pk, node) or ""}
                )
    if problems:
        raise Invalid(_("Nothing was saved: %(problems)s") % {"problems": " ".join(problems)})
    return [applicable[pk] for pk in ids]


def _checked_tasks(
    *, unit: Unit, index_set: IndexSet, tasks: Iterable[PlanTask | int]
) -> list[PlanTask]:
    """The plan tasks named, each one the unit leads in the issued plan of the set's year;
    else Invalid."""
    ids = list(dict.fromkeys(task if isinstance(task, int) else task.pk for task in tasks))
    if not ids:
        return []
    allowed = taggable_tasks(unit=unit, index_set=index_set)
    if any(pk not in allowed for pk in ids):
        raise Invalid(
            _(
                "Nothing was saved: a chosen task is not a task your unit leads in the "
                "issued improvement plan of %(year)s."
            )
            % {"year": index_set.year}
        )
    return [allowed[pk] for pk in ids]


def _checked_file(file: UploadedFile) -> None:
    try:
        validate_evidence_file(file)
    except ValidationError as error:
        raise Invalid(" ".join(error.messages)) from error


def library_document_upload(
    *,
    user,
    unit: Unit,
    index_set: IndexSet,
    file: UploadedFile,
    number: str = "",
    date: date | None = None,
    issuer: str = "",
    section: str = "",
    leaves: Iterable[Criterion | int] = (),
    tasks: Iterable[PlanTask | int] = (),
) -> LibraryDocument:
    """Store a document in the unit's library for the set's year, tagged to `leaves` and
    to plan `tasks` the unit leads (none is allowed: a progress report's file is tagged to
    its task by the report).

    Refused unless the user is an official of the unit; Invalid when the set does not
    score the unit, a leaf is not the set's or does not apply to the unit, or the file is
    not accepted. Any time of the year: no window is asked."""
    _refuse_unless_keeper(user, unit)
    if not unit_takes_part(unit, index_set):
        raise Invalid(_("The set %(set)s does not score your unit.") % {"set": index_set.name})
    checked = _checked_leaves(unit=unit, index_set=index_set, leaves=leaves)
    checked_tasks = _checked_tasks(unit=unit, index_set=index_set, tasks=tasks)
    _checked_file(file)
    document = LibraryDocument(
        unit=unit,
        index_set=index_set,
        file=file,
        original_name=(file.name or "")[:255],
        size=file.size or 0,
        document_number=number.strip(),
        document_date=date,
        issuer=issuer.strip(),
        section=section.strip(),
        uploaded_by=user,
    )
    document._history_user = user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            document.save()  # FileField.pre_save stores the file through the storage API
            document.leaves.set(checked)
            document.plan_tasks.set(checked_tasks)
    except Exception:
        # Stored by save() (committed, under its generated name) but the row rolled back:
        # the file would be an orphan that no page can reach.
        if document.file.name and getattr(document.file, "_committed", False):
            document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def library_document_update(
    *,
    user,
    document: LibraryDocument,
    number: str,
    date: date | None,
    issuer: str,
    section: str,
    leaves: Iterable[Criterion | int],
    tasks: Iterable[PlanTask | int] = (),
) -> LibraryDocument:
    """Change a document's details and tags (the file stays); a removed one cannot be."""
    _refuse_unless_keeper(user, document.unit)
    if document.removed_at is not None:
        raise Refused(_("This document was removed from the library."))
    checked = _checked_leaves(unit=document.unit, index_set=document.index_set, leaves=leaves)
    checked_tasks = _checked_tasks(unit=document.unit, index_set=document.index_set, tasks=tasks)
    document.document_number, document.document_date = number.strip(), date
    document.issuer, document.section = issuer.strip(), section.strip()
    document._history_user = user  # type: ignore[attr-defined]
    document.save()
    if {leaf.pk for leaf in checked} != {leaf.pk for leaf in document.leaves.all()}:
        document.leaves.set(checked)
    document.plan_tasks.set(checked_tasks)
    return document


@transaction.atomic
def library_document_remove(*, user, document: LibraryDocument) -> None:
    """Stamp the document removed; the file stays, for evidence that points at it."""
    _refuse_unless_keeper(user, document.unit)
    if document.removed_at is not None:
        return
    document.removed_at, document.removed_by = timezone.now(), user
    document._history_user = user  # type: ignore[attr-defined]
    document.save(update_fields=["removed_at", "removed_by"])


@transaction.atomic
def library_document_attach(
    *, user, document: LibraryDocument, leaf: Criterion, today: date | None = None
) -> Evidence:
    """Attach a library document to the unit's score on `leaf` as evidence: a new Evidence
    row naming the same stored file (never a copy), within the evidence rules of the
    self-assessment (the unit's own official, its window open, the leaf applies and is
    not a survey leaf) and only on a leaf the document is tagged to."""
    today = today or timezone.localdate()
    unit, index_set = document.unit, document.index_set
    # As a save of the form does, the first write starts the unit's self-assessment.
    assessment = locked_assessment(
        unit=unit, index_set=index_set, new_status=AssessmentStatus.DRAFT
    )
    state = rules.self_assessment_state(
        user=user, unit=unit, index_set=index_set, assessment=assessment, today=today
    )
    if not state.is_open:
        raise Refused(state.reason)
    if document.removed_at is not None:
        raise Refused(_("This document was removed from the library."))
    if not document.leaves.filter(pk=leaf.pk).exists():
        raise Invalid(_("This document is not tagged to %(code)s.") % {"code": leaf.code})
    [leaf] = _checked_leaves(unit=unit, index_set=index_set, leaves=[leaf.pk])
    score = Score.objects.select_for_update().filter(unit=unit, criterion=leaf).first()
    if score is None:
        score = Score.on_leaf(unit, leaf)
        score.updated_by, score.updated_at, score.version = user, timezone.now(), 1
        score._history_user = user  # type: ignore[attr-defined]
        score.save()
    existing = score.evidence.filter(file=document.file.name, removed_at__isnull=True).first()
    if existing is not None:
        return existing  # attached already: a second click changes nothing
    evidence = Evidence(
        score=score,
        original_name=document.original_name,
        size=document.size,
        document_number=document.document_number,
        document_date=document.document_date,
        issuer=document.issuer,
        section=document.section,
        uploaded_by=user,
    )
    evidence.file.name = document.file.name  # the same stored file: nothing is copied
    evidence._history_user = user  # type: ignore[attr-defined]
    evidence.save()
    if assessment.status == AssessmentStatus.NOT_STARTED:
        assessment.status = AssessmentStatus.DRAFT
        assessment.save()
    return evidence
