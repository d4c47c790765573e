"""Progress reports: the rules of when one is due and late, defined once, and the write.

A task of an issued plan owes a report for every period that ends after the task was
added, until a report says it is done. A report is due on its period's last day; one
handed in after that day is late, and one still missing after it is overdue.
"""

from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from assessments.membership import unit_takes_part
from assessments.services.common import Invalid, Refused
from indexes.models import IndexSet
from plans.library_services import library_document_upload
from plans.models import (
    LibraryDocument,
    PlanPeriod,
    PlanTask,
    ProgressReport,
    TaskStatus,
)

MAX_FILES_PER_REPORT = 10


def local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


def owes_report(task: PlanTask, period: PlanPeriod, done_in: int | None) -> bool:
    """Whether the task owes a report for the period: added before the period ended, and
    not reported done in an earlier period (`done_in`: the number of the period whose
    report first said done)."""
    if local_day(task.created_at) > period.ends_on:
        return False
    return done_in is None or period.number <= done_in


def is_late(report: ProgressReport, period: PlanPeriod) -> bool:
    """Handed in after the period's last day."""
    return local_day(report.reported_at) > period.ends_on


def is_overdue(period: PlanPeriod, today: date) -> bool:
    """A report still missing is overdue once its period has ended."""
    return today > period.ends_on


def task_is_overdue(task: PlanTask, today: date) -> bool:
    """A task not done by its deadline."""
    return task.status != TaskStatus.DONE and today > task.deadline


def report_index_set(task: PlanTask) -> IndexSet:
    """The set of the plan year that scores the lead unit: a report's files go to the
    unit's library for that year, where the self-assessment finds them."""
    unit = task.lead_unit
    for index_set in IndexSet.objects.filter(year=task.plan.year).order_by("code"):
        if unit_takes_part(unit, index_set):
            return index_set
    raise Invalid(
        _("No index set of %(year)s scores %(unit)s: its files have no library to go to.")
        % {"year": task.plan.year, "unit": unit.name}
    )


def _store_documents(
    *, user, task: PlanTask, files: list[UploadedFile], stored: list[LibraryDocument]
) -> None:
    """Each file through the library's one upload (the same checks as evidence: type by
    extension and content, size), appended to `stored` at once so that a later refusal
    removes it again."""
    if len(files) > MAX_FILES_PER_REPORT:
        raise Invalid(_("At most %(count)s files per report.") % {"count": MAX_FILES_PER_REPORT})
    if not files:
        return
    index_set = report_index_set(task)
    for upload in files:
        try:
            document = library_document_upload(
                user=user,
                unit=task.lead_unit,
                index_set=index_set,
                file=upload,
                date=timezone.localdate(),
            )
        except Invalid as error:
            raise Invalid(
                _("Nothing was saved: %(problems)s") % {"problems": error.message}
            ) from error
        stored.append(document)


@transaction.atomic
def progress_report_save(
    *,
    user,
    task: PlanTask,
    period: PlanPeriod,
    status: str,
    text: str = "",
    files: list[UploadedFile] | None = None,
    today: date | None = None,
) -> ProgressReport:
    """The lead unit's report on the task for the period (a second one replaces the text
    and status and adds its files). Its files become library documents of the unit, tagged
    to the task. The task takes the status of its latest period's report."""
    today = today or timezone.localdate()
    if not access.may_report_on_task(user, task.lead_unit_id):
        raise Refused(_("Only the officials of the lead unit report on this task."))
    if not task.plan.is_issued:
        raise Refused(_("Progress is reported on an issued plan only."))
    if period.plan_id != task.plan_id:
        raise Invalid(_("This period is not one of the plan's."))
    if today < period.starts_on:
        raise Invalid(_("%(period)s has not started yet.") % {"period": period.label})
    if status not in TaskStatus.values:
        raise Invalid(_("Choose the task's status."))
    text = (text or "").strip()
    if len(text) > ProgressReport._meta.get_field("text").max_length:  # type: ignore[operator]
        raise Invalid(_("The progress text is too long."))
    stored: list[LibraryDocument] = []
    try:
        _store_documents(user=user, task=task, files=files or [], stored=stored)
        report = ProgressReport.objects.filter(task=task, period=period).first()
        if report is None:
            report = ProgressReport(task=task, period=period, reported_by=user)
        report.status, report.text = status, text
        report._history_user = user  # type: ignore[attr-defined]
        report.save()
        if stored:
            report.documents.add(*stored)
            task.documents.add(*stored)
        _status_refresh(task, user)
    except Exception:
        # The transaction rolls back the rows; the stored files go with them.
        for document in stored:
            if document.file.name:
                document.file.storage.delete(document.file.name)
        raise
    return report


def _status_refresh(task: PlanTask, user) -> None:
    latest = task.reports.order_by("-period__number").values_list("status", flat=True).first()
    status = latest or TaskStatus.NOT_STARTED
    if task.status != status:
        task.status = status
        task._history_user = user  # type: ignore[attr-defined]
        task.save(update_fields=["status"])
