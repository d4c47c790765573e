from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from indexes import selectors
from indexes.models import IndexSet


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
