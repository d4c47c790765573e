"""The year dashboard: ranking, headline, at-risk units, charts; walked through every persona."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from indexes.models import NotApplicable, Phase
from tests.conftest import assert_sent_to_login, clear_caches, client_for
from tests.dashboards.conftest import (
    FULL_MARKS,
    en,
    many_units,
    scores_create,
    sign_commitment,
    table_rows,
)
from tests.factories import make_index_set, make_unit
from units.models import Unit

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:year-dashboard")
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def risk_of(html: str) -> str:
    """The collapsible list of units below a target (of the page's one set)."""
    return html.split('id="risk-title"')[1].split("</details>")[0]


def test_anonymous_visitors_are_sent_to_login(anonymous_client, scored):
    for url in [URL, reverse("dashboards:ranking-print")]:
        assert_sent_to_login(anonymous_client.get(url))


@pytest.mark.parametrize("persona", ["leader", "appraiser", "admin_user"])
def test_leaders_appraisers_and_admins_see_the_full_ranking(request, persona, scored):
    html = html_of(en(client_for(request.getfixturevalue(persona))).get(URL))
    assert html.index("Phường A") < html.index("Xã B")  # ranked best first
    assert "98.00 %" in html and "65.00 %" in html
    assert "Appraisal (≥ 100 %)" in html and "Survey (≥ 95 %)" in html
    ranking = table_rows(html, "ranking")
    [row_a] = [row for row in ranking if "Phường A" in row]
    [row_b] = [row for row in ranking if "Xã B" in row]
    assert "Met" in row_a and "Missed" not in row_a  # status in words, not colour alone
    assert "Missed" in row_b
    assert reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": "xa-b"}) in html
    assert reverse("dashboards:ranking-export") in html
    assert "Below a target or their commitment" in html


@pytest.mark.parametrize("access", ["full", "ranking"])
def test_the_ranking_says_met_or_missed_in_vietnamese_words_in_each_units_row(
    settings, access, official_a, scored
):
    """The words also sit in the charts' JSON and figure tables: read the ranking only."""
    settings.CCHC_OFFICIAL_DASHBOARD = access
    ranking = table_rows(html_of(client_for(official_a).get(URL)), "ranking")
    [row_a] = [row for row in ranking if "Phường A" in row]
    [row_b] = [row for row in ranking if "Xã B" in row]
    assert "Đạt" in row_a and "Không đạt" not in row_a
    assert "Không đạt" in row_b


def test_a_leader_lands_on_the_dashboard(leader, scored):
    response = client_for(leader).get(reverse("home"))
    assert response.status_code == 302 and response.url == URL


def test_numbers_use_the_decimal_comma_in_vietnamese(leader, scored):
    html = html_of(client_for(leader).get(URL))
    assert "98,00 %" in html and "65,00 %" in html
    assert ">2023<" in html  # a year is not a number with a thousands dot


def test_the_page_names_the_scores_that_count_in_each_phase(leader, scored):
    client = client_for(leader)
    for phase, label in [
        (Phase.SELF_ASSESSMENT, "Self-scores"),
        (Phase.APPRAISAL, "Appraised scores"),
        (Phase.PUBLISHED, "Final scores"),
    ]:
        scored.phase = phase
        scored.save()
        assert label in html_of(en(client).get(URL))


def test_headline_counts_units_meeting_all_targets_and_the_average(leader, scored):
    html = html_of(en(client_for(leader)).get(URL))
    assert "1 of 2" in html  # only unit A meets every target
    assert "81.50 %" in html  # (98 + 65) / 2


def test_units_at_risk_show_the_points_they_lack_and_their_three_worst_leaves(leader, scored):
    html = html_of(en(client_for(leader)).get(URL))
    risk = risk_of(html)
    assert "Xã B" in risk and "Phường A" not in risk
    # B: appraisal 3 of 5 (2 short), survey 3 of 4 (0.8 short of 95 %), other 0.5 of 1
    # (0.4 short of 90 %): 3.20 points short; worst leaves 1.2.1 (2), 2.1 (1), 1.2.2 (0.5).
    assert "3.20 points short" in risk
    worst = re.findall(r"lost ([\d.]+) of", risk)
    assert worst == ["2.00", "1.00", "0.50"]


def test_a_unit_below_its_commitment_is_at_risk_though_it_meets_the_city_targets(leader, scored):
    unit_a = Unit.objects.get(code="phuong-a")
    scored.phase = Phase.SELF_ASSESSMENT  # a commitment is signed before the results
    scored.save()
    sign_commitment(unit_a, 2023, {"survey": "97"})
    scored.phase = Phase.PUBLISHED  # the results judge the units (an open round does not)
    scored.save()
    html = html_of(en(client_for(leader)).get(URL))
    risk = risk_of(html)
    assert "Phường A" in risk
    assert "committed 97.00 %" in risk
    [row_a] = [row for row in table_rows(html, "ranking") if "Phường A" in row]
    assert row_a.endswith("Missed")  # the commitment column: met the city, not its promise


def test_tied_units_share_a_rank(leader, scored):
    twin = make_unit(code="xa-c", name="Xã C", kind="commune")
    scores_create(scored, twin, {"1.1": "2", "1.2.1": "1", "1.2.2": "0.5", "2.1": "3"})
    html = html_of(en(client_for(leader)).get(URL))
    assert html.count("(tied)") == 2
    assert not re.search(r">\s*3\s*<", html.split('id="ranking-title"')[1].split("</table>")[0])


def test_the_table_sorts_by_a_column_and_ignores_unknown_sorts(leader, scored):
    client = client_for(leader)
    html = html_of(client.get(URL, {"sort": "pct"}))
    table = html.split("<tbody")[1]
    assert table.index("Xã B") < table.index("Phường A")
    html = html_of(client.get(URL, {"sort": "-not_a_column", "page": "-1"}))
    table = html.split("<tbody")[1]
    assert table.index("Phường A") < table.index("Xã B")


def test_more_units_than_a_page_are_paginated(leader, scored):
    many_units(scored, 60)
    client = client_for(leader)
    first = html_of(client.get(URL, {"page": "1"}))
    second = html_of(client.get(URL, {"page": "2"}))
    assert "Units 1–50 of 62" in html_of(en(client).get(URL))
    assert first.count('<td class="unit"') == 50
    assert second.count('<td class="unit"') == 12


def test_an_unknown_year_or_scope_falls_back_with_a_message(leader, scored):
    response = en(client_for(leader)).get(URL, {"year": "1999", "scope": "nope"})
    html = html_of(response)
    assert "There is no index set for that choice; showing 2023." in html
    assert "Phường A" in html


def test_the_scope_chooser_ranks_one_kind_of_unit_or_all(leader, scored):
    departments = make_index_set(code="phong-2023", unit_kinds=["department"],
                                 phase=Phase.PUBLISHED)  # fmt: skip
    office = make_unit(code="noi-vu", name="Phòng Nội vụ", kind="department")
    scores_create(departments, office, FULL_MARKS)
    client = client_for(leader)
    everyone = html_of(client.get(URL, {"year": "2023", "scope": "all"}))
    assert all(name in everyone for name in ("Phòng Nội vụ", "Phường A", "Xã B"))
    assert everyone.index("Phòng Nội vụ") < everyone.index("Phường A")  # 100 % first
    only = html_of(client.get(URL, {"year": "2023", "scope": "department"}))
    assert "Phòng Nội vụ" in only and "Xã B" not in only.split("<tbody")[1]


def test_the_trend_spans_the_years_of_the_same_kinds(leader, scored, unit_a):
    older = make_index_set(code="xa-2022", year=2022, phase=Phase.CLOSED)
    scores_create(older, unit_a, FULL_MARKS)
    html = html_of(en(client_for(leader)).get(URL))
    trend = html.split("City-wide trend</caption>")[1].split("</table>")[0]
    assert ">2022<" in trend and ">2023<" in trend
    assert "50.00 %" in trend  # 2022: unit A 100 %, unit B nothing


def test_not_applicable_leaves_leave_the_max_on_the_dashboard(leader, scored, unit_b):
    NotApplicable.objects.create(unit=unit_b, criterion=scored.criteria.get(code="1.2"))
    html = html_of(en(client_for(leader)).get(URL))
    assert "5.00</span>" in html or "/ 6.00" in html  # B's max is 10 - 4 = 6


def test_charts_are_drawn_from_json_by_the_apps_own_scripts(leader, scored):
    html = html_of(client_for(leader).get(URL))
    for chart in ("chart-totals", "chart-heatmap", "chart-classes", "chart-trend"):
        assert f'<script id="{chart}" type="application/json">' in html
        assert f'data-chart-source="{chart}"' in html
    assert "/static/vendor/plotly.min.js" in html and "/static/js/charts.js" in html
    assert "<script>" not in html  # no inline script
    assert not EXTERNAL.search(html)


def test_every_chart_has_its_figures_as_a_table(leader, scored):
    html = html_of(en(client_for(leader)).get(URL))
    assert html.count("The figures as a table") == 4
    for caption in ("Total against the target line", "% of max per field",
                    "Units per classification", "City-wide trend"):  # fmt: skip
        assert f"<caption>{caption}</caption>" in html


def test_tables_have_captions_and_column_headers(leader, scored):
    html = html_of(en(client_for(leader)).get(URL))
    ranking = html.split('class="data ranking"')[1].split("</table>")[0]
    assert "<caption>Ranking of 2 units, 2023: Ward, Commune</caption>" in ranking
    assert ranking.count('scope="col"') >= 8


def test_read_only_pages_refuse_a_post(leader, scored):
    client = client_for(leader)
    assert client.post(URL).status_code == 405
    assert client.post(reverse("dashboards:ranking-print")).status_code == 405


def test_a_page_without_any_index_set_says_so(leader):
    html = html_of(en(client_for(leader)).get(URL))
    assert "no index set has been loaded" in html


def test_submission_counts_show_while_units_submit(leader, scored, unit_a):
    from assessments.models import Assessment, AssessmentStatus

    scored.phase = Phase.APPRAISAL
    scored.save()
    Assessment.objects.create(unit=unit_a, index_set=scored, status=AssessmentStatus.SUBMITTED)
    html = html_of(en(client_for(leader)).get(URL))
    figures = html.split('class="figures"')[1].split("</dl>")[0]
    assert re.search(r"Not yet submitted</dt>\s*<dd>1<", figures)
    assert re.search(r"Submitted, not yet appraised</dt>\s*<dd>1<", figures)
    assert "Submission" in html


# --- officials --------------------------------------------------------------------------


def test_an_official_sees_only_the_ranking_by_default(official_a, scored):
    html = html_of(en(client_for(official_a)).get(URL))
    assert "Phường A" in html and "Xã B" in html
    own = reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": "phuong-a"})
    other = reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": "xa-b"})
    assert own in html and other not in html
    assert "Appraisal (≥" not in html  # no per-method details of other units
    assert 'id="risk-title"' not in html and "chart-heatmap" not in html
    assert reverse("dashboards:ranking-export") not in html


def test_an_official_sees_every_detail_when_the_city_allows(settings, official_a, scored):
    settings.CCHC_OFFICIAL_DASHBOARD = "full"
    html = html_of(en(client_for(official_a)).get(URL))
    assert 'id="risk-title"' in html and "Appraisal (≥ 100 %)" in html


def test_an_official_goes_to_their_own_scorecard_when_the_city_shares_nothing(
    settings, official_a, scored
):
    settings.CCHC_OFFICIAL_DASHBOARD = "none"
    client = client_for(official_a)
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == reverse(
        "dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": "phuong-a"}
    )
    assert client.get(reverse("dashboards:ranking-print")).status_code == 403


