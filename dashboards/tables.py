"""The ranking tables (django-tables2): presentation only, fed by the selectors' rows."""

from decimal import Decimal
from operator import itemgetter

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2.data import TableListData
from django_tables2.utils import Accessor, OrderBy

from accounts.access import FULL
from dashboards.templatetags.dashboard_tags import (
    class_label,
    kind_label,
    method_label,
    status_badge,
    workflow_label,
)
from indexes.templatetags.number_tags import pct, pct_trimmed, points

PER_PAGE = 50
NUM = {"th": {"scope": "col", "class": "num"}, "td": {"class": "num"}}
UNIT = {"th": {"scope": "col", "class": "unit"}, "td": {"class": "unit"}}


class RowData(TableListData):
    """Sorts the rows once per key instead of comparing accessors pairwise (django-tables2's
    list sorting resolves both accessors on every comparison: ~100 ms for 1,000 rows).
    Empty values go last whichever the direction."""

    sorted_by: tuple[str, ...] | None = None

    def order_by(self, aliases):
        if tuple(aliases) == self.sorted_by:
            return  # sorted so already (the table's default order, then the page's sort)
        keys = []
        for alias in aliases:
            bound = self.table.columns[OrderBy(alias).bare]
            if alias[0] != bound.order_by_alias[0]:
                keys += bound.order_by.opposite
            else:
                keys += bound.order_by
        for order in reversed(keys):  # stable sorts, least significant key first
            accessor, descending = Accessor(order.bare), order.is_descending
            keyed = [(accessor.resolve(r, quiet=True), r) for r in self.data]
            present = [pair for pair in keyed if pair[0] is not None]
            present.sort(key=itemgetter(0), reverse=descending)
            self.data[:] = [r for _key, r in present] + [r for key, r in keyed if key is None]
        self.sorted_by = tuple(aliases)


def rank_html(record):
    if record.rank is None:
        return "—"
    if record.tied:
        return format_html('{}<span class="tie"> ({})</span>', record.rank, _("tied"))
    return record.rank


def points_of(got: Decimal, maximum: Decimal):
    return format_html('{}<span class="muted"> / {}</span>', points(got), points(maximum))


def scorecard_url(year: int, unit_code: str) -> str:
    return reverse("dashboards:unit-scorecard", kwargs={"year": year, "unit_code": unit_code})


class MethodColumn(tables.Column):
    """% of one method's max against its target, with the status in words."""

    def __init__(self, method: str, target: Decimal | None, **kwargs):
        self.method = method
        header = method_label(method)
        if target is not None:
            text = _("%(method)s (≥ %(target)s)")
            header = text % {"method": header, "target": pct_trimmed(target)}
        super().__init__(
            accessor=f"methods__{method}__pct",
            verbose_name=header,
            attrs=NUM,
            empty_values=(),
            **kwargs,
        )

    def render(self, record):
        cell = record.methods.get(self.method)
        if cell is None or cell.pct is None:
            return "—"
        promised = ""
        if cell.committed_pct is not None and cell.committed_pct != cell.target_pct:
            promised = format_html(
                '<br><span class="muted">{}</span>',
                _("committed %(pct)s") % {"pct": pct(cell.committed_pct)},
            )
        return format_html("{}<br>{}{}", pct(cell.pct), status_badge(cell.reached), promised)


class RankingTable(tables.Table):
    rank = tables.Column(verbose_name=gettext_lazy("Rank"), attrs=NUM, empty_values=())
    unit_name = tables.Column(verbose_name=gettext_lazy("Unit"), attrs=UNIT)
    unit_kind = tables.Column(verbose_name=gettext_lazy("Kind"), attrs={"th": {"scope": "col"}})
    points = tables.Column(verbose_name=gettext_lazy("Total points"), attrs=NUM)
    pct = tables.Column(verbose_name=gettext_lazy("% of max"), attrs=NUM, empty_values=())
    class_code = tables.Column(
        verbose_name=gettext_lazy("Classification"), attrs={"th": {"scope": "col"}}
    )
    commitment_status = tables.Column(
        verbose_name=gettext_lazy("Commitment"), attrs={"th": {"scope": "col"}}
    )
    workflow = tables.Column(
        verbose_name=gettext_lazy("Submission"), attrs={"th": {"scope": "col"}}
    )

    class Meta:
        template_name = "dashboards/includes/table.html"
        attrs = {"class": "data ranking", "th": {"scope": "col"}}
        row_attrs = {"class": lambda record: "at-risk" if record.at_risk else ""}
        order_by = ("rank",)

    sequence: list[str]  # django-tables2's column order, untyped there; read and set below

    def __init__(
        self,
        rows,
        *,
        year: int,
        access: str,
        own_unit_id: int | None,
        methods: list[str],
        targets: dict[str, Decimal],
        caption: str,
        show_workflow: bool = True,
        **kwargs,
    ):
        extra = (
            []
            if access != FULL
            else [(f"method_{m}", MethodColumn(m, targets.get(m))) for m in methods]
        )
        exclude = () if access == FULL else ("commitment_status", "workflow")
        if not show_workflow:
            exclude = (*exclude, "workflow")
        super().__init__(RowData(list(rows)), extra_columns=extra, exclude=exclude, **kwargs)
        if extra:  # methods right after the total, as on the paper annex
            names = [c for c in self.sequence if not c.startswith("method_")]
            at = names.index("pct") + 1
            self.sequence = [*names[:at], *(name for name, _ in extra), *names[at:]]
        self.year, self.access, self.own_unit_id, self.caption = year, access, own_unit_id, caption

    def row_slot(self, record) -> tuple:
        """What a row's cells read besides the record (dashboards/table_body.py keeps them):
        the year and access of the links, whether the unit is the reader's own, the unit."""
        own = record.unit_id == self.own_unit_id
        return (self.year, self.access, own, record.set_id, record.unit_id)

    def render_rank(self, record):
        return rank_html(record)

    def render_unit_name(self, record):
        if self.access == FULL or record.unit_id == self.own_unit_id:
            return format_html(
                '<a href="{}">{}</a>', scorecard_url(self.year, record.unit_code), record.unit_name
            )
        return record.unit_name

    def render_unit_kind(self, record):
        return kind_label(record.unit_kind)

    def render_points(self, record):
        return points_of(record.points, record.max_points)

    def render_pct(self, record):
        if record.pct is None:
            return "—"
        return format_html("{}<br>{}", pct(record.pct), status_badge(record.all_targets_met))

    def render_class_code(self, record):
        return class_label(record.class_label, record.class_label_en) or "—"

    def render_commitment_status(self, record):
        from commitments.selectors import status_label

        label = status_label(record.commitment_status)
        if record.commitment_url:
            return format_html('<a href="{}">{}</a>', record.commitment_url, label)
        return label

    def render_workflow(self, record):
        return workflow_label(record.workflow)


