"""The kinds of notification and their texts, in both languages.

A notification stores its kind and plain parameters; its title and body are rendered
from here at display or send time, in the reader's language, so a text fixed later
reaches old notifications too. A parameter `x` may come with `x_en`, its English form
(an index set's English name), used when the reader reads English.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise  # what the preferences page calls it
    title: Promise
    body: Promise


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind(
            "window_opened",
            _("Self-assessment window opens"),
            _("The self-assessment of %(set)s is open"),
            _("Your unit can enter its self-scores and evidence for %(set)s until %(closes)s."),
        ),
        Kind(
            "window_closing",
            _("Self-assessment window closing"),
            _("Days left to submit %(set)s: %(days)s"),
            _(
                "The self-assessment of %(set)s closes on %(closes)s and %(unit)s has not "
                "submitted it yet."
            ),
        ),
        Kind(
            "submission_received",
            _("Self-assessment submitted"),
            _("%(unit)s submitted its self-assessment"),
            _("%(unit)s submitted its self-assessment of %(set)s: it is ready for appraisal."),
        ),
        Kind(
            "items_returned",
            _("Items returned for explanation"),
            ngettext_lazy(
                "%(count)s item returned to %(unit)s",
                "%(count)s items returned to %(unit)s",
                "count",
            ),
            ngettext_lazy(
                "The appraisers returned %(count)s item of %(set)s for explanation (%(codes)s). "
                "Explain it until %(closes)s.",
                "The appraisers returned %(count)s items of %(set)s for explanation (%(codes)s). "
                "Explain them until %(closes)s.",
                "count",
            ),
        ),
        Kind(
            "explanation_answered",
            _("Explanation answered"),
            _("%(unit)s answered the returned items"),
            _("%(unit)s sent its explanation of the items returned on %(set)s."),
        ),
        Kind(
            "unit_finalised",
            _("Appraisal finalised"),
            _("The appraisal of %(unit)s is final"),
            _("The appraisers finalised the appraisal of %(unit)s on %(set)s."),
        ),
        Kind(
            "results_published",
            _("Results published"),
            _("The results of %(set)s are published"),
            _("The results, ranking and classification of %(set)s are published."),
        ),
        Kind(
            "commitment_drafted",
            _("Commitment waiting to be signed"),
            _("The %(year)s commitment of %(unit)s waits to be signed"),
            _(
                "A draft commitment to the %(year)s targets was drawn up for %(unit)s: "
                "sign it and upload the signed copy."
            ),
        ),
        Kind(
            "plan_task_due",
            _("Improvement plan task due soon"),
            _("Days left for a plan task: %(days)s"),
            _(
                'The task "%(task)s" of the %(year)s improvement plan is due on '
                "%(deadline)s and is not reported done yet."
            ),
        ),
        Kind(
            "plan_task_overdue",
            _("Improvement plan task overdue"),
            _("A plan task is overdue"),
            _(
                'The task "%(task)s" of the %(year)s improvement plan was due on '
                "%(deadline)s and is not reported done."
            ),
        ),
        Kind(
            "quarterly_report_due",
            _("Progress report due"),
            _("Progress report due for %(period)s"),
            _(
                'Report the progress of the task "%(task)s" for %(period)s by %(due)s '
                "(%(days)s days left)."
            ),
        ),
        Kind(
            "weekly_digest",
            _("Weekly digest for leaders"),
            _("The week in the %(year)s index"),
            _(
                "Submitted: %(submitted)s of %(units)s units (%(submitted_this_week)s this "
                "week). Overdue: %(overdue)s units. At risk of missing a target: %(at_risk)s "
                "units."
            ),
        ),
    )
}


# Parameters stored as ISO dates, shown in the reader's date format.
DATE_PARAMS = {"closes", "deadline", "due"}


def _params_in_language(params: dict[str, Any]) -> dict[str, Any]:
    english = (get_language() or "").startswith("en")
    shown = {}
    for name, value in params.items():
        if name.endswith("_en"):
            continue
        localised = params.get(f"{name}_en") if english else None
        shown[name] = localised or value
        if name in DATE_PARAMS and isinstance(value, str) and value:
            shown[name] = formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    return shown


def render_text(template: Promise, params: dict[str, Any]) -> str:
    """A kind's text with its parameters, in the active language."""
    try:
        # `%` on the lazy text itself: a plural text picks its form from the `count` parameter.
        return str(template % _params_in_language(params))
    except (KeyError, TypeError, ValueError):
        # A notification from before a text changed its parameters: the text as it is.
        return str(template)
