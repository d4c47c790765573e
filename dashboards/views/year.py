"""The year dashboard (the leader's home page) and its printable annex."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import FULL, NONE, dashboard_access
from accounts.http import AuthenticatedHttpRequest
from accounts.services import user_remember_dashboard
from dashboards import charts
from dashboards.annex import annex_header
from dashboards.cache import Fingerprint, fingerprint, language
from dashboards.selectors.scope import Scope, all_index_sets, dashboard_scope, is_judged
from dashboards.selectors.scorecard import set_for
from dashboards.selectors.year import SetSection, YearPayload, year_payload
from dashboards.tables import ProgressTable, RankingTable
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
from indexes.models import IndexSet

SORTABLE = {
    "rank", "unit_name", "unit_kind", "points", "pct", "class_code", "commitment_status",
    "method_appraisal", "method_survey", "method_other",
}  # fmt: skip
PROGRESS_SORTABLE = {"unit_name", "unit_kind", "points", "commitment_status", "workflow"}
YEAR_MAIN = "dashboards/includes/year_main.html"


@login_required
@require_safe
def year_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    if dashboard_access(request.user) == NONE and request.user.unit_id:
        return _own_scorecard(request)
    access = require_dashboard(request, minimum="ranking")
    fp = fingerprint()
    year, key, explicit = _asked(request)
    scope = dashboard_scope(year=year, key=key, fp=fp)
    if scope is None:
        return render(request, "dashboards/year_dashboard.html", {"scope": None})
    if scope.asked_for_unknown and explicit:
        text = _("There is no index set for that choice; showing %(year)s.")
        messages.warning(request, text % {"year": scope.year})
    elif explicit:
        user_remember_dashboard(user=request.user, year=scope.year, scope=scope.key)
    states = _table_states(request, scope)
    own = request.user.unit_id if access != FULL else None
    key = fp.key(
        "year-html",
        set_ids=_involved(scope),
        workflow=True,
        extra=[scope.year, scope.key, language(), access, own, states],
    )
    clean = _clean_request(request, scope, states)
    main = cached_fragment(
        key,
        YEAR_MAIN,
        lambda: _main_context(
            clean, scope, year_payload(scope, fp), access, request.user.unit_id, states=states
        ),
        clean,
    )
    ctx = {"scope": scope, "main": main, "access": access, "round": _other_round(scope)}
    return render(request, "dashboards/year_dashboard.html", ctx)


def render_year_page(scope: Scope, fp: Fingerprint) -> str:
    """The leader's page of `scope` as first opened (default sorts, first pages), rendered
    here and now, not read from the shared cache: for a server process that starts
    (dashboards/warmup.py), so that it holds the page's lines (dashboards/fragments.py)
    and its compiled templates. Without them, the first request after a save that reached
    a process which had only read the page from the shared cache rendered all of its 220
    lines: 40 ms more, measured on the province."""
    request = HttpRequest()
    request.method = "GET"
    request.user = AnonymousUser()  # read by the context processors only
    states = _table_states(request, scope)
    clean = _clean_request(request, scope, states)
    context = _main_context(clean, scope, year_payload(scope, fp), FULL, None, states=states)
    return render_to_string(YEAR_MAIN, context, request=clean)


def _clean_request(
    request: HttpRequest, scope: Scope, states: list[tuple[str, int]]
) -> HttpRequest:
    """The request the page's fragment is rendered with: only the scope and table states
    (see with_query)."""
    params = {**scope.query()}
    for prefix, (sort, page) in zip(_prefixes(scope), states, strict=True):
        params.update({f"{prefix}sort": sort, f"{prefix}page": str(page)})
    return with_query(request, params)


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
            _main_context(
                request, scope, year_payload(scope, fp), access, request.user.unit_id, states=None
            )
        ),
        request,
    )
    ctx = {"scope": scope, "main": main, "annex": annex_header(scope.index_sets)}
    return render(request, "dashboards/ranking_print.html", ctx)


def _printed(ctx: dict) -> dict:
    """The context with its charts, the year's and each set's, laid out for the A4 page
    (readable labels)."""
    printed = {
        name: charts.for_print(value) if name.endswith("_chart") and value else value
        for name, value in ctx.items()
    }
    if "sections" in ctx:
        printed["sections"] = [_printed(section) for section in ctx["sections"]]
    return printed


def _asked(request: AuthenticatedHttpRequest) -> tuple[str | None, str | None, bool]:
    """The year and units the request asks for, and whether it asks (else the user's
    last choice, else none: the landing year)."""
    year, key = request.GET.get("year"), request.GET.get("scope")
    if year or key:
        return year, key, True
    user = request.user
    if user.dashboard_year is not None:
        return str(user.dashboard_year), user.dashboard_scope, False
    return None, None, False


def _other_round(scope: Scope) -> dict | None:
    """The banner that leads from the results to the round under way, or back."""
    open_year, published = scope.open_year, scope.published_year
    if open_year is not None and open_year != scope.year:
        return {"open": True, "year": open_year, "query": urlencode({"year": open_year})}
    if published is not None and published != scope.year and not scope.results_published:
        return {"open": False, "year": published, "query": urlencode({"year": published})}
    return None


def _prefixes(scope: Scope) -> list[str]:
    """Each ranking's query prefix: none for the first (the links people already have),
    then s2-, s3-, ..."""
    return ["" if n == 0 else f"s{n + 1}-" for n in range(len(scope.index_sets))]


def _table_states(request: HttpRequest, scope: Scope) -> list[tuple[str, int]]:
    return [
        table_state(request, SORTABLE, prefix=prefix)
        if is_judged(index_set)
        else table_state(request, PROGRESS_SORTABLE, prefix=prefix, default="")
        for prefix, index_set in zip(_prefixes(scope), scope.index_sets, strict=True)
    ]


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
    request: HttpRequest,
    scope: Scope,
    payload: YearPayload,
    access: str,
    own_unit_id: int | None,
    *,
    states: list[tuple[str, int]] | None,
) -> dict:
    """The page's (or, without table states, the annex's) context: year-wide figures and
    one section per set, each with its own ranking, classes and charts; the line of
    `own_unit_id` (the reader's unit, if any) is marked."""
    lang = chart_language()
    sections = [
        _section_context(
            request, scope, index_set, section, access, own_unit_id,
            prefix=prefix, state=states[n] if states is not None else None,
            suffix="" if n == 0 else f"-{n + 1}", language=lang,
        )
        for n, (prefix, index_set, section) in enumerate(
            zip(_prefixes(scope), scope.index_sets, payload.sections, strict=True)
        )
    ]  # fmt: skip
    return {
        "scope": scope,
        "access": access,
        "full": access == FULL,
        "judged": all(is_judged(s) for s in scope.index_sets),
        "under_way": any(not is_judged(s) for s in scope.index_sets),
        "payload": payload,
        "headline": payload.headline,
        "sections": sections,
        "several": len(sections) > 1,
        "querystring": urlencode(scope.query()),
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


def _section_context(
    request: HttpRequest,
    scope: Scope,
    index_set: IndexSet,
    section: SetSection,
    access: str,
    own_unit_id: int | None,
    *,
    prefix: str,
    state: tuple[str, int] | None,
    suffix: str,
    language: str,
) -> dict:
    """One set's part of the page: judged (ranks, met or missed, classes) once its
    results are published, else the round's progress."""
    judged = is_judged(index_set)
    label = ", ".join(index_set.unit_kind_labels())
    count = {"count": len(section.rows), "year": scope.year, "units": label}
    table: RankingTable | ProgressTable
    if judged:
        table = RankingTable(
            section.rows,
            year=scope.year,
            access=access,
            own_unit_id=own_unit_id,
            methods=list(section.methods),
            targets={t.method: t.pct for t in index_set.targets.all()},
            caption=_("Ranking of %(count)s units, %(year)s: %(units)s") % count,
            orderable=state is not None,
            show_workflow=False,
            prefix=prefix,
        )
    else:
        table = ProgressTable(
            section.rows,
            year=scope.year,
            access=access,
            own_unit_id=own_unit_id,
            caption=_("Progress of %(count)s units, %(year)s: %(units)s") % count,
            orderable=state is not None,
            prefix=prefix,
        )
    table.request = request
    if state is not None:
        sort_and_paginate(table, sort=state[0], page=state[1])
        shown = [row.record for row in table.page.object_list]
    elif judged:
        shown = list(section.rows)
    else:
        shown = sorted(section.rows, key=lambda row: (row.unit_order, row.unit_name))
    headline = section.headline
    class_names = [class_label(c.label, c.label_en) for c in headline.classes]
    class_counts = [c.count for c in headline.classes]
    if headline.unclassified:
        class_names.append(_("Not classified"))
        class_counts.append(headline.unclassified)
    field_names = [f"{f.code}. {_short(in_language(f))}" for f in section.fields]
    ctx = {
        "index_set": index_set,
        "label": label,
        "judged": judged,
        "suffix": suffix,
        "own_unit_id": own_unit_id,
        "headline": headline,
        "table": table,
        "shown": shown,
        "at_risk": section.at_risk,
        "methods": section.methods,
        "classes": list(zip(class_names, class_counts, strict=True)),
        "classes_held": [(n, c) for n, c in zip(class_names, class_counts, strict=True) if c],
        "field_names": field_names,
        "field_links": _field_links(index_set, section) if access == FULL else [],
        "field_codes": tuple(f.code for f in section.fields),
    }
    if not judged:
        return ctx
    return {
        **ctx,
        "totals_chart": charts.totals_chart(
            units=[row.unit_name for row in shown],
            pcts=[row.pct for row in shown],
            targets=[row.target_pct for row in shown],
            reached=[row.all_targets_met if row.pct is not None else None for row in shown],
            words=pct_chart_words(_("Total against the target line")),
            language=language,
        ),
        "heatmap_chart": charts.heatmap_chart(
            units=[row.unit_name for row in shown],
            fields=field_names,
            values=[[row.fields.get(f.code) for f in section.fields] for row in shown],
            words={"title": _("% of max per field"), "scale": _("% of max")},
            language=language,
        )
        if access == FULL
        else None,
        "distribution_chart": charts.distribution_chart(
            labels=class_names,
            counts=class_counts,
            words={"title": _("Units per classification"), "axis": _("Units")},
            language=language,
        ),
    }


def _field_links(index_set: IndexSet, section: SetSection) -> list:
    """A link to each of the set's fields compared across its units."""
    return [
        (
            f.code,
            in_language(f),
            reverse(
                "dashboards:field-view",
                kwargs={"set_code": index_set.code, "field_code": f.code},
            ),
        )
        for f in section.fields
    ]


def _trend_label(point) -> str:
    """The year, and which scores count where they are not yet the final ones."""
    if point.bases == ("final",) or not point.bases:
        return str(point.year)
    return f"{point.year} ({', '.join(basis_label(b) for b in point.bases).lower()})"


def _short(text: str, length: int = 28) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
