"""The body rows of a django-tables2 table, rendered in one pass in Python.

django-tables2's own template renders each cell through the template engine, inspects
the signature of the cell's render method on every cell (`inspect.signature`) and builds
the column's attributes afresh for every cell: ~120 µs a cell, 70 ms for a page of the
ranking (50 rows, 11 columns), which is most of the first dashboard request after a save.
Here what does not change from cell to cell is worked out once per column (the render
method's arguments, the cell's attributes where none is computed from the record) and
each cell costs its own render method and an escape. The cells are the ones
`BoundRow.items()` gives (same accessors, empty values, defaults, arguments), written as
`{{ cell }}` writes them; tests/dashboards/test_table_body.py compares the two.

A column this does not reproduce (a link column, a localize setting, attributes computed
from the record, a record that is a model instance) is rendered by django-tables2 itself.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.utils import Accessor, AttributeDict, signature

from dashboards.fragments import kept_html, page_variant


def table_body(table: Any, context: Context) -> SafeString:
    """The `<tr>` rows of the table's current page (all rows if it is not paginated).

    A table with a `row_slot(record)` (what a row's cells read besides the record: see
    dashboards/fragments.py) has each row's cells kept while an equal record comes again.
    """
    plans = [_Plan(column) for column in table.columns]
    slot_of = getattr(table, "row_slot", None)
    if slot_of is not None:
        variant = (*page_variant(), type(table).__name__, *(plan.bound.name for plan in plans))
    lines = []
    for row in table.paginated_rows:
        if slot_of is None:
            cells = _cells(row, plans, table, context)
        else:
            record = row.record
            cells = kept_html(
                (*variant, *slot_of(record)),
                record,
                lambda: _cells(row, plans, table, context),  # noqa: B023 - called at once
            )
        # Outside the kept cells: the class says "even" or "odd", which is the row's place.
        lines.append(f"<tr {row.attrs.as_html()}>{cells}</tr>")
    return mark_safe("\n".join(lines))  # noqa: S308 - every cell escaped below


def _cells(row: Any, plans: list[_Plan], table: Any, context: Context) -> str:
    record = row.record
    cells = []
    for plan in plans:
        if plan.quick and not isinstance(record, models.Model):
            value = plan.cell(row, table)
            attrs = plan.td
        else:  # exactly what django-tables2's BoundRow.items() does for a cell
            column = plan.bound
            value = row.get_cell(column.name)
            column.current_value, column.current_record = value, record
            attrs = column.attrs["td"].as_html()
        cells.append(f"<td {attrs}>{render_value_in_context(value, context)}</td>")
    return "".join(cells)


class _Plan:
    """What one column's cells share: its render method's arguments and `<td>` attributes."""

    def __init__(self, bound: Any):
        self.bound = bound
        column = bound.column
        self.column = column
        self.accessor = Accessor(bound.accessor)
        self.render = bound.render
        self.args, self.catch_all = signature(self.render)
        td = _td_source(bound)
        self.quick = (
            not bound.link
            and column.localize is None
            and not isinstance(column, (BaseLinkColumn, ManyToManyColumn))
            and not any(callable(value) for value in td.values())
        )
        self.td = bound.attrs["td"].as_html() if self.quick else ""
        self.default = bound.default

    def cell(self, row: Any, table: Any) -> Any:
        """The cell as `BoundRow.get_cell` computes it, for a record that is not a model."""
        record = row.record
        try:
            value = self.accessor.resolve(record)
        except Exception:  # as django-tables2: a column whose accessor does not resolve
            value = None
        if value in self.column.empty_values:
            return self.default
        offered = {
            "value": value,
            "record": record,
            "column": self.column,
            "bound_column": self.bound,
            "bound_row": row,
            "table": table,
        }
        if self.catch_all:
            return self.render(**offered)
        if any(arg not in offered for arg in self.args):
            return None
        return self.render(**{arg: offered[arg] for arg in self.args})


def _td_source(bound: Any) -> dict:
    """The column's `<td>` attributes before django-tables2 computes them (BoundColumn.attrs)."""
    attrs = {**dict(bound._table.attrs), **dict(bound.column.attrs)}
    source = attrs.get("td", attrs.get("cell", {}))
    return dict(source) if isinstance(source, (dict, AttributeDict)) else {"": source}
