"""The year dashboard (the leader's home page) and its printable annex."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import FULL, NONE, dashboard_access
from accounts.http import AuthenticatedHttpRequest
from dashboards import charts
from dashboards.annex import annex_header
from dashboards.cache import fingerprint, language
from dashboards.selectors.scope import Scope, all_index_sets, dashboard_scope
from dashboards.selectors.scorecard import set_for
from dashboards.selectors.year import YearPayload, year_payload
from dashboards.tables import RankingTable
from dashboards.templatetags.dashboard_tags import basis_label, class_label, in_language
from dashboards.views.common import (
    cached_fragment,
    chart_language,
    pct_chart_words,
    require_dashboard,
    sort_and_paginate,
    table_state,
    with_query,
)
from indexes.models import Phase

OPEN_PHASES = (Phase.SELF_ASSESSMENT, Phase.APPRAISAL, Phase.EXPLANATION)
SORTABLE = {
    "rank", "unit_name", "unit_kind", "points", "pct", "class_code", "commitment_status",
    "workflow", "method_appraisal", "method_survey", "method_other",
}  # fmt: skip


@login_required
@require_safe
def year_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    if dashboard_access(request.user) == NONE and request.user.unit_id:
        return _own_scorecard(request)
    access = require_dashboard(request, minimum="ranking")
    fp = fingerprint()
    scope = dashboard_scope(year=request.GET.get("year"), key=request.GET.get("scope"), fp=fp)
    if scope is None:
        return render(request, "dashboards/year_dashboard.html", {"scope": None})
    if scope.asked_for_unknown:
        text = _("There is no index set for that choice; showing %(year)s.")
        messages.warning(request, text % {"year": scope.year})
    sort, page = table_state(request, SORTABLE)
    own = request.user.unit_id if access != FULL else None
    key = fp.key(
        "year-html",
        set_ids=_involved(scope),
        workflow=True,
        extra=[scope.year, scope.key, language(), access, own, sort, page],
    )
    clean = with_query(request, {**scope.query(), "sort": sort, "page": str(page)})
    main = cached_fragment(
        key,
        "dashboards/includes/year_main.html",
        lambda: _main_context(clean, scope, year_payload(scope, fp), access, paginate=True),
        clean,
    )
    ctx = {"scope": scope, "main": main, "access": access}
    return render(request, "dashboards/year_dashboard.html", ctx)


@login_required
@require_safe
def ranking_print(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The ranking as the annex of a results decision: every unit, A4, with its charts."""
    access = require_dashboard(request, minimum="ranking")
    fp = fingerprint()
    scope = dashboard_scope(year=request.GET.get("year"), key=request.GET.get("scope"), fp=fp)
    if scope is None:
        return redirect("dashboards:year-dashboard")
    own = request.user.unit_id if access != FULL else None
    key = fp.key(
        "annex-html",
        set_ids=_involved(scope),
        workflow=True,
        extra=[scope.year, scope.key, language(), access, own],
    )
    main = cached_fragment(
        key,
        "dashboards/includes/annex_main.html",
        lambda: _printed(
            _main_context(request, scope, year_payload(scope, fp), access, paginate=False)
        ),
        request,
    )
    ctx = {"scope": scope, "main": main, "annex": annex_header(scope.index_sets)}
    return render(request, "dashboards/ranking_print.html", ctx)


def _printed(ctx: dict) -> dict:
    """The context with its charts laid out for the A4 page (readable labels)."""
    return {
        name: charts.for_print(value) if name.endswith("_chart") and value else value
        for name, value in ctx.items()
    }


def _own_scorecard(request: AuthenticatedHttpRequest) -> HttpResponse:
    unit = request.user.unit
    assert unit is not None  # the caller checked unit_id
    sets = all_index_sets(fingerprint())
    years = sorted({s.year for s in sets if set_for(unit, s.year, [s])}, reverse=True)
    if not years:
        return render(request, "dashboards/year_dashboard.html", {"scope": None})
    return redirect("dashboards:unit-scorecard", year=years[0], unit_code=unit.code)


def _involved(scope: Scope) -> set[int]:
    return set(scope.set_ids) | {s.pk for sets in scope.trend_sets().values() for s in sets}


