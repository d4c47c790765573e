"""The leader's first page: the latest published year, the open round as progress (never
judged before it is published), the choice remembered per user, one ranking per set."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from assessments.models import Assessment, AssessmentStatus
from dashboards.exports import HEADER_ROW
from indexes.models import Phase
from tests.conftest import clear_caches, client_for
from tests.dashboards.conftest import (
    FULL_MARKS,
    UNIT_A,
    UNIT_B,
    en,
    many_units,
    scores_create,
    table_rows,
)
from tests.factories import make_index_set, make_unit

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:year-dashboard")


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def title_of(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


@pytest.fixture
def open_round(scored, unit_a, unit_b):
    """2024 in self-assessment: unit A has entered all its scores and submitted, unit B
    a few and not; 2023 (the `scored` fixture) is published."""
    index_set = make_index_set(code="xa-2024", year=2024, phase=Phase.SELF_ASSESSMENT)
    scores_create(index_set, unit_a, UNIT_A)
    scores_create(index_set, unit_b, {"1.1": "2"})
    Assessment.objects.create(unit=unit_a, index_set=index_set, status=AssessmentStatus.SUBMITTED)
    return index_set


@pytest.fixture
def two_sets(scored, unit_a, unit_b):
    """2023's departments beside its wards and communes: two sets, two rankings."""
    departments = make_index_set(
        code="phong-2023", unit_kinds=["department"], phase=Phase.PUBLISHED
    )
    for code, name, marks in (
        ("noi-vu", "Phòng Nội vụ", FULL_MARKS),
        ("tu-phap", "Phòng Tư pháp", UNIT_B),
        ("y-te", "Phòng Y tế", UNIT_A),
    ):
        scores_create(departments, make_unit(code=code, name=name, kind="department"), marks)
    return departments


# --- landing ---------------------------------------------------------------------------


def test_a_leader_lands_on_the_latest_published_year_with_the_open_round_one_click_away(
    leader, open_round
):
    html = html_of(en(client_for(leader)).get(URL))
    assert "2023" in title_of(html) and "2024" not in title_of(html)
    banner = html.split('id="round-banner"')[1].split("</div>")[0]
    assert "The 2024 assessment round is open" in banner
    assert f'href="{URL}?year=2024"' in banner


def test_the_banner_speaks_vietnamese(leader, open_round):
    html = html_of(client_for(leader).get(URL))
    assert "Vòng đánh giá 2024 đang mở" in html and "xem tiến độ" in html


def test_before_anything_is_published_the_leader_lands_on_the_open_round(
    leader, open_round, scored
):
    scored.phase = Phase.APPRAISAL  # 2023 not published yet either
    scored.save()
    html = html_of(en(client_for(leader)).get(URL))
    assert "2024" in title_of(html)
    assert 'id="round-banner"' not in html  # nowhere else to go


# --- the open round as progress --------------------------------------------------------


def test_an_open_round_shows_progress_and_nothing_judged(leader, open_round):
    html = html_of(client_for(leader).get(URL, {"year": "2024"}))
    assert "vòng đánh giá đang diễn ra" in title_of(html)  # not "results"
    progress = table_rows(html, "ranking")
    [row_a] = [row for row in progress if "Phường A" in row]
    [row_b] = [row for row in progress if "Xã B" in row]
    assert "Đã nộp" in row_a and "9,80 / 10,00" in row_a  # submitted, points entered so far
    assert "Chưa bắt đầu" in row_b and "2,00 / 10,00" in row_b  # not started, 2 points so far
    # Nothing judged: no met or missed, no class, no rank, no units at risk or points short.
    assert "Không đạt" not in html and "status-met" not in html and "status-missed" not in html
    assert not re.search(r"Nhóm [ABCD]", html)
    assert 'id="risk-title"' not in html and not re.search(r"thiếu [\d,]+ điểm", html)
    assert "Xếp hạng" not in progress[0]
    figures = html.split('class="figures"')[1].split("</dl>")[0]
    assert re.search(r"Chưa nộp</dt>\s*<dd>1<", figures)
    assert "Đạt đủ chỉ tiêu" not in figures and "Xếp loại" not in figures
    # The phone cards too.
    cards = html.split('class="unit-cards"')[1].split("</ol>")[0]
    assert "9,80 / 10,00" in cards and "Không đạt" not in cards


def test_the_open_rounds_page_leads_back_to_the_published_results(leader, open_round):
    html = html_of(en(client_for(leader)).get(URL, {"year": "2024"}))
    banner = html.split('id="round-banner"')[1].split("</div>")[0]
    assert "The latest published results are those of 2023" in banner
    assert f'href="{URL}?year=2023"' in banner


