"""Labels shared by the dashboards' templates, tables and exports (numbers: number_tags)."""

from django import template
from django.db.models import TextChoices
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments import counting
from assessments.models import AssessmentStatus
from indexes.models import Method
from units.models import UnitKind

register = template.Library()


@register.filter
def status_text(reached: bool | None) -> str:
    if reached is None:
        return _("No data")
    return _("Met") if reached else _("Missed")


@register.filter
def status_badge(reached: bool | None) -> SafeString:
    """Met / missed as a coloured badge that also says it in words (and with a sign)."""
    css = "status-none" if reached is None else "status-met" if reached else "status-missed"
    sign = "–" if reached is None else "✓" if reached else "✗"
    return format_html(
        '<span class="badge {}"><span aria-hidden="true">{} </span>{}</span>',
        css,
        sign,
        status_text(reached),
    )


def _label_of(choices: type[TextChoices], value: str) -> str:
    """The label of `value` among `choices`, in the page's language; an unknown value as is."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@register.filter
def method_label(method: str) -> str:
    return _label_of(Method, method)


@register.filter
def kind_label(kind: str) -> str:
    return _label_of(UnitKind, kind)


def english() -> bool:
    return (get_language() or "vi").startswith("en")


@register.simple_tag
def class_label(label: str, label_en: str = "") -> str:
    return label_en if english() and label_en else label


@register.filter
def in_language(obj) -> str:
    """An object's `name`, or its `name_en` when the page is in English and it has one."""
    name_en = getattr(obj, "name_en", "")
    return name_en if english() and name_en else getattr(obj, "name", str(obj))


@register.filter
def workflow_label(status: str) -> str:
    return _label_of(AssessmentStatus, status)


@register.filter
def basis_label(basis: str) -> str:
    return str(counting.LABELS.get(basis, basis))


@register.filter
def basis_help(basis: str) -> str:
    helps = {
        "self": _("the units' own scores: appraisal has not started"),
        "appraised": _("the appraisers' scores, or the unit's own where there is none yet"),
        "final": _("the published results"),
    }
    return helps.get(basis, "")


@register.simple_tag
def scorecard_url(year: int, unit_code: str) -> str:
    return reverse("dashboards:unit-scorecard", kwargs={"year": year, "unit_code": unit_code})


@register.simple_tag
def score_detail_url(unit_code: str, criterion_id: int) -> str:
    """The leaf's detail page (score, evidence, explanation, comment, history), if any."""
    try:
        return reverse(
            "assessments:score-detail",
            kwargs={"unit_code": unit_code, "criterion_id": criterion_id},
        )
    except NoReverseMatch:
        return ""


@register.filter
def commitment_label(status: str) -> str:
    from commitments.selectors import status_label

    try:
        return status_label(status)
    except KeyError:
        return status


@register.simple_tag(takes_context=True)
def table_body(context, table) -> SafeString:
    """A django-tables2 table's body rows, rendered in one pass (dashboards/table_body.py)."""
    from dashboards.table_body import table_body as rows_html

    return rows_html(table, context)


# The year dashboard's lines per unit, written and kept by dashboards/section_html.py.


@register.simple_tag
def unit_cards(section: dict, *, full: bool, year: int) -> SafeString:
    from dashboards import section_html

    return section_html.unit_cards(section, full=full, year=year)


@register.simple_tag
def at_risk_items(items, *, year: int) -> SafeString:
    from dashboards import section_html

    return section_html.at_risk_items(items, year=year)


@register.simple_tag
def totals_rows(shown) -> SafeString:
    from dashboards import section_html

    return section_html.totals_rows(shown)


@register.simple_tag
def heatmap_rows(shown, field_codes) -> SafeString:
    from dashboards import section_html

    return section_html.heatmap_rows(shown, field_codes)
