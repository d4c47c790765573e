"""Access helpers of the cycle views: outsiders get 404, read-only users 403."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from assessments.membership import unit_takes_part
from assessments.services import rules
from indexes.models import Criterion, IndexSet
from units.models import Unit


def unit_or_404(user, unit_code: str) -> Unit:
    """The unit, if the user may see it: an official sees only their own unit."""
    unit = get_object_or_404(Unit, code=unit_code)
    if not rules.may_see_unit(user, unit):
        raise Http404
    return unit


def index_set_for_unit_or_404(unit: Unit, set_code: str) -> IndexSet:
    index_set = get_object_or_404(IndexSet, code=set_code)
    if not unit_takes_part(unit, index_set):
        raise Http404
    return index_set


def leaf_for_unit_or_404(unit: Unit, criterion_id: int) -> Criterion:
    criterion = get_object_or_404(
        Criterion.objects.select_related("index_set", "parent"), pk=criterion_id
    )
    if not criterion.method or not unit_takes_part(unit, criterion.index_set):
        raise Http404
    return criterion


def refused(request: HttpRequest, reason: str, *, back: str = "") -> HttpResponse:
    """403 with the reason in the user's language and a way back."""
    return render(request, "assessments/refused.html", {"reason": reason, "back": back}, status=403)
