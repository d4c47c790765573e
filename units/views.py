from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from units.models import Unit


@login_required
@require_safe
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(
        Unit.objects.select_related("parent").prefetch_related("predecessors", "successors"),
        code=code,
    )
    return render(request, "units/unit_detail.html", {"unit": unit})