def test_the_fragment_cache_is_not_shared_between_officials(official_a, official_b, scored):
    html_a = html_of(client_for(official_a).get(URL))
    html_b = html_of(client_for(official_b).get(URL))
    link_a = reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": "phuong-a"})
    link_b = reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": "xa-b"})
    assert link_a in html_a and link_b not in html_a
    assert link_b in html_b and link_a not in html_b


# --- the printable annex ------------------------------------------------------------------


def test_the_annex_lists_every_unit_with_its_charts(leader, scored):
    many_units(scored, 60)
    html = html_of(en(client_for(leader)).get(reverse("dashboards:ranking-print")))
    assert "Results of the administrative reform index 2023" in html
    assert html.count('<td class="unit"') == 62  # no pagination on paper
    assert 'data-chart-source="chart-totals"' in html
    assert "data-print" in html


# --- freshness and cost -------------------------------------------------------------------


def test_a_saved_score_shows_once_the_fingerprint_is_retaken(settings, leader, scored, unit_b):
    from django.core.cache import cache

    from dashboards.cache import TOKEN_KEY

    settings.CCHC_DASHBOARD_FRESHNESS_SECONDS = 60
    client = client_for(leader)
    assert "65,00 %" in html_of(client.get(URL))
    score = unit_b.scores.get(criterion__code="1.2.1")
    score.self_points = Decimal("3")
    score.save()
    assert "65,00 %" in html_of(client.get(URL))  # trusted for up to 60 s
    cache.delete(TOKEN_KEY)  # as when the 60 s are over
    assert "85,00 %" in html_of(client.get(URL))


