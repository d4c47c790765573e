"""Trends never mix provisional and final figures: a year still on self or appraisal scores
is drawn apart from the line of the published years, and its table row says so."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards import charts
from indexes.models import Phase
from tests.conftest import client_for
from tests.dashboards.conftest import FULL_MARKS, en, scores_create, table_rows
from tests.factories import make_index_set

pytestmark = pytest.mark.django_db

WORDS = {"title": "Trend", "axis": "%", "provisional": "provisional"}


def figure_of(html: str, chart_id: str) -> dict:
    found = re.search(
        rf'<script id="{chart_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, chart_id
    return json.loads(found.group(1))


def traces(figure: dict) -> tuple[list[dict], list[dict]]:
    """The lines of final figures and the marks of provisional ones."""
    final = [t for t in figure["data"] if t.get("meta") != "provisional"]
    provisional = [t for t in figure["data"] if t.get("meta") == "provisional"]
    return final, provisional


def test_the_final_line_joins_only_the_published_years():
    figure = charts.trend_chart(
        years=["2022", "2023", "2024 (self-scores)"],
        series=[("Average", [Decimal("90.5"), Decimal("92.4"), Decimal("14.8")])],
        words=WORDS,
        language="vi",
        provisional=[False, False, True],
    )
    [line], [marks] = traces(figure)
    assert line["x"] == ["2022", "2023"] and line["y"] == [90.5, 92.4]
    assert "lines" in line["mode"]
    assert marks["x"] == ["2024 (self-scores)"] and marks["y"] == [14.8]
    assert "lines" not in marks["mode"]  # a mark of its own, joined to nothing
    assert marks["marker"]["symbol"] == "circle-open"
    assert marks["name"] == "Average (provisional)"
    # Every year keeps its place on the axis, whichever trace holds it.
    assert figure["layout"]["xaxis"]["categoryarray"] == ["2022", "2023", "2024 (self-scores)"]


def test_a_trend_of_final_years_only_has_no_provisional_trace():
    figure = charts.trend_chart(
        years=[2022, 2023], series=[("A", [1, 2]), ("B", [3, 4])], words=WORDS, language="en"
    )
    assert traces(figure)[1] == [] and len(figure["data"]) == 2


@pytest.fixture
def three_years(scored, unit_a, unit_b):
    """2022 closed and 2023 published (final); 2024 in self-assessment (provisional)."""
    older = make_index_set(code="xa-2022", year=2022, phase=Phase.CLOSED)
    scores_create(older, unit_a, FULL_MARKS)
    current = make_index_set(code="xa-2024", year=2024, phase=Phase.SELF_ASSESSMENT)
    scores_create(current, unit_a, {"1.1": "0"})
    return scored


def test_the_city_trend_draws_the_round_under_way_apart(leader, three_years):
    html = en(client_for(leader)).get(reverse("dashboards:year-dashboard"), {"year": "2023"})
    html = html.content.decode()
    final, provisional = traces(figure_of(html, "chart-trend"))
    assert [t["x"] for t in final] == [["2022", "2023"], ["2022", "2023"]]
    assert [t["x"] for t in provisional] == [["2024 (self-scores)"]] * 2
    assert all("(provisional)" in t["name"] for t in provisional)
    rows = table_rows(html, "trend-table")
    [row_2024] = [row for row in rows if row.startswith("2024")]
    assert "Self-scores provisional" in row_2024
    assert not any("provisional" in row for row in rows if row.startswith(("2022", "2023")))


def test_the_scorecard_trend_draws_and_lists_the_provisional_year_apart(leader, three_years):
    url = reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": "phuong-a"})
    html = en(client_for(leader)).get(url).content.decode()
    [line], [marks] = traces(figure_of(html, "chart-unit-trend"))
    assert line["x"] == ["2022", "2023"] and line["y"] == [100.0, 98.0]
    assert marks["x"] == ["2024 (self-scores)"] and marks["y"] == [0.0]
    rows = table_rows(html, "trend-table")
    [row_2024] = [row for row in rows if row.startswith("2024")]
    assert "Self-scores provisional" in row_2024
    assert not any("provisional" in row for row in rows if row.startswith(("2022", "2023")))


def test_the_provisional_mark_is_in_vietnamese(leader, three_years):
    url = reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": "phuong-a"})
    html = client_for(leader).get(url).content.decode()
    [row_2024] = [row for row in table_rows(html, "trend-table") if row.startswith("2024")]
    assert "tạm tính" in row_2024
