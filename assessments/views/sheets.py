"""The pieces the officials' and appraisers' sheet pages share: the sheet and its form,
the POST flow (refuse when the window is closed, validate, say why nothing was saved or
what was), and the context every sheet template reads. Each view stays linear: it calls
these pieces in order and its own service in between."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeGuard, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import counting, entry_selectors, results, sheet_parts
from assessments.access import index_set_for_unit
from assessments.entry_forms import LeafForm
from assessments.entry_selectors import LeafRow
from assessments.services.common import ChangedLeaf, Conflict, Invalid, Refused, WorkflowError
from assessments.services.entry import SaveResult
from assessments.services.rules import Window
from indexes import scoring
from indexes.rule_inputs import rule_data
from units.models import Unit

Form = TypeVar("Form", bound=LeafForm)
ZERO = Decimal(0)


@dataclass
class SheetPage(Generic[Form]):
    """A sheet page: its sheet, its form (None once the window is closed), and what it
    shows again when nothing was saved."""

    sheet: entry_selectors.Sheet
    form: Form | None
    problems: list[str] = field(default_factory=list)
    conflicts: dict[int, ChangedLeaf] = field(default_factory=dict)


def unit_sheet(unit: Unit, set_code: str) -> entry_selectors.Sheet:
    """The unit's sheet of the set named by `set_code` (404 when the set does not score it)."""
    index_set = index_set_for_unit(unit, set_code)
    return entry_selectors.unit_sheet(index_set=index_set, unit=unit)


def sheet_page(
    request: HttpRequest,
    form_class: Callable[..., Form],
    *,
    sheet: entry_selectors.Sheet,
    state: Window,
) -> SheetPage[Form]:
    """On POST the form bound to what was sent (a 403 with the reason when the window is
    closed); else an empty form while the window is open, and none once it is closed."""
    if request.method == "POST":
        if not state.is_open:
            raise PermissionDenied(state.reason)
        return SheetPage(sheet, form_class(request.POST, request.FILES, sheet=sheet))
    return SheetPage(sheet, form_class(sheet=sheet) if state.is_open else None)


def is_valid_post(form: Form | None, request: HttpRequest) -> TypeGuard[Form]:
    """Whether a form was sent and is valid; an invalid one says what to correct."""
    if form is None or not form.is_bound:
        return False
    if form.is_valid():
        return True
    messages.error(request, _("Nothing was saved: please correct the marked leaves."))
    return False


def page_not_saved(
    request: HttpRequest, page: SheetPage[Form], error: WorkflowError
) -> SheetPage[Form]:
    """The page to show again after the service saved nothing, with the reason as a
    message. A refusal is a 403 with the reason."""
    if isinstance(error, Refused):
        raise PermissionDenied(error.message) from error
    assert page.form is not None, "only a sent form reaches a service"
    messages.error(request, error.message)
    if isinstance(error, Conflict):
        sheet = entry_selectors.unit_sheet(index_set=page.sheet.index_set, unit=page.sheet.unit)
        conflicts = {leaf.criterion_id: leaf for leaf in error.changed}
        form = rebind_after_conflict(type(page.form), request, sheet)
        return SheetPage(sheet, form, [], conflicts)
    if isinstance(error, Invalid):
        return SheetPage(page.sheet, page.form, error.problems)
    raise error


def rebind_after_conflict(
    form_class: Callable[..., Form], request: HttpRequest, sheet: entry_selectors.Sheet
) -> Form:
    """The user's values stay on the page; the versions become the current ones, so that
    saving again, after looking at the other person's values, is a deliberate choice."""
    data = request.POST.copy()
    fresh = form_class(sheet=sheet)
    data["versions"] = fresh.initial["versions"]
    return form_class(data, sheet=sheet)


def saved_message(
    request: HttpRequest, result: SaveResult, *, done: str = "", held_back: str = ""
) -> None:
    """One account of a save, never two that contradict each other: what changed, then
    what the action did beyond saving (`done`: submitted, sent, returned, final) or why it
    did not (`held_back`, a warning). "Nothing had changed." is said only when that is
    all there is to say: a submission that changed no score is still a submission."""
    if result.changed or result.uploaded:
        messages.success(
            request,
            _("Saved: %(leaves)s, %(files)s.")
            % {
                "leaves": ngettext(
                    "%(count)s leaf changed", "%(count)s leaves changed", len(result.changed)
                )
                % {"count": len(result.changed)},
                "files": ngettext(
                    "%(count)s file attached", "%(count)s files attached", result.uploaded
                )
                % {"count": result.uploaded},
            },
        )
    elif not (done or held_back):
        messages.info(request, _("Nothing had changed."))
    if held_back:
        messages.warning(request, held_back)
    elif done:
        messages.success(request, done)


def attach_fields(page: SheetPage) -> None:
    """Give each leaf line of the sheet its inputs, heading and conflict, if any (templates
    cannot look them up by id), rendered the fast way (assessments/sheet_parts.py)."""
    sheet_parts.attach_leaf_parts(page.sheet, page.form, page.conflicts)


def attach_totals(sheet: entry_selectors.Sheet, basis: str) -> scoring.Rollup:
    """Per-field subtotals and the total, rolled up by results.py from the sheet's rows
    (`results.sheet_rollup`: the scores are not read twice)."""
    rollup, _adjustments = results.sheet_rollup(sheet.index_set, sheet.unit.pk, sheet.rows, basis)
    for section in sheet.sections:
        section.subtotal = rollup.by_field.get(section.field.code)
    return rollup


def enterable_totals(sheet: entry_selectors.Sheet) -> scoring.Totals:
    """The self-scores of the leaves the unit can enter, out of their maximum
    (`counting.enterable_totals`), from the sheet's rows: no query."""
    groups = (
        scoring.Group(
            field_code=row.criterion.field_code,
            method=row.criterion.method,
            points=counting.counted_points(row, counting.SELF) or ZERO,
            max_points=row.criterion.max_points,
            leaves=1,
            kind=row.criterion.kind,
        )
        for row in sheet.rows
        if row.applicable
    )
    return counting.enterable_totals(groups, results.bounds_of(sheet.index_set))


def sheet_ctx(page: SheetPage, *, state: Window) -> dict[str, Any]:
    """What every sheet template reads; each view adds its own."""
    return {
        "sheet": page.sheet,
        "form": page.form,
        "state": state,
        "problems": page.problems,
        "conflicts": page.conflicts,
    }


def rules_for_script(unit: Unit, rows: Iterable[LeafRow]) -> dict[int, dict[str, Any]]:
    """What the form's preview script needs per leaf; a formula leaf gets the address
    where the server computes its points (the script never evaluates a formula)."""
    data = {}
    for row in rows:
        data[row.id] = rule_data(row.criterion)
        if data[row.id]["kind"] == "inputs":
            kwargs = {"unit_code": unit.code, "criterion_id": row.id}
            data[row.id]["preview_url"] = reverse("assessments:leaf-preview", kwargs=kwargs)
    return data
