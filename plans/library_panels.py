"""What the evidence library shows on the cycle's pages, through the panels that
assessments offers (assessments/panels.py) without importing this app:

- on each leaf of the self-assessment form, the library documents tagged to it and not
  attached yet, each with its "Đính kèm" button while the form is open;
- on each leaf of the appraisal page, the warnings about the evidence attached;
- on an official's to-do board, the leaves of the year still without evidence.
"""

from datetime import date
from typing import Any

from assessments import panels
from assessments.entry_selectors import Sheet
from plans.library_selectors import (
    evidence_warnings,
    library_sets,
    waiting_documents,
    year_being_run,
)
from plans.library_standing import set_standings
from units.models import Unit


def self_assessment_panel(user, sheet: Sheet, editing: bool) -> dict[int | None, Any]:
    waiting = waiting_documents(sheet=sheet)
    data: dict[int | None, Any] = {
        leaf_id: {"documents": documents, "leaf_id": leaf_id, "editing": editing}
        for leaf_id, documents in waiting.items()
    }
    if editing and waiting:
        data[None] = {"unit": sheet.unit}  # the one form the "Đính kèm" buttons send
    return data


def appraisal_panel(user, sheet: Sheet, editing: bool) -> dict[int | None, Any]:
    return {leaf_id: flagged for leaf_id, flagged in evidence_warnings(sheet=sheet).items()}


def board_panel(unit: Unit, today: date) -> dict[str, Any] | None:
    """The unit's leaves still without evidence in the library of the year being run."""
    sets = library_sets(unit)
    year = year_being_run(sets, today)
    index_set = next((s for s in sets if s.year == year), None)
    if index_set is None:
        return None
    # Only evidence counts here (a done task does not put a document in hand): no plan read.
    [standing] = set_standings(index_set=index_set, units=[unit], with_targets=False, done_tasks=())
    return {"standing": standing, "unit": unit, "index_set": index_set}


def register() -> None:
    panels.register_sheet_panel(
        panels.SELF_ASSESSMENT,
        panels.SheetPanel(
            template="plans/library/includes/waiting_documents.html",
            load=self_assessment_panel,
            page_template="plans/library/includes/attach_form.html",
        ),
    )
    panels.register_sheet_panel(
        panels.APPRAISAL,
        panels.SheetPanel(
            template="plans/library/includes/evidence_warnings.html", load=appraisal_panel
        ),
    )
    panels.register_board_panel(
        panels.BoardPanel(template="plans/library/includes/board.html", load=board_panel)
    )
