"""Display helpers of the entry and appraisal pages."""

from django import template
from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indexes.rule_inputs import describe_input
from indexes.templatetags.number_tags import points

register = template.Library()


@register.simple_tag
def number_marks() -> str:
    """The active language's decimal and thousands marks as data attributes, so that the
    form's script writes live points exactly as the `points` filter writes saved ones."""
    return format_html(
        'data-decimal="{}" data-thousands="{}"',
        get_format("DECIMAL_SEPARATOR"),
        get_format("THOUSAND_SEPARATOR"),
    )


@register.filter
def input_text(self_input) -> str:
    """What the official entered, as they would say it: "95,5 %", "Done", "3 items"."""
    if isinstance(self_input, dict) and "points" in self_input:
        return ""  # typed points are shown as the score itself
    return describe_input(self_input)


@register.filter
def days_text(days: int | None) -> str:
    if days is None:
        return ""
    if days > 0:
        return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    if days == 0:
        return _("closes today")
    late = -days
    return ngettext("closed %(days)s day ago", "closed %(days)s days ago", late) % {"days": late}


@register.filter
def ratio(totals) -> str:
    """ "7,50 / 10,00" for a scoring.Totals."""
    if totals is None:
        return "—"
    return f"{points(totals.points)} / {points(totals.max_points)}"


@register.simple_tag
def evidence_list(evidence) -> str:
    """A leaf's documents, each a download link with its number, date, issuer and section
    (written in Python: the forms show it on every leaf line)."""
    if not evidence:
        return ""
    items = []
    for item in evidence:
        number = (
            format_html("{} {}", _("No."), item.document_number) if item.document_number else ""
        )
        date = date_format(item.document_date, "SHORT_DATE_FORMAT") if item.document_date else ""
        others = [text for text in (date, item.issuer, item.section) if text]
        items.append(
            format_html(
                '<li><a href="{}">{}</a>\n    <small>{}</small></li>',
                reverse("assessments:evidence-download", kwargs={"pk": item.pk}),
                item.original_name,
                format_html("{}{}", number, format_html_join("", " · {}", ((t,) for t in others))),
            )
        )
    return format_html(
        '<ul class="evidence-list">\n  {}\n</ul>',
        mark_safe("\n  ".join(items)),  # noqa: S308
    )
