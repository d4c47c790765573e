"""Progress reports: only the lead unit reports, files become library documents, late and
missing reports are flagged, and the done tasks' leaves are told to the library."""

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from assessments.services.common import Invalid, Refused
from plans.models import LibraryDocument, ProgressReport, TaskStatus
from plans.plan_reports import progress_report_save
from plans.plan_selectors import (
    done_task_leaves,
    done_task_leaves_by_unit,
    plan_dashboard,
    todo_card,
    unit_task_rows,
)
from tests.plan_support import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def a_task_of(plan, unit):
    return plan.tasks.filter(lead_unit=unit).order_by("position").first()


def test_the_lead_unit_reports_done_with_a_file_that_joins_its_library(
    issued_plan, official_b, unit_a, unit_b, next_year
):
    task = a_task_of(issued_plan, unit_b)
    q1 = issued_plan.periods.get(number=1)
    report = progress_report_save(
        user=official_b,
        task=task,
        period=q1,
        status=TaskStatus.DONE,
        text="Đã ban hành kế hoạch",
        files=[SimpleUploadedFile("ke-hoach.pdf", PDF)],
        today=date(2024, 3, 20),
    )
    [document] = LibraryDocument.objects.all()
    assert (document.unit, document.index_set, document.original_name) == (
        unit_b,
        next_year,
        "ke-hoach.pdf",
    )
    assert list(report.documents.all()) == [document]
    assert list(task.documents.all()) == [document]
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert done_task_leaves(unit=unit_b, year=2024) == set(task.leaves.values_list("pk", flat=True))
    assert done_task_leaves(unit=unit_b, year=2025) == set()
    pairs = done_task_leaves_by_unit(unit_ids=[unit_a.pk, unit_b.pk], year=2024)
    assert pairs == {(unit_b.pk, leaf.pk) for leaf in task.leaves.all()}


def test_another_units_official_cannot_report_and_nothing_is_saved(issued_plan, official_a, unit_b):
    task = a_task_of(issued_plan, unit_b)
    with pytest.raises(Refused, match="lead unit"):
        progress_report_save(
            user=official_a,
            task=task,
            period=issued_plan.periods.get(number=1),
            status=TaskStatus.DONE,
            files=[SimpleUploadedFile("a.pdf", PDF)],
            today=date(2024, 3, 20),
        )
    assert not ProgressReport.objects.exists() and not LibraryDocument.objects.exists()
    assert stored_files() == []


def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_saved(issued_plan, official_b, unit_b):
    task = a_task_of(issued_plan, unit_b)
    with pytest.raises(Invalid, match="Nothing was saved"):
        progress_report_save(
            user=official_b,
            task=task,
            period=issued_plan.periods.get(number=1),
            status=TaskStatus.DONE,
            files=[
                SimpleUploadedFile("ok.pdf", PDF),
                SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"),
            ],
            today=date(2024, 3, 20),
        )
    assert not ProgressReport.objects.exists() and not LibraryDocument.objects.exists()
    assert stored_files() == []
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_a_draft_plan_takes_no_report_nor_a_period_not_started(draft_plan, official_b, unit_b):
    task = a_task_of(draft_plan, unit_b)
    with pytest.raises(Refused, match="issued plan only"):
        progress_report_save(
            user=official_b, task=task, period=draft_plan.periods.get(number=1), status="done"
        )


def test_a_future_period_takes_no_report(issued_plan, official_b, unit_b):
    task = a_task_of(issued_plan, unit_b)
    with pytest.raises(Invalid, match="has not started"):
        progress_report_save(
            user=official_b,
            task=task,
            period=issued_plan.periods.get(number=3),
            status="in_progress",
            today=date(2024, 5, 1),
        )


def _backdate_tasks(plan):
    plan.tasks.update(created_at=timezone.make_aware(datetime(2024, 3, 1, 8)))


def test_late_and_missing_reports_are_flagged(issued_plan, official_b, unit_b, unit_a):
    _backdate_tasks(issued_plan)
    task = a_task_of(issued_plan, unit_b)
    q1, q2 = issued_plan.periods.get(number=1), issued_plan.periods.get(number=2)
    report = progress_report_save(
        user=official_b, task=task, period=q1, status="in_progress", today=date(2024, 4, 10)
    )
    # Handed in on 10/4 for a period that ended on 31/3: late.
    ProgressReport.objects.filter(pk=report.pk).update(
        reported_at=timezone.make_aware(datetime(2024, 4, 10, 9))
    )
    today = date(2024, 7, 5)
    [row, *_rest] = unit_task_rows(plan=issued_plan, unit=unit_b, today=today)
    cells = {cell.period.number: cell for cell in row.cells}
    assert cells[1].late and not cells[1].overdue
    assert cells[2].overdue and cells[2].report is None
    assert not cells[3].overdue and cells[3].owed
    board = plan_dashboard(plan=issued_plan, today=today)
    b_tally = next(t for t in board.units if t.code == unit_b.code)
    assert b_tally.late_reports == 1 and b_tally.in_progress == 1
    # Every task owes Q1 and Q2 by 5/7; one Q1 report is in.
    assert board.totals.missing_reports == 2 * board.totals.total - 1
    card = todo_card(unit=unit_b, today=today)
    assert (task, q2, True) in card.due
    assert q2.ends_on == date(2024, 6, 30) and today - q2.ends_on == timedelta(days=5)


def test_a_done_task_owes_no_later_report_and_the_dashboard_puts_overdue_units_first(
    issued_plan, official_b, unit_b, unit_a
):
    _backdate_tasks(issued_plan)
    last = issued_plan.tasks.order_by("position").last()
    issued_plan.tasks.filter(pk=last.pk).update(lead_unit=unit_a)
    for task in issued_plan.tasks.filter(lead_unit=unit_b):
        progress_report_save(
            user=official_b,
            task=task,
            period=issued_plan.periods.get(number=1),
            status="done",
            today=date(2024, 3, 30),
        )
    today = date(2024, 10, 5)  # after the default deadline of 30/9
    rows = unit_task_rows(plan=issued_plan, unit=unit_b, today=today)
    assert all(not cell.owed for row in rows for cell in row.cells[1:])
    assert not any(row.overdue for row in rows)
    board = plan_dashboard(plan=issued_plan, today=today)
    assert board.units[0].code == unit_a.code and board.units[0].overdue >= 1
    assert board.units[-1].code == unit_b.code and board.units[-1].overdue == 0
