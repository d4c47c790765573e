"""What the officials' and appraisers' sheet forms do with a POST: refuse when the window
is closed, validate, save through a service, and say what happened."""

from collections.abc import Callable
from typing import Generic, NamedTuple, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import entry_selectors
from assessments.entry_forms import LeafForm
from assessments.services.common import ChangedLeaf, Conflict, Invalid, Refused
from assessments.services.entry import SaveResult
from assessments.services.rules import Window

Form = TypeVar("Form", bound=LeafForm)


class SheetPage(NamedTuple, Generic[Form]):
    """What a sheet page shows again when nothing was saved."""

    sheet: entry_selectors.Sheet
    form: Form
    problems: list[str]
    conflicts: dict[int, ChangedLeaf]


def sheet_post(
    request: HttpRequest,
    *,
    state: Window,
    form: Form,
    save: Callable[[Form], SaveResult],
    saved: Callable[[Form, SaveResult], HttpResponse],
) -> HttpResponse | SheetPage[Form]:
    """Save a bound sheet form with `save`; on success say what changed and return the
    response of `saved` (its own messages and redirect), or the page to render again with
    the problems or conflicts. A closed window or a refused save is a 403 with the reason."""
    if not state.is_open:
        raise PermissionDenied(state.reason)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: please correct the marked leaves."))
        return SheetPage(form.sheet, form, [], {})
    try:
        result = save(form)
    except Refused as error:
        raise PermissionDenied(error.message) from error
    except Conflict as conflict:
        messages.error(request, conflict.message)
        sheet = entry_selectors.unit_sheet(index_set=form.sheet.index_set, unit=form.sheet.unit)
        conflicts = {leaf.criterion_id: leaf for leaf in conflict.changed}
        return SheetPage(sheet, rebind_after_conflict(type(form), request, sheet), [], conflicts)
    except Invalid as error:
        messages.error(request, error.message)
        return SheetPage(form.sheet, form, error.problems, {})
    saved_message(request, result)
    return saved(form, result)


def rebind_after_conflict(
    form_class: Callable[..., Form], request: HttpRequest, sheet: entry_selectors.Sheet
) -> Form:
    """The user's values stay on the page; the versions become the current ones, so that
    saving again, after looking at the other person's values, is a deliberate choice."""
    data = request.POST.copy()
    fresh = form_class(sheet=sheet)
    data["versions"] = fresh.initial["versions"]
    return form_class(data, sheet=sheet)


def saved_message(request: HttpRequest, result: SaveResult) -> None:
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
    else:
        messages.info(request, _("Nothing had changed."))