def test_the_dashboard_takes_as_many_queries_for_500_units_as_for_27(
    leader, scored, django_assert_num_queries, django_assert_max_num_queries
):
    many_units(scored, 25)  # 27 units, as in Cao Lãnh
    client = client_for(leader)
    client.get(URL)
    clear_caches()
    # + the shared cache: a read of each page and figure, and a write of each (5 queries)
    with django_assert_max_num_queries(48) as few:
        html_of(client.get(URL))
    many_units(scored, 473)  # 500 units
    clear_caches()
    with django_assert_num_queries(len(few.captured_queries)):
        html_of(client.get(URL))


def test_a_warm_dashboard_takes_a_handful_of_queries(leader, scored, django_assert_num_queries):
    client = client_for(leader)
    client.get(URL)
    with django_assert_num_queries(3):  # the session, the user, the data versions
        html_of(client.get(URL))


def test_a_trusted_fingerprint_saves_the_version_query(
    settings, leader, scored, django_assert_num_queries
):
    settings.CCHC_DASHBOARD_FRESHNESS_SECONDS = 5
    client = client_for(leader)
    client.get(URL)
    with django_assert_num_queries(2):  # the session and the user: the rest is cached
        html_of(client.get(URL))


def test_the_sorted_column_says_so_to_screen_readers(leader, scored):
    html = html_of(client_for(leader).get(URL, {"sort": "-pct"}))
    assert re.search(r'<th [^>]*aria-sort="descending"[^>]*>\s*<a href="\?[^"]*sort=pct', html)


