"""Commitments as an Excel workbook: one row each, percents and dates as real numbers and
dates so that the sheet can be sorted and summed; once the year's results are published,
whether each method's target was met."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cchc_tracker.spreadsheet_cells import append_row, workbook_bytes
from commitments.models import Commitment
from commitments.selectors import rows_of_commitments, status_label
from indexes import scoring
from indexes.models import Method

PERCENT_FORMAT = "0.00"
DATE_FORMAT = "DD/MM/YYYY"


def commitments_workbook(commitments: list[Commitment]) -> bytes:
    """The .xlsx bytes of the given commitments (with their unit and targets loaded)."""
    rows = rows_of_commitments(commitments=commitments)
    method_labels = dict(Method.choices)
    headers = [
        _("Unit"),
        _("Unit code"),
        _("Kind"),
        _("Year"),
        _("Signed by"),
        _("Signer's title"),
        _("Signed with"),
        _("Counterpart's title"),
        _("Signing date"),
        _("Status"),
        *[_("Target: %(method)s (%%)") % {"method": method_labels[m]} for m in scoring.METHODS],
        *[_("Result: %(method)s") % {"method": method_labels[m]} for m in scoring.METHODS],
        _("Further pledges"),
    ]
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # the one sheet of a new workbook
    sheet.title = _("Commitments")[:31]
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for commitment in commitments:
        targets = {target.method: target.pct for target in commitment.targets.all()}
        row = rows.get(commitment.pk)
        status = row.status if row else str(commitment.status)
        results = row.results if row else {}
        append_row(
            sheet,
            [
                commitment.unit.name,
                commitment.unit.code,
                commitment.unit.get_kind_display(),
                commitment.year,
                commitment.signer_name,
                commitment.signer_title,
                commitment.counterpart_name,
                commitment.counterpart_title,
                commitment.signed_on,
                status_label(status),
                *[targets.get(method) for method in scoring.METHODS],
                *[_result_text(results.get(method)) for method in scoring.METHODS],
                commitment.pledges,
            ],
        )
    first_target = 11  # 1-based column of the first target
    for cells in sheet.iter_rows(min_row=2):
        cells[8].number_format = DATE_FORMAT
        for cell in cells[first_target - 1 : first_target - 1 + len(scoring.METHODS)]:
            cell.number_format = PERCENT_FORMAT
    widths = [32, 16, 16, 8, 24, 28, 24, 28, 14, 14, 14, 14, 14, 14, 14, 14, 40]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)


def _result_text(result: scoring.TargetResult | None) -> str | None:
    """ "Đạt" / "Không đạt" once published; empty before, or where nothing was scored."""
    if result is None or result.met is None:
        return None
    return status_label("met" if result.met else "missed")
