from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from indexes import selectors
from indexes.models import IndexSet, Unit


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts where its work is; the overview is the fallback for everyone."""
    destination = role_home_url(request.user)
    if destination:
        return redirect(destination)
    return overview(request)


def role_home_url(user) -> str | None:
    """Where a role's work starts, once that role has pages of its own."""
    if user.is_official:
        return reverse("indexes:official-board")
    if user.is_appraiser:
        return reverse("indexes:appraisal-board")
    if user.is_leader:
        return reverse("dashboards:year-dashboard")
    return None


@login_required
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    ctx = {
        "index_sets": selectors.index_set_list(),
        "units": selectors.unit_list(),
    }
    return render(request, "indexes/home.html", ctx)


@login_required
@require_safe
def index_set_detail(request: HttpRequest, code: str) -> HttpResponse:
    index_set = get_object_or_404(
        IndexSet.objects.prefetch_related("targets", "thresholds"), code=code
    )
    nodes = selectors.criterion_tree(index_set=index_set)
    ctx = {"index_set": index_set, "nodes": nodes, "problems": selectors.tree_problems(nodes)}
    return render(request, "indexes/index_set_detail.html", ctx)


@login_required
@require_safe
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(
        Unit.objects.select_related("parent").prefetch_related("predecessors", "successors"),
        code=code,
    )
    return render(request, "indexes/unit_detail.html", {"unit": unit})
