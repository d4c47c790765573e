"""Display helpers of the entry and appraisal pages."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indexes.rule_inputs import describe_input
from indexes.templatetags.number_tags import points

register = template.Library()


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