def test_the_open_rounds_export_judges_nothing_either(leader, open_round):
    response = client_for(leader).get(reverse("dashboards:ranking-export"), {"year": "2024"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert [row[1] for row in rows] == ["Phường A", "Xã B"]
    assert all(row[0] is None for row in rows)  # no rank
    assert not any(value in ("Đạt", "Không đạt") for row in rows for value in row)


# --- the remembered choice -------------------------------------------------------------


def test_the_users_choice_is_remembered_in_a_new_session(leader, open_round):
    html_of(client_for(leader).get(URL, {"year": "2024", "scope": "all"}))
    assert User.objects.values_list("dashboard_year", "dashboard_scope").get(pk=leader.pk) == (
        2024,
        "all",
    )
    html = html_of(client_for(leader).get(URL))  # another browser, another session
    assert "2024" in title_of(html)


def test_the_choice_is_each_users_own(leader, admin_user, open_round):
    html_of(client_for(leader).get(URL, {"year": "2024"}))
    assert "2023" in title_of(html_of(client_for(admin_user).get(URL)))


def test_a_remembered_year_since_removed_falls_back_without_a_warning(leader, open_round):
    User.objects.filter(pk=leader.pk).update(dashboard_year=2019)  # a year since removed
    html = html_of(en(client_for(leader)).get(URL))
    assert "2023" in title_of(html)
    assert "There is no index set for that choice" not in html


def test_an_unknown_choice_is_not_remembered(leader, open_round):
    html_of(client_for(leader).get(URL, {"year": "1999"}))
    assert User.objects.get(pk=leader.pk).dashboard_year is None


def test_landing_without_a_choice_writes_nothing(leader, open_round, django_assert_num_queries):
    client = client_for(leader)
    client.get(URL)
    with django_assert_num_queries(3):  # the session, the user, the data versions
        html_of(client.get(URL))
    assert User.objects.get(pk=leader.pk).dashboard_year is None


# --- one ranking per set ---------------------------------------------------------------


def test_all_units_shows_one_ranking_per_set_with_the_scorecards_rank(leader, two_sets):
    html = html_of(en(client_for(leader)).get(URL, {"year": "2023", "scope": "all"}))
    tables = re.findall(r'<table class="data ranking">.*?</table>', html, re.S)
    assert len(tables) == 2
    assert "Ranking of 3 units, 2023: Department" in tables[0]
    assert "Ranking of 2 units, 2023: Ward, Commune" in tables[1]
    assert "Phường A" not in tables[0] and "Phòng Y tế" not in tables[1]  # never mixed
    # Each set's own classes: Phường A is first of its set, though Phòng Nội vụ is higher.
    counts = re.findall(r'<p class="class-counts">(.*?)</p>', html, re.S)
    assert len(counts) == 2
    assert re.sub(r"<[^>]+>|\s+", "", counts[1]) == "Classification:NhómA:1·NhómD:1"
    for code, name in (("phuong-a", "Phường A"), ("tu-phap", "Phòng Tư pháp")):
        page_rank = next(
            re.search(r'<td class="num">\s*(\d+)', row).group(1)
            for table in tables
            for row in table.split("<tr")
            if name in row
        )
        scorecard = html_of(
            en(client_for(leader)).get(
                reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": code})
            )
        )
        assert re.search(rf">\s*{page_rank} of (2|3)\s*<", scorecard), (name, page_rank)
    assert page_rank == "3"  # Phòng Tư pháp: 65 %, last of the 3 departments


def test_each_set_has_its_own_heatmap_and_at_risk_list(leader, two_sets):
    html = html_of(client_for(leader).get(URL, {"year": "2023", "scope": "all"}))
    for chart in ("chart-totals", "chart-heatmap", "chart-classes"):
        assert f'<script id="{chart}" type="application/json">' in html
        assert f'<script id="{chart}-2" type="application/json">' in html
    first = html.split('id="risk-title"')[1].split("</details>")[0]
    second = html.split('id="risk-title-2"')[1].split("</details>")[0]
    assert "Phòng Tư pháp" in first and "Xã B" not in first
    assert "Xã B" in second and "Phòng Tư pháp" not in second


def test_the_ranking_export_has_a_sheet_per_set(leader, two_sets):
    response = client_for(leader).get(
        reverse("dashboards:ranking-export"), {"year": "2023", "scope": "all"}
    )
    workbook = load_workbook(BytesIO(response.content))
    assert len(workbook.sheetnames) == 2
    names = [
        [row[:2] for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
        for sheet in workbook.worksheets
    ]
    assert names == [
        [(1, "Phòng Nội vụ"), (2, "Phòng Y tế"), (3, "Phòng Tư pháp")],
        [(1, "Phường A"), (2, "Xã B")],
    ]


def test_each_ranking_pages_and_sorts_on_its_own(leader, two_sets, scored):
    many_units(scored, 60)
    client = client_for(leader)
    html = html_of(client.get(URL, {"year": "2023", "scope": "all", "s2-page": "2"}))
    tables = re.findall(r'<table class="data ranking">.*?</table>', html, re.S)
    assert tables[0].count('<td class="unit"') == 3  # the departments' one page
    assert tables[1].count('<td class="unit"') == 12  # 62 communes: page 2
    # Each header sorts its own table: the second's links change s2-sort, the first's sort.
    assert "s2-sort=-rank" in tables[1] and "s2-sort=-rank" not in tables[0]
    assert "&amp;sort=-rank" in tables[0] or "?sort=-rank" in tables[0]


def test_the_annex_prints_one_ranking_per_set(leader, two_sets):
    html = html_of(
        en(client_for(leader)).get(
            reverse("dashboards:ranking-print"), {"year": "2023", "scope": "all"}
        )
    )
    tables = re.findall(r'<table class="data ranking">.*?</table>', html, re.S)
    assert len(tables) == 2 and "Phường A" in tables[1] and "Phường A" not in tables[0]


# --- cost ------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["2023", "2024"], ids=["two-sets", "open-round"])
def test_the_per_set_and_progress_pages_cost_the_same_for_500_units_as_for_27(
    leader, two_sets, open_round, year, django_assert_num_queries, django_assert_max_num_queries
):
    index_set = open_round if year == "2024" else two_sets
    many_units(index_set, 25, kind="department" if year == "2023" else "commune")
    client = client_for(leader)
    client.get(URL, {"year": year})
    clear_caches()
    with django_assert_max_num_queries(80) as few:
        html_of(client.get(URL, {"year": year}))
    many_units(index_set, 473, kind="department" if year == "2023" else "commune")
    clear_caches()
    with django_assert_num_queries(len(few.captured_queries)):
        html_of(client.get(URL, {"year": year}))
