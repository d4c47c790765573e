"""Places on the cycle's pages where the apps above this one show what they keep.

assessments sits below plans (tests/test_layers.py), so its pages cannot ask the evidence
library for anything. Instead an app above registers a panel in its AppConfig.ready(): a
template and a loader. A page calls each registered loader once (the loader reads in a
fixed number of queries, whatever the number of leaves or units) and includes each
panel's template where it belongs, with the loader's data; the page never learns whose
panel it shows.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from assessments.entry_selectors import Sheet
from units.models import Unit

# The sheet pages that take panels on their leaves.
SELF_ASSESSMENT = "self_assessment"
APPRAISAL = "appraisal"


@dataclass(frozen=True)
class SheetPanel:
    """On each leaf of a sheet page, `template` with `data` = what `load(user, sheet,
    editing)` gave for the leaf's id (a leaf it gave nothing for shows nothing); once per
    page, outside the page's form, `page_template` with `data` = what it gave for None.
    `editing` says whether the page shows its form (the window is open for this user)."""

    template: str
    load: Callable[[Any, Sheet, bool], Mapping[int | None, Any]]
    page_template: str = ""


@dataclass(frozen=True)
class BoardPanel:
    """On an official's to-do board: `template` with `data` = `load(unit, today)`; nothing
    when it gives None."""

    template: str
    load: Callable[[Unit, date], Any]


@dataclass(frozen=True)
class Included:
    """A panel's template and its data, as the page includes it."""

    template: str
    data: Any


_sheet_panels: dict[str, list[SheetPanel]] = {SELF_ASSESSMENT: [], APPRAISAL: []}
_board_panels: list[BoardPanel] = []


def register_sheet_panel(page: str, panel: SheetPanel) -> None:
    if panel not in _sheet_panels[page]:  # ready() may run twice (tests, reloads)
        _sheet_panels[page].append(panel)


def register_board_panel(panel: BoardPanel) -> None:
    if panel not in _board_panels:
        _board_panels.append(panel)


def attach_sheet_panels(page: str, *, user, sheet: Sheet, editing: bool) -> list[Included]:
    """Give each leaf line of the sheet its panels (`line.panels`, which the leaf's
    template includes) and return the ones the page includes once."""
    loaded = [(panel, panel.load(user, sheet, editing)) for panel in _sheet_panels[page]]
    for section in sheet.sections:
        for line in section.entries:
            if line.row is not None:
                line.panels = [
                    Included(panel.template, data[line.row.id])
                    for panel, data in loaded
                    if line.row.id in data
                ]
    return [
        Included(panel.page_template, data.get(None))
        for panel, data in loaded
        if panel.page_template and data.get(None) is not None
    ]


def board_panels(*, unit: Unit, today: date) -> list[Included]:
    parts = ((panel, panel.load(unit, today)) for panel in _board_panels)
    return [Included(panel.template, data) for panel, data in parts if data is not None]
