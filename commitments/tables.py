"""Presentation of the commitment, award and initiative lists (django-tables2).

Fed with lists built by selectors.py, so rendering never queries.
"""

import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from commitments.selectors import CommitmentRow, status_label
from indexes.models import Method
from indexes.templatetags.number_tags import pct

ATTRS = {"class": "data"}


class MethodColumn(tables.Column):
    """A method's committed target and, once published, the unit's result against it."""

    def __init__(self, method: str, **kwargs) -> None:
        self.method = method
        super().__init__(
            accessor="targets",
            verbose_name=dict(Method.choices)[method],
            orderable=False,
            attrs={"td": {"class": "num"}, "th": {"class": "num"}},
            empty_values=(),
            **kwargs,
        )

    def render(self, record: CommitmentRow) -> str:
        target = record.targets.get(self.method)
        if target is None:
            return "—"
        stricter = self.method in record.stricter_methods
        committed = format_html(
            '<span class="{}" title="{}">≥ {}</span>',
            "target stricter" if stricter else "target",
            _("stricter than the year's target") if stricter else "",
            pct(target),
        )
        result = record.results.get(self.method)
        if result is None or result.actual_pct is None:
            return committed
        # Told by a sign (and the word for screen readers and on hover), not by colour
        # alone (WCAG 1.4.1); the word stays out of sight to keep the column narrow.
        status = "met" if result.met else "missed"
        return format_html(
            '{}<br><span class="actual {}" title="{}"><span aria-hidden="true">{}</span> {}'
            '<span class="visually-hidden"> ({})</span></span>',
            committed,
            status,
            status_label(status),
            "✓" if result.met else "✗",
            pct(result.actual_pct),
            status_label(status),
        )


class CommitmentRowTable(tables.Table):
    unit = tables.Column(verbose_name=_("Unit"), accessor="unit__name", orderable=False)
    kind = tables.Column(verbose_name=_("Kind"), accessor="unit", orderable=False)
    signer = tables.Column(
        verbose_name=_("Signed by"), accessor="commitment", orderable=False, empty_values=()
    )
    signed_on = tables.Column(
        verbose_name=_("Signing date"), accessor="commitment", orderable=False, empty_values=()
    )
    appraisal = MethodColumn("appraisal")
    survey = MethodColumn("survey")
    other = MethodColumn("other")
    status = tables.Column(verbose_name=_("Status"), orderable=False, empty_values=())
    open = tables.Column(verbose_name="", accessor="url", orderable=False, empty_values=())

    class Meta:
        attrs = {**ATTRS, "class": "data commitments"}
        row_attrs = {"data-status": lambda record: record.status}
        template_name = "django_tables2/table.html"
        empty_text = _("Nothing recorded yet.")

    def render_unit(self, value: str, record: CommitmentRow) -> str:
        return format_html(
            '<a href="{}" title="{}">{}</a>',
            record.scorecard_url,
            _("Scorecard of the unit"),
            value,
        )

    def render_kind(self, value) -> str:
        return value.get_kind_display()

    def render_signer(self, value) -> str:
        if value is None or not value.signer_name:
            return "—"
        return format_html("{}<br><small>{}</small>", value.signer_name, value.signer_title)

    def render_signed_on(self, value) -> str:
        if value is None or value.signed_on is None:
            return "—"
        return date_format(value.signed_on, "SHORT_DATE_FORMAT")

    def render_status(self, record: CommitmentRow) -> str:
        return format_html(
            '<span class="badge status-{}">{}</span>', record.status, record.status_label
        )

    def render_open(self, value: str | None) -> str:
        if not value:
            return ""
        return format_html('<a href="{}">{}</a>', value, _("Open"))


class YearListTable(tables.Table):
    """A list of things recorded by year (awards, initiatives): the year first."""

    year = tables.Column(verbose_name=_("Year"), orderable=False)

    class Meta:
        attrs = ATTRS
        template_name = "django_tables2/table.html"
        empty_text = _("Nothing recorded yet.")

    def render_year(self, value: int) -> str:
        return str(value)  # not "2.022": a year takes no thousands separator


class AwardTable(YearListTable):
    kind = tables.Column(verbose_name=_("Recipient"), orderable=False)
    recipient = tables.Column(verbose_name=_("Awarded to"), accessor="pk", orderable=False)
    unit = tables.Column(verbose_name=_("Unit"), accessor="unit__name", orderable=False)
    decision = tables.Column(
        verbose_name=_("Decision"), accessor="decision_number", orderable=False
    )
    reason = tables.Column(verbose_name=_("Reason"), orderable=False)

    class Meta(YearListTable.Meta):
        pass

    def render_recipient(self, record) -> str:
        if record.person_name:
            return format_html("{}<br><small>{}</small>", record.person_name, record.person_title)
        return record.unit.name

    def render_decision(self, value: str, record) -> str:
        return format_html(
            "{}<br><small>{}</small>", value, date_format(record.decision_date, "SHORT_DATE_FORMAT")
        )


class InitiativeTable(YearListTable):
    title = tables.Column(verbose_name=_("Initiative or model"), orderable=False)
    unit = tables.Column(verbose_name=_("Unit"), accessor="unit__name", orderable=False)
    applied_on = tables.Column(verbose_name=_("Applied since"), orderable=False)
    recognised = tables.BooleanColumn(verbose_name=_("Recognised"), orderable=False)

    class Meta(YearListTable.Meta):
        pass

    def render_title(self, value: str, record) -> str:
        if not record.description:
            return value
        return format_html("<strong>{}</strong><br><small>{}</small>", value, record.description)

    def render_applied_on(self, value) -> str:
        return date_format(value, "SHORT_DATE_FORMAT")
