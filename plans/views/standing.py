"""The mid-year standing: leaders read every unit's (most points at risk first) and one
unit's detail; an official reads their own unit's."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import access
from accounts.http import AuthenticatedHttpRequest
from indexes.models import IndexSet
from plans import library_standing
from plans.library_access import library_set_for_unit
from plans.library_selectors import year_being_run


@login_required
@require_safe
def standing_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Leaders land on every unit's standing of the year being run, an official on their
    unit's."""
    year = year_being_run(IndexSet.objects.only("year", "phase"), timezone.localdate())
    if year is None:
        raise Http404
    if access.may_read_every_standing(request.user):
        return redirect("plans:standing-list", year=year)
    unit = request.user.unit
    if unit is None:
        raise PermissionDenied(_("The standing is for leaders and the officials of a unit."))
    return redirect("plans:standing-unit", year=year, unit_code=unit.code)


@login_required
@require_safe
def standing_list(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    if not access.may_read_every_standing(request.user):
        raise PermissionDenied(_("Every unit's standing is for appraisers and leaders."))
    if not IndexSet.objects.filter(year=year).exists():
        raise Http404
    years = sorted(set(IndexSet.objects.values_list("year", flat=True)), reverse=True)
    ctx = {
        "year": year,
        "years": years,
        "standings": library_standing.year_standings(year=year),
    }
    return render(request, "plans/library/standing_list.html", ctx)


@login_required
@require_safe
def standing_unit(request: AuthenticatedHttpRequest, year: int, unit_code: str) -> HttpResponse:
    unit = access.unit_for_user(request.user, unit_code)
    index_set = library_set_for_unit(unit, year)
    [standing] = library_standing.set_standings(index_set=index_set, units=[unit])
    ctx = {
        "standing": standing,
        "unit": unit,
        "index_set": index_set,
        "may_read_every": access.may_read_every_standing(request.user),
        "may_keep": access.may_keep_library(request.user, unit.pk),
    }
    return render(request, "plans/library/standing_unit.html", ctx)
