from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from indexes import selectors
from indexes.models import IndexSet, Unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    ctx = {
        "index_sets": selectors.index_set_list(),
        "units": selectors.unit_list(),
    }
    return render(request, "indexes/home.html", ctx)


@login_required
def index_set_detail(request: HttpRequest, code: str) -> HttpResponse:
    index_set = get_object_or_404(IndexSet.objects.prefetch_related("targets", "thresholds"), code=code)
    ctx = {
        "index_set": index_set,
        "nodes": selectors.criterion_tree(index_set=index_set),
        "problems": selectors.index_set_tree_problems(index_set=index_set),
    }
    return render(request, "indexes/index_set_detail.html", ctx)


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(
        Unit.objects.select_related("parent").prefetch_related("predecessors", "successors"),
        code=code,
    )
    return render(request, "indexes/unit_detail.html", {"unit": unit})
