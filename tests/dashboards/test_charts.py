"""charts.py turns plain data into plotly figures: tested without Django or a database."""

import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dashboards import charts

WORDS = {"title": "T", "axis": "%", "target": "Target", "met": "Met", "missed": "Missed",
         "unknown": "No data", "starts_at": "The axis starts at {floor} %, not at 0."}  # fmt: skip


def test_totals_chart_marks_missed_bars_with_a_pattern_and_words_not_only_colour():
    figure = charts.totals_chart(
        units=["Phường A", "Xã B", "Xã C"],
        pcts=[Decimal("98.00"), Decimal("65.00"), None],
        targets=[Decimal("97.55"), Decimal("97.55"), None],
        reached=[True, False, None],
        words=WORDS,
        language="vi",
    )
    bars, line = figure["data"]
    assert bars["marker"]["pattern"]["shape"] == ["", "/", "."]
    assert bars["customdata"] == ["Met", "Missed", "No data"]
    assert bars["marker"]["color"][0] != bars["marker"]["color"][1]
    assert bars["y"] == [98.0, 65.0, None]
    assert line["name"] == "Target" and line["y"] == [97.55, 97.55, None]


def test_figures_serialise_to_plain_json_numbers():
    figure = charts.trend_chart(
        years=[2022, 2023],
        series=[("Average", [Decimal("86.98"), None])],
        words={"title": "Trend", "axis": "%"},
        language="en",
    )
    text = json.dumps(figure)
    assert '"y": [86.98, null]' in text
    assert figure["data"][0]["x"] == ["2022", "2023"]


def test_numbers_follow_the_language_decimal_comma_in_vietnamese():
    vi = charts.distribution_chart(labels=["A"], counts=[3], words={"title": "", "axis": ""},
                                   language="vi")  # fmt: skip
    en = charts.distribution_chart(labels=["A"], counts=[3], words={"title": "", "axis": ""},
                                   language="en")  # fmt: skip
    assert vi["layout"]["separators"] == ",."
    assert en["layout"]["separators"] == ".,"
    assert charts.separators("xx") == ",."  # unknown languages get the Vietnamese marks


def test_heatmap_keeps_the_table_order_and_writes_each_figure_in_its_cell():
    figure = charts.heatmap_chart(
        units=["Phường A", "Xã B"],
        fields=["1. Chỉ đạo", "2. Thể chế"],
        values=[[Decimal("100"), None], [Decimal("50.5"), Decimal("0")]],
        words={"title": "Heat", "scale": "%"},
        language="vi",
    )
    heat = figure["data"][0]
    assert heat["z"] == [[100.0, None], [50.5, 0.0]]
    assert heat["texttemplate"]
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"  # first row on top
    assert (heat["zmin"], heat["zmax"]) == (0, 100)


def test_bars_without_anything_to_meet_are_plain():
    figure = charts.against_targets_chart(
        names=["1", "2"], pcts=[Decimal("90"), Decimal("80")], targets=[None, None],
        reached=None, words=WORDS, language="vi",
    )  # fmt: skip
    assert len(figure["data"]) == 1  # no target marks
    assert "pattern" not in figure["data"][0]["marker"]


def test_chart_config_shows_no_plotly_logo_or_link():
    figure = charts.trend_chart(years=[], series=[], words={"title": "", "axis": ""}, language="vi")
    assert figure["config"]["displaylogo"] is False


def test_charts_have_no_toolbar_to_tab_into():
    """The drawing is aria-hidden: a toolbar inside it would take the focus, in English."""
    figure = charts.trend_chart(years=[], series=[], words={"title": "", "axis": ""}, language="vi")
    assert figure["config"]["displayModeBar"] is False


percentages = st.decimals(min_value=0, max_value=100, places=2)


@given(st.lists(st.one_of(st.none(), percentages), max_size=30))
def test_axis_starts_below_every_value_at_a_multiple_of_ten(values):
    floor = charts.axis_floor(values)
    assert floor >= 0 and floor % 10 == 0
    assert all(floor <= v for v in values if v is not None)
    known = [v for v in values if v is not None]
    if known:
        assert min(known) - floor <= 20  # close enough that differences stay visible


def test_a_few_units_per_class_get_whole_number_ticks():
    words = {"title": "t", "axis": "Units"}
    few = charts.distribution_chart(labels=["A", "B"], counts=[1, 2], words=words, language="vi")
    many = charts.distribution_chart(
        labels=["A", "B"], counts=[90, 400], words=words, language="vi"
    )
    assert few["layout"]["yaxis"]["dtick"] == 1  # not 0, 1, 1, 2, 2 from ticks at 0,5
    assert "dtick" not in many["layout"]["yaxis"]  # plotly's own whole steps


def test_the_heatmap_names_each_column_by_its_code_above_the_cells():
    fig = charts.heatmap_chart(
        units=["Phường 1"],
        fields=["1. Công tác chỉ đạo, điều hành…", "2. Cải cách thể chế"],
        values=[[98, 100]],
        words={"title": "% of max per field", "scale": "% of max"},
        language="vi",
    )
    xaxis = fig["layout"]["xaxis"]
    assert xaxis["ticktext"] == ["1", "2"] and xaxis["tickangle"] == 0
    assert fig["data"][0]["x"] == ["1. Công tác chỉ đạo, điều hành…", "2. Cải cách thể chế"]
    assert fig["layout"]["title"]["automargin"] is True  # above the codes, not on them


def test_the_trend_axis_names_the_years_alone():
    fig = charts.trend_chart(
        years=["2023", "2024 (self-scores)"],
        series=[("Average", [92.4, 14.8])],
        words={"title": "Trend", "axis": "%", "provisional": "provisional"},
        language="en",
        provisional=[False, True],
    )
    assert fig["layout"]["xaxis"]["ticktext"] == ["2023", "2024"]
    assert fig["layout"]["xaxis"]["categoryarray"] == ["2023", "2024 (self-scores)"]
