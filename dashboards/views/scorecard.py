"""A unit's scorecard for one year."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import FULL, dashboard_access, may_see_scorecard
from accounts.http import AuthenticatedHttpRequest
from assessments import counting
from dashboards import charts
from dashboards.cache import cached_small, fingerprint, language
from dashboards.selectors.scope import all_index_sets
from dashboards.selectors.scorecard import (
    Scorecard,
    lineage,
    set_for,
    trend_sets_for,
)
from dashboards.selectors.scorecard import (
    unit_scorecard as scorecard_of,
)
from dashboards.templatetags.dashboard_tags import basis_label, in_language, method_label
from dashboards.views.common import cached_fragment, chart_language, pct_chart_words
from units.models import Unit


@login_required
@require_safe
def unit_scorecard(request: AuthenticatedHttpRequest, year: int, unit_code: str) -> HttpResponse:
    fp = fingerprint()
    unit = cached_small(fp.key("unit", set_ids=[], extra=[unit_code]), lambda: _unit(unit_code))
    if unit is None:
        raise Http404(_("There is no unit with that code."))
    access = dashboard_access(request.user)
    _check_access(request, unit)
    all_sets = all_index_sets(fp)
    index_set = set_for(unit, year, all_sets)
    if index_set is None:
        raise Http404(_("No index set scores this unit in %(year)s.") % {"year": year})
    units = cached_small(fp.key("lineage", set_ids=[], extra=[unit.pk]), lambda: lineage(unit))
    trend_sets = trend_sets_for(units, all_sets)
    key = fp.key(
        "card-html",
        set_ids=[s.pk for s in trend_sets],
        workflow=True,
        extra=[index_set.pk, language(), access, *(u.pk for u in units)],
    )

    def build() -> dict:
        card = scorecard_of(
            unit=unit, index_set=index_set, lineage_units=units, trend_sets=trend_sets, fp=fp
        )
        if card is None:
            raise Http404(_("No index set scores this unit in %(year)s.") % {"year": year})
        return {
            **_context(card, access),
            "unit": unit,
            "index_set": index_set,
            "bases": [(index_set, counting.basis_for(index_set))],
            "years": sorted({s.year for s in all_sets if set_for(unit, s.year, [s])}, reverse=True),
        }

    main = cached_fragment(key, "dashboards/includes/scorecard_main.html", build, request)
    ctx = {"unit": unit, "year": year, "main": main}
    return render(request, "dashboards/unit_scorecard.html", ctx)


def _unit(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).first()


def _check_access(request: AuthenticatedHttpRequest, unit: Unit) -> None:
    """Full access sees every unit; an official sees their unit and the units it continues
    (the lineage query only when the cheap check says no)."""
    user = request.user
    if may_see_scorecard(user, unit.pk):
        return
    continued = [u.pk for u in lineage(user.unit)] if user.unit is not None else []
    if not may_see_scorecard(user, unit.pk, continued):
        raise PermissionDenied(_("You can only see your own unit's scorecard."))


def _context(card: Scorecard, access: str) -> dict:
    lang = chart_language()
    methods = list(card.row.methods.values())
    trend_units = []
    for entry in card.trend:
        if entry.unit_name not in trend_units:
            trend_units.append(entry.unit_name)
    years = sorted({entry.year for entry in card.trend})
    provisional = {entry.year for entry in card.trend if entry.provisional}
    bases = {entry.year: entry.basis for entry in card.trend}
    series = [
        (
            name,
            [
                next((e.pct for e in card.trend if e.year == y and e.unit_name == name), None)
                for y in years
            ],
        )
        for name in trend_units
    ]
    return {
        "card": card,
        "row": card.row,
        "full": access == FULL,
        "year": card.index_set.year,
        "methods_chart": charts.against_targets_chart(
            names=[method_label(cell.method) for cell in methods],
            pcts=[cell.pct for cell in methods],
            targets=[
                max(t for t in (cell.target_pct, cell.committed_pct) if t is not None)
                if cell.target_pct is not None or cell.committed_pct is not None
                else None
                for cell in methods
            ],
            reached=[cell.reached for cell in methods],
            words=pct_chart_words(_("Methods against their targets")),
            language=lang,
        ),
        "fields_chart": charts.against_targets_chart(
            names=[f"{line.info.code}. {in_language(line.info)[:40]}" for line in card.fields],
            pcts=[line.totals.pct for line in card.fields],
            targets=[None for _line in card.fields],
            reached=None,
            words=pct_chart_words(_("% of max per field"), targets=False),
            language=lang,
        ),
        "trend_chart": charts.trend_chart(
            years=[_year_label(y, bases[y], y in provisional) for y in years],
            series=series,
            words={
                "title": _("Trend over the years"),
                "axis": _("% of max"),
                "provisional": _("provisional"),
            },
            language=lang,
            provisional=[y in provisional for y in years],
        ),
    }


def _year_label(year: int, basis: str, provisional: bool) -> str:
    """The year, and which scores count where they are not yet the final ones."""
    return f"{year} ({basis_label(basis).lower()})" if provisional else str(year)
