"""The plan's tasks as an Excel workbook: one row per task, dates as dates and points as
numbers, every text as text (cchc_tracker.spreadsheet_cells)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cchc_tracker.spreadsheet_cells import append_row, workbook_bytes
from plans.models import ImprovementPlan, PlanTask

DATE_FORMAT = "DD/MM/YYYY"
POINTS_FORMAT = "0.00"
WIDTHS = [6, 50, 12, 30, 40, 12, 40, 30, 10, 10, 14]


def plan_tasks_workbook(plan: ImprovementPlan, tasks: list[PlanTask]) -> bytes:
    """The .xlsx bytes of the plan's tasks (loaded with `plan_selectors.plan_tasks`)."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = _("Tasks")[:31]
    append_row(
        sheet,
        [
            _("No."),
            _("Task"),
            _("Criterion"),
            _("Lead unit"),
            _("Coordinating units"),
            _("Deadline"),
            _("Expected output"),
            _("Linked leaves"),
            _("Points lost"),
            _("Units concerned"),
            _("Status"),
        ],
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, task in enumerate(tasks, start=1):
        append_row(
            sheet,
            [
                number,
                task.title,
                task.criterion.code if task.criterion else "",
                task.lead_unit.name,
                ", ".join(unit.name for unit in task.coordinating_units.all()),
                task.deadline,
                task.expected_output,
                ", ".join(leaf.code for leaf in task.leaves.all()),
                task.points_lost,
                task.units_concerned,
                str(task.get_status_display()),
            ],
        )
    for row in sheet.iter_rows(min_row=2):
        row[5].number_format = DATE_FORMAT
        row[8].number_format = POINTS_FORMAT
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)