class ProgressTable(tables.Table):
    """A round under way: where each unit stands (submitted, appraised) and the points
    entered so far. No rank, met or missed, or class: nothing is judged before the
    results are published."""

    unit_name = tables.Column(verbose_name=gettext_lazy("Unit"), attrs=UNIT)
    unit_kind = tables.Column(verbose_name=gettext_lazy("Kind"), attrs={"th": {"scope": "col"}})
    workflow = tables.Column(
        verbose_name=gettext_lazy("Submission"), attrs={"th": {"scope": "col"}}
    )
    points = tables.Column(verbose_name=gettext_lazy("Points entered so far"), attrs=NUM)
    commitment_status = tables.Column(
        verbose_name=gettext_lazy("Commitment"), attrs={"th": {"scope": "col"}}
    )

    class Meta:
        template_name = "dashboards/includes/table.html"
        attrs = {"class": "data ranking progress", "th": {"scope": "col"}}

    def __init__(self, rows, *, year: int, access: str, own_unit_id: int | None, caption: str,
                 **kwargs):  # fmt: skip
        exclude = () if access == FULL else ("commitment_status", "workflow")
        super().__init__(RowData(list(rows)), exclude=exclude, **kwargs)
        self.year, self.access, self.own_unit_id, self.caption = year, access, own_unit_id, caption

    row_slot = RankingTable.row_slot
    render_unit_name = RankingTable.render_unit_name
    render_unit_kind = RankingTable.render_unit_kind
    render_points = RankingTable.render_points
    render_commitment_status = RankingTable.render_commitment_status
    render_workflow = RankingTable.render_workflow


class CriterionColumn(tables.Column):
    """Points / max of one criterion of the field; "n/a" where it does not apply."""

    def __init__(self, code: str, name: str, **kwargs):
        self.code = code
        attrs = {"th": {"scope": "col", "class": "num", "title": name}, "td": {"class": "num"}}
        super().__init__(
            accessor="unit_id", verbose_name=code, attrs=attrs, orderable=False, **kwargs
        )

    def render(self, record):
        totals = record.criteria.get(self.code)
        if totals is None:
            return _("n/a")
        return points_of(totals.points, totals.max_points)


class FieldTable(tables.Table):
    """One field across units: its total and each of its criteria."""

    rank = tables.Column(verbose_name=gettext_lazy("Rank"), attrs=NUM, empty_values=())
    unit_name = tables.Column(verbose_name=gettext_lazy("Unit"), attrs=UNIT)
    points = tables.Column(verbose_name=gettext_lazy("Points"), attrs=NUM)
    pct = tables.Column(verbose_name=gettext_lazy("% of max"), attrs=NUM, empty_values=())

    class Meta:
        template_name = "dashboards/includes/table.html"
        attrs = {"class": "data field-table", "th": {"scope": "col"}}
        order_by = ("rank",)

    def __init__(self, rows, *, year: int, criteria, caption: str, **kwargs):
        extra = [
            (f"criterion_{position}", CriterionColumn(criterion.code, criterion.name))
            for position, criterion in enumerate(criteria)
        ]
        super().__init__(RowData(list(rows)), extra_columns=extra, **kwargs)
        self.year, self.caption = year, caption

    def render_rank(self, record):
        return rank_html(record)

    def render_unit_name(self, record):
        return format_html(
            '<a href="{}">{}</a>', scorecard_url(self.year, record.unit_code), record.unit_name
        )

    def render_points(self, record):
        return points_of(record.points, record.max_points)

    def render_pct(self, record):
        return "—" if record.pct is None else pct(record.pct)
