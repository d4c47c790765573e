"""Templates, set exports, whole-year workbooks and the published JSON, for each persona."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exchange.models import Action, ExchangeLog
from indexes.models import Phase
from tests.conftest import client_for
from tests.exchange.conftest import read_response_workbook
from tests.factories import make_criterion, make_index_set, make_score, make_unit

pytestmark = pytest.mark.django_db
PERSONAS = ["official_a", "appraiser", "leader", "admin_user"]


def year_url(year, kind="xlsx"):
    return reverse(
        "exchange:year-export" if kind == "xlsx" else "exchange:year-json", kwargs={"year": year}
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_signed_in_downloads_the_template_and_a_sets_criteria(request, persona, published):
    client = client_for(request.getfixturevalue(persona))
    template = client.get(reverse("exchange:set-template"))
    criteria = client.get(reverse("exchange:set-export", kwargs={"code": published.code}))
    assert template.status_code == criteria.status_code == 200
    assert read_response_workbook(criteria)["criteria"]["A3"].value == "1.1"
    assert list(ExchangeLog.objects.values_list("action", flat=True).order_by("pk")) == [
        Action.SET_TEMPLATE,
        Action.SET_EXPORT,
    ]


def test_exports_refuse_anonymous_visitors_and_posts(anonymous_client, leader, published):
    for url in (
        reverse("exchange:set-template"),
        year_url(2023),
        year_url(2023, "json"),
        reverse("exchange:home"),
    ):
        assert anonymous_client.get(url).status_code == 302
        assert client_for(leader).post(url).status_code == 405


def test_officials_cannot_take_out_whole_years(official_a, published):
    assert client_for(official_a).get(year_url(2023)).status_code == 403
    assert client_for(official_a).get(year_url(2023, "json")).status_code == 403


def test_the_year_workbook_has_a_summary_and_one_sheet_per_unit(leader, published):
    workbook = read_response_workbook(client_for(leader).get(year_url(2023)))
    assert workbook.sheetnames[1:] == ["phuong-a", "xa-b"]
    summary = workbook.worksheets[0]
    rows = {summary.cell(r, 2).value: r for r in range(3, summary.max_row + 1)}
    assert summary.cell(rows["phuong-a"], 9).value == 20  # 2 of 10 points = 20 %
    assert summary.cell(rows["xa-b"], 9).value == 10
    assert summary.cell(rows["phuong-a"], 11).value == 1  # rank


def test_a_year_without_sets_is_a_404_and_json_needs_a_published_set(leader, unit_a):
    make_index_set(year=2024, phase=Phase.APPRAISAL)
    assert client_for(leader).get(year_url(2019)).status_code == 404
    assert client_for(leader).get(year_url(2024, "json")).status_code == 404


def test_the_published_json_gives_each_units_result_as_documented(leader, published):
    response = client_for(leader).get(year_url(2023, "json"))
    data = json.loads(response.content)
    assert response["Content-Type"].startswith("application/json")
    assert (data["format"], data["version"], data["year"]) == (
        "cchc-tracker/published-year",
        2,
        2023,
    )
    index_set = data["index_sets"][0]
    assert index_set["code"] == "xa-2023" and index_set["max_points"] == 10
    assert index_set["targets"] == {"appraisal": 100, "other": 90, "survey": 95}
    first = index_set["results"][0]
    assert first["unit"]["code"] == "phuong-a" and first["rank"] == 1
    assert (first["points"], first["max_points"], first["pct"]) == (2, 10, 20)
    assert first["by_field"]["1"] == {"points": 2, "max_points": 6, "pct": 33.33}
    assert first["by_method"]["appraisal"]["met"] is False
    assert ExchangeLog.objects.get().action == Action.YEAR_JSON


def test_the_published_json_says_what_the_set_allows_and_which_fields_are_bonus(leader, published):
    published.optional_methods = ["survey"]
    published.may_exceed_max = True
    published.save()
    make_criterion(published, "3", "2", kind="bonus")
    index_set = json.loads(client_for(leader).get(year_url(2023, "json")).content)["index_sets"][0]
    assert index_set["optional_methods"] == ["survey"]
    assert (index_set["may_exceed_max"], index_set["may_fall_below_zero"]) == (True, False)
    assert [f["kind"] for f in index_set["fields"]] == ["normal", "normal", "bonus"]
    assert index_set["max_points"] == 10  # a bonus field is outside the 100


def test_the_year_export_costs_the_same_queries_for_2_or_20_units(leader, published):
    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client_for(leader).get(year_url(2023)).status_code == 200
        return len(context)

    few = count()
    for _n in range(18):
        unit = make_unit(kind="ward")
        make_score(unit, published.criteria.get(code="2.1"), self_points=Decimal("3.5"))
    assert count() == few


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_exchange_page_offers_what_the_role_may_do(
    request, persona, published, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(persona))
    with django_assert_max_num_queries(5):
        html = client.get(reverse("exchange:home")).content.decode()
    assert reverse("exchange:set-export", kwargs={"code": "xa-2023"}) in html
    assert (reverse("exchange:set-import") in html) == (persona == "admin_user")
    assert (year_url(2023, "json") in html) == (persona != "official_a")
    assert "kind=" not in html


def test_the_units_table_goes_out_with_predecessors_and_successors(official_a, unit_a):
    from datetime import date

    from units.restructuring import NewUnit, unit_merge

    unit_merge(units=[unit_a], new=NewUnit("phuong-moi", "Phường Mới"), effective=date(2025, 7, 1))
    workbook = read_response_workbook(client_for(official_a).get(reverse("exchange:units-export")))
    rows = {row[0]: row for row in workbook.active.iter_rows(min_row=2, values_only=True)}
    assert rows["phuong-a"][7] == "phuong-moi" and rows["phuong-moi"][6] == "phuong-a"
    assert rows["phuong-a"][5].date() == date(2025, 6, 30)


def test_an_official_refused_a_whole_year_is_told_why(official_a, published):
    response = client_for(official_a).get(year_url(2023))
    assert response.status_code == 403
    assert (
        "Every unit&#x27;s scores of a year are for appraisers, leaders and administrators."
        in response.content.decode()
    )
