"""One field of a set across every unit (e.g. administrative-procedure reform)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import FULL
from assessments import counting
from dashboards import charts
from dashboards.cache import fingerprint, language
from dashboards.selectors.field import FieldPayload, field_payload
from dashboards.tables import FieldTable
from dashboards.templatetags.dashboard_tags import in_language
from dashboards.views.common import (
    cached_fragment,
    chart_language,
    pct_chart_words,
    require_dashboard,
    sort_and_paginate,
    table_state,
    with_query,
)
from indexes.models import IndexSet

SORTABLE = {"rank", "unit_name", "points", "pct"}


@login_required
@require_safe
def field_view(request: HttpRequest, set_code: str, field_code: str) -> HttpResponse:
    require_dashboard(request, minimum=FULL)
    index_set = get_object_or_404(IndexSet, code=set_code)
    sort, page_number = table_state(request, SORTABLE)
    fp = fingerprint()
    key = fp.key(
        "field-html", set_ids=[index_set.pk], extra=[field_code, language(), sort, page_number]
    )

    def build() -> dict:
        payload = field_payload(index_set=index_set, field_code=field_code, fp=fp)
        if payload is None:
            raise Http404(_("The index set has no field %(code)s.") % {"code": field_code})
        return _context(clean, payload, sort, page_number)

    clean = with_query(request, {"sort": sort, "page": str(page_number)})
    main = cached_fragment(key, "dashboards/includes/field_main.html", build, clean)
    ctx = {
        "index_set": index_set,
        "field_code": field_code,
        "bases": [(index_set, counting.basis_for(index_set))],
        "main": main,
    }
    return render(request, "dashboards/field_view.html", ctx)


def _context(request: HttpRequest, payload: FieldPayload, sort: str, page: int) -> dict:
    year = payload.index_set.year
    table = FieldTable(
        payload.rows,
        year=year,
        criteria=payload.criteria,
        caption=_("%(field)s: units compared") % {"field": in_language(payload.field)},
    )
    table.request = request
    sort_and_paginate(table, sort=sort, page=page)
    shown = [row.record for row in table.page.object_list]
    return {
        "payload": payload,
        "table": table,
        "year": year,
        "chart": charts.against_targets_chart(
            names=[row.unit_name for row in shown],
            pcts=[row.pct for row in shown],
            targets=[None for _row in shown],
            reached=None,
            words=pct_chart_words(_("% of max on the field"), targets=False),
            language=chart_language(),
        ),
        "shown": shown,
    }