def _main_context(
    request: AuthenticatedHttpRequest,
    scope: Scope,
    payload: YearPayload,
    access: str,
    *,
    paginate: bool,
) -> dict:
    targets = _common_targets(scope)
    table = RankingTable(
        payload.rows,
        year=scope.year,
        access=access,
        own_unit_id=request.user.unit_id,
        methods=list(payload.methods),
        targets=targets,
        caption=_("Ranking of %(count)s units, %(year)s")
        % {"count": len(payload.rows), "year": scope.year},
        orderable=paginate,
        show_workflow=_workflow_open(scope),
    )
    table.request = request
    if paginate:
        sort, page = table_state(request, SORTABLE)
        sort_and_paginate(table, sort=sort, page=page)
        shown = [row.record for row in table.page.object_list]
    else:
        shown = list(payload.rows)
    lang = chart_language()
    headline = payload.headline
    class_names = [class_label(c.label, c.label_en) for c in headline.classes]
    class_counts = [c.count for c in headline.classes]
    if headline.unclassified:
        class_names.append(_("Not classified"))
        class_counts.append(headline.unclassified)
    field_names = [f"{f.code}. {_short(in_language(f))}" for f in payload.fields]
    return {
        "scope": scope,
        "access": access,
        "full": access == FULL,
        "workflow_open": _workflow_open(scope),
        "payload": payload,
        "headline": headline,
        "classes": list(zip(class_names, class_counts, strict=True)),
        "table": table,
        "shown": shown,
        "field_names": field_names,
        "field_links": _field_links(scope, payload) if access == FULL else [],
        "heatmap_rows": [(row, [row.fields.get(f.code) for f in payload.fields]) for row in shown],
        "querystring": urlencode(scope.query()),
        "totals_chart": charts.totals_chart(
            units=[row.unit_name for row in shown],
            pcts=[row.pct for row in shown],
            targets=[row.target_pct for row in shown],
            reached=[row.all_targets_met if row.pct is not None else None for row in shown],
            words=pct_chart_words(_("Total against the target line")),
            language=lang,
        ),
        "heatmap_chart": charts.heatmap_chart(
            units=[row.unit_name for row in shown],
            fields=field_names,
            values=[[row.fields.get(f.code) for f in payload.fields] for row in shown],
            words={"title": _("% of max per field"), "scale": _("% of max")},
            language=lang,
        )
        if access == FULL
        else None,
        "distribution_chart": charts.distribution_chart(
            labels=class_names,
            counts=class_counts,
            words={"title": _("Units per classification"), "axis": _("Units")},
            language=lang,
        ),
        "trend_chart": charts.trend_chart(
            years=[_trend_label(point) for point in payload.trend],
            series=[
                (_("Average % of max"), [point.average_pct for point in payload.trend]),
                (_("Units meeting all targets (%)"), [p.meeting_all_pct for p in payload.trend]),
            ],
            words={"title": _("City-wide trend"), "axis": "%", "provisional": _("provisional")},
            language=lang,
            provisional=[point.provisional for point in payload.trend],
        ),
    }


def _field_links(scope: Scope, payload: YearPayload) -> list:
    """Per set of the scope, a link to each of its fields compared across units."""
    links = []
    for index_set in scope.index_sets:
        fields = payload.fields_by_set.get(index_set.pk, ())
        links.append(
            (
                ", ".join(index_set.unit_kind_labels()),
                [
                    (
                        f.code,
                        in_language(f),
                        reverse(
                            "dashboards:field-view",
                            kwargs={"set_code": index_set.code, "field_code": f.code},
                        ),
                    )
                    for f in fields
                ],
            )
        )
    return links


def _workflow_open(scope: Scope) -> bool:
    """Submission counts matter while units submit and appraisers appraise, not after."""
    return any(s.phase in OPEN_PHASES for s in scope.index_sets)


def _common_targets(scope: Scope) -> dict:
    """The targets for the column headers, when every set of the scope has the same ones."""
    per_set = [{t.method: t.pct for t in s.targets.all()} for s in scope.index_sets]
    return per_set[0] if per_set and all(t == per_set[0] for t in per_set) else {}


def _trend_label(point) -> str:
    """The year, and which scores count where they are not yet the final ones."""
    if point.bases == ("final",) or not point.bases:
        return str(point.year)
    return f"{point.year} ({', '.join(basis_label(b) for b in point.bases).lower()})"


def _short(text: str, length: int = 28) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