def test_links_in_a_cached_page_carry_only_the_pages_own_parameters(leader, official_a, scored):
    html = html_of(client_for(leader).get(URL, {"sort": "pct", "utm": "evil"}))
    content = html.split('id="main"')[1]  # the language switch keeps the full URL, rightly
    assert "utm" not in content and "evil" not in content
    assert "sort=-pct" in content  # the link that reverses the order


def test_an_officials_annex_is_the_ranking_without_other_units_details(official_a, scored):
    html = html_of(en(client_for(official_a)).get(reverse("dashboards:ranking-print")))
    table = html.split('class="data ranking"')[1].split("</table>")[0]
    assert "Phường A" in table and "Xã B" in table
    assert "Appraisal" not in table and "Commitment" not in table


def test_the_annex_takes_as_many_queries_for_500_units_as_for_27(
    leader, scored, django_assert_num_queries, django_assert_max_num_queries
):
    many_units(scored, 25)
    client = client_for(leader)
    url = reverse("dashboards:ranking-print")
    client.get(url)
    clear_caches()
    # + the shared cache: a read of each page and figure, and a write of each (5 queries)
    with django_assert_max_num_queries(48) as few:
        html_of(client.get(url))
    many_units(scored, 473)
    clear_caches()
    with django_assert_num_queries(len(few.captured_queries)):
        html_of(client.get(url))
