"""The printable annex attaches to a decision: issuing body, motto, "Kèm theo Quyết định
số … ngày … của …" from the set's legal basis (dots to fill by hand without one), and
charts laid out to print readably."""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from dashboards import charts
from tests.conftest import client_for
from tests.dashboards.conftest import en

pytestmark = pytest.mark.django_db

URL = reverse("dashboards:ranking-print")


def head_of(html: str) -> str:
    """The annex's header as text, one space between words and lines."""
    head = html.split('<header class="annex-head">')[1].split("</header>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", head).split())


def test_the_annex_names_the_decision_of_the_sets_legal_basis(settings, leader, scored):
    settings.CCHC_GOVERNMENT_NAME = "Thành phố Cao Lãnh"
    scored.legal_basis_number = "123/QĐ-UBND"
    scored.legal_basis_date = date(2024, 2, 5)
    scored.save()
    head = head_of(client_for(leader).get(URL).content.decode())
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ CAO LÃNH" in head
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head and "Độc lập - Tự do - Hạnh phúc" in head
    assert (
        "(Kèm theo Quyết định số 123/QĐ-UBND ngày 05 tháng 02 năm 2024 "
        "của Ủy ban nhân dân Thành phố Cao Lãnh)"
    ) in head
    assert "Số:" not in head and "ngày …… tháng" not in head  # no number or date of its own


def test_without_a_legal_basis_the_decision_line_is_left_to_fill_by_hand(leader, scored):
    head = head_of(client_for(leader).get(URL).content.decode())
    assert "Kèm theo Quyết định số ……/QĐ-UBND ngày …… tháng …… năm …… của Ủy ban nhân dân" in head


def test_the_english_annex_writes_its_decision_line_in_english(leader, scored):
    scored.legal_basis_number = "123/QĐ-UBND"
    scored.legal_basis_date = date(2024, 2, 5)
    scored.save()
    head = head_of(en(client_for(leader)).get(URL).content.decode())
    assert "(Attached to Decision No. 123/QĐ-UBND dated 5 February 2024 of the People" in head


def charts_of(html: str) -> dict[str, dict]:
    found = re.findall(
        r'<script id="(chart-[\w-]+)" type="application/json">(.*?)</script>', html, re.S
    )
    return {name: json.loads(text) for name, text in found}


def test_the_annex_charts_print_at_the_page_width_with_labels_of_9_pt_or_more(leader, scored):
    figures = charts_of(client_for(leader).get(URL).content.decode())
    assert {"chart-totals", "chart-classes"} <= set(figures)
    for figure in figures.values():
        layout = figure["layout"]
        assert layout["width"] == charts.PRINT_WIDTH  # the A4 text width: printed 1 px = 0.75 pt
        assert layout["font"]["size"] * 0.75 >= 9
        assert layout["title"]["font"]["size"] * 0.75 >= 9
        if "subtitle" in layout["title"]:
            assert layout["title"]["subtitle"]["font"]["size"] * 0.75 >= 9


def test_the_totals_chart_says_where_its_axis_starts_when_not_at_0(leader, scored):
    """Units at 98 % and 65 %: the axis starts at 50 % and its title says so."""
    vi = "Trục dọc bắt đầu từ 50 %, không phải từ 0."
    en_words = "The axis starts at 50 %, not at 0."
    for client, words in ((client_for(leader), vi), (en(client_for(leader)), en_words)):
        for url in (URL, reverse("dashboards:year-dashboard")):
            layout = charts_of(client.get(url).content.decode())["chart-totals"]["layout"]
            assert layout["yaxis"]["range"][0] == 50
            assert layout["title"]["subtitle"]["text"] == words


def test_a_totals_axis_from_0_says_nothing_more():
    words = {"title": "T", "axis": "% of max", "target": "Target", "met": "Met",
             "missed": "Missed", "unknown": "No data", "starts_at": "From {floor} %"}  # fmt: skip
    figure = charts.totals_chart(
        units=["A"], pcts=[5], targets=[90], reached=[False], language="en", words=words
    )
    assert figure["layout"]["yaxis"]["range"][0] == 0
    assert "subtitle" not in figure["layout"]["title"]


def test_a_legal_basis_entered_later_shows_on_the_next_annex(leader, scored):
    client = client_for(leader)
    assert "số ……/QĐ-UBND" in head_of(client.get(URL).content.decode())
    scored.legal_basis_number = "77/QĐ-UBND"
    scored.legal_basis_date = date(2024, 3, 1)
    scored.save()
    head = head_of(client.get(URL).content.decode())
    assert "Kèm theo Quyết định số 77/QĐ-UBND ngày 01 tháng 03 năm 2024" in head


def test_sets_resting_on_two_decisions_give_two_lines_and_a_shared_one_gives_one():
    from dashboards.annex import annex_header
    from indexes.models import IndexSet

    wards = IndexSet(legal_basis_number="1/QĐ-UBND", legal_basis_date=date(2024, 1, 2))
    offices = IndexSet(legal_basis_number="2/QĐ-UBND", legal_basis_date=date(2024, 1, 3))
    same = IndexSet(legal_basis_number="1/QĐ-UBND", legal_basis_date=date(2024, 1, 2))
    lines = annex_header([wards, offices, same]).decision_lines
    assert len(lines) == 2
    assert "1/QĐ-UBND ngày 02 tháng 01 năm 2024" in lines[0]
    assert "2/QĐ-UBND ngày 03 tháng 01 năm 2024" in lines[1]
    assert len(annex_header([wards, same]).decision_lines) == 1
