"""The tables' body rows rendered in one pass (dashboards/table_body.py) are the very rows
django-tables2's own template renders: same cells, attributes, escaping and defaults."""

import re
from decimal import Decimal

import django_tables2 as tables
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from accounts.access import FULL, RANKING
from dashboards.cache import take_fingerprint
from dashboards.selectors.scope import dashboard_scope
from dashboards.selectors.year import year_payload
from dashboards.tables import RankingTable
from tests.dashboards.conftest import many_units, sign_commitment
from units.models import Unit

pytestmark = pytest.mark.django_db

OURS = "dashboards/includes/table.html"
STOCK = "django_tables2/table.html"  # django-tables2's template: a cell at a time


def body(table, template: str) -> str:
    """The table's <tbody>, whitespace between tags left out (the two templates indent
    differently)."""
    request = RequestFactory().get("/")
    html = Template("{% load django_tables2 %}{% render_table table template %}").render(
        Context({"table": table, "template": template, "request": request})
    )
    tbody = re.search(r"<tbody.*?</tbody>", html, re.S)
    assert tbody is not None
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", tbody.group(0)))


def ranking(payload, *, access: str, own_unit_id=None) -> RankingTable:
    table = RankingTable(
        payload.rows,
        year=2023,
        access=access,
        own_unit_id=own_unit_id,
        methods=list(payload.methods),
        targets={"appraisal": Decimal(100)},
        caption="Xếp hạng",
    )
    table.paginate(per_page=50, page=1)
    return table


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_ranking_rows_are_those_django_tables2_renders(scored, unit_a, language):
    many_units(scored, 60)  # two pages, ties, every method
    sign_commitment(unit_a, 2023, {"appraisal": "100", "survey": "99"})
    fp = take_fingerprint()
    scope = dashboard_scope(year="2023", key=None, fp=fp)
    assert scope is not None
    payload = year_payload(scope, fp)
    with translation.override(language):
        for access, own in ((FULL, None), (RANKING, unit_a.pk)):
            # A table each: django-tables2 counts a table's rows across renders (odd, even).
            ours = body(ranking(payload, access=access, own_unit_id=own), OURS)
            assert ours == body(ranking(payload, access=access, own_unit_id=own), STOCK)
            assert ours.count("<tr ") == 50
            assert '<td class="num">' in ours and '<td class="unit">' in ours


class Odd(tables.Table):
    """Columns the quick path leaves to django-tables2: computed attributes, a link, a
    localize setting, a missing accessor, a column with its own render method."""

    name = tables.Column(attrs={"td": {"data-name": lambda record: record["name"]}})
    link = tables.Column(accessor="name", linkify=lambda record: f"/u/{record['code']}/")
    size = tables.Column(localize=True)
    missing = tables.Column(accessor="nothing__here")
    always = tables.Column(accessor="nothing", empty_values=())
    shout = tables.Column(accessor="name", attrs={"td": {"class": "big"}})

    class Meta:
        row_attrs = {"data-code": lambda record: record["code"]}

    def render_always(self, value, record, bound_row):
        return f"{record['code']}:{value}:{bound_row.row_counter}"

    def render_shout(self, value):
        return f"<{value.upper()}>"  # escaped on the way out


def test_columns_it_does_not_reproduce_are_rendered_by_django_tables2():
    rows = [
        {"code": "a", "name": "Phường <A>", "size": Decimal("1234.5")},
        {"code": "b", "name": "Xã & B", "size": None},
    ]
    ours = body(Odd(rows), OURS)
    assert ours == body(Odd(rows), STOCK)
    assert "&lt;PHƯỜNG &lt;A&gt;&gt;" in ours and 'data-name="Xã &amp; B"' in ours
    assert 'href="/u/b/"' in ours and "b:None:1" in ours


def test_model_records_are_rendered_by_django_tables2(unit_a, unit_b):
    class Units(tables.Table):
        code = tables.Column()
        kind = tables.Column()  # a field with choices: its label, as django-tables2 shows it

    ours = body(Units(Unit.objects.order_by("code")), OURS)
    assert ours == body(Units(Unit.objects.order_by("code")), STOCK)
    assert "Phường" in ours


def test_an_empty_table_says_so():
    table = Odd([], empty_text="Chưa có đơn vị")
    assert "Chưa có đơn vị" in body(table, OURS)
