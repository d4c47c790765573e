"""Plotly figure dicts from plain data: no Django, no database, no translation.

Every caller passes its texts already translated and the number separators of the
active language (Vietnamese: decimal comma, thousands dot), so this module stays pure
and testable. The browser draws the dicts with static/js/charts.js.

Status never rests on colour alone: bars that miss a target also carry a hatch
pattern, and the hover text says "met" or "missed" in words.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

Figure = dict[str, Any]
# layout.meta.min_width: the narrowest a chart stays readable; static/js/charts.js keeps
# it that wide on a phone, inside a box that scrolls sideways, instead of squeezing it.
Number = Decimal | int | float | None

MET = "#1b7f3b"
MISSED = "#b3261e"
UNKNOWN = "#7b8794"
LINE = "#1f2933"
ACCENT = "#0b5cad"
ROW_HEIGHT = 24  # px per unit in the heatmap: its figure stays readable in the cell
# The trend's series, one colour each (a provisional year takes its series' colour).
PALETTE = (ACCENT, "#b35c00", "#5b3f99", "#1b7f3b", "#7b8794")
FONT = 'system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif'
# d3-format separators: decimal mark, then thousands mark.
SEPARATORS = {"vi": ",.", "en": ".,"}
# No toolbar: its buttons (zoom, download as PNG…) carry English labels and would be
# focusable inside a drawing that screen readers skip (aria-hidden); the table under each
# chart is its accessible and printable version.
CONFIG = {
    "displaylogo": False,
    "displayModeBar": False,
    "responsive": True,
}


def number(value: Number) -> float | None:
    """A JSON number for plotly (Decimal would be serialised as a string)."""
    return None if value is None else float(value)


def separators(language: str) -> str:
    return SEPARATORS.get((language or "vi")[:2], SEPARATORS["vi"])


def layout(*, title: str, language: str, height: int = 360, **extra: Any) -> dict[str, Any]:
    base = {
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 15}},
        "separators": separators(language),
        "font": {"family": FONT, "size": 12, "color": LINE},
        "height": height,
        "margin": {"l": 56, "r": 16, "t": 48, "b": 48},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "closest",
    }
    base.update(extra)
    return base


def figure(data: list[dict[str, Any]], *, title: str, language: str, **layout_extra: Any) -> Figure:
    """The traces in `data` with the house layout (see `layout`) and the house config."""
    return {
        "data": data,
        "layout": layout(title=title, language=language, **layout_extra),
        "config": CONFIG,
    }


# The printed annex: an A4 page's text width (180 mm at 96 dpi, app.css's @page margins)
# and fonts that print at 10.5 pt and more there (1 px = 0.75 pt), so that no label
# prints at the 5 pt of a screen chart shrunk to the page.
PRINT_WIDTH = 680
PRINT_FONT = 14
PRINT_TITLE_FONT = 16


def for_print(fig: Figure) -> Figure:
    """The figure laid out for the printed page: the page's width, readable labels."""
    layout = dict(fig["layout"])
    layout.update(width=PRINT_WIDTH, autosize=False)
    layout["font"] = {**layout.get("font", {}), "size": PRINT_FONT}
    title = dict(layout.get("title", {}))
    title["font"] = {**title.get("font", {}), "size": PRINT_TITLE_FONT}
    if "subtitle" in title:
        title["subtitle"] = {**title["subtitle"], "font": {"size": PRINT_FONT}}
    layout["title"] = title
    xaxis = layout.get("xaxis", {})
    if "tickangle" in xaxis:
        # Upright names: at 14 px, names slanted at 45° run into their neighbours' on a
        # page of thirty bars; the chart grows by what the names take.
        layout["xaxis"] = {**xaxis, "tickangle": -90}
        layout["height"] = layout.get("height", 360) + 100
    return {**fig, "layout": layout, "config": {**fig["config"], "responsive": False}}


def _status_style(reached: Sequence[bool | None]) -> dict[str, Any]:
    return {
        "color": [MET if r else MISSED if r is False else UNKNOWN for r in reached],
        "pattern": {"shape": ["" if r else "/" if r is False else "." for r in reached]},
    }


def _status_words(reached: Sequence[bool | None], words: dict[str, str]) -> list[str]:
    return [
        words["met"] if r else words["missed"] if r is False else words["unknown"] for r in reached
    ]


def totals_chart(
    *,
    units: Sequence[str],
    pcts: Sequence[Number],
    targets: Sequence[Number],
    reached: Sequence[bool | None],
    words: dict[str, str],
    language: str,
) -> Figure:
    """% of max per unit as bars, coloured by whether every target is reached, with the
    target line (the % the method targets add up to for each unit).

    words: title, axis, target, met, missed, unknown, and starts_at (the axis title's
    addition when the axis starts above 0, "{floor}" standing for where).
    """
    status = _status_words(reached, words)
    floor = axis_floor([*pcts, *targets])
    data = [
        {
            "type": "bar",
            "name": words["axis"],
            "x": list(units),
            "y": [number(p) for p in pcts],
            "marker": _status_style(reached),
            "customdata": status,
            "hovertemplate": "%{x}<br>%{y:.2f} %<br>%{customdata}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": words["target"],
            "x": list(units),
            "y": [number(t) for t in targets],
            "line": {"color": LINE, "dash": "dash", "shape": "hvh"},
            "marker": {"symbol": "line-ew-open", "size": 12, "color": LINE},
            "hovertemplate": "%{x}<br>" + words["target"] + ": %{y:.2f} %<extra></extra>",
        },
    ]
    fig = figure(
        data,
        title=words["title"],
        language=language,
        height=440,
        meta={"min_width": 120 + 16 * len(units)},  # a bar a finger can tell apart
        margin={"l": 56, "r": 16, "t": 84, "b": 140},
        xaxis={"tickangle": -45, "automargin": True, "type": "category"},
        yaxis={
            "title": {"text": words["axis"]},
            "range": [floor, 101],
            "ticksuffix": " %",
        },
        # At the foot of the drawing, under the slanted names: above the bars it ran into
        # the axis note on a phone.
        legend={"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom"},
    )
    if floor:
        # An axis that does not start at 0 says so under the title: a bar at 85 % must not
        # be read as half of one at 95 %.
        note = words["starts_at"].replace("{floor}", str(floor))
        fig["layout"]["title"]["subtitle"] = {"text": note, "font": {"size": 12}}
    return fig


def axis_floor(values: Sequence[Number]) -> int:
    """Where a % axis starts: ten points below the lowest value, in tens, at least 0, so
    that units at 85 % and 95 % do not look alike on a 0-100 axis."""
    known = [float(v) for v in values if v is not None]
    if not known:
        return 0
    return max(0, int(min(known) // 10) * 10 - 10)


def heatmap_chart(
    *,
    units: Sequence[str],
    fields: Sequence[str],
    values: Sequence[Sequence[Number]],
    words: dict[str, str],
    language: str,
) -> Figure:
    """Units (rows, in the table's order) × fields (columns), each cell the % of max,
    with the figure written in the cell. words: title, scale."""
    height = max(260, 140 + ROW_HEIGHT * len(units))
    fig = figure(
        [
            {
                "type": "heatmap",
                "x": list(fields),
                "y": list(units),
                "z": [[number(v) for v in row] for row in values],
                "zmin": 0,
                "zmax": 100,
                "colorscale": [[0, "#b3261e"], [0.7, "#f0c36d"], [0.9, "#a8d5b5"], [1, "#1b7f3b"]],
                "texttemplate": "%{z:.0f}",
                "hovertemplate": "%{y}<br>%{x}<br>%{z:.2f} %<extra></extra>",
                # Under the cells, not beside them: on a phone the width is the cells'.
                "colorbar": {
                    "title": {"text": words["scale"], "side": "top"},
                    "ticksuffix": " %",
                    "orientation": "h",
                    "x": 0,
                    "xanchor": "left",
                    "y": 0,
                    "yanchor": "top",
                    "ypad": 8,
                    "len": 1,
                    "thickness": 12,
                },
                "xgap": 1,
                "ygap": 1,
            }
        ],
        title=words["title"],
        language=language,
        height=height,
        margin={"l": 16, "r": 16, "t": 48, "b": 80},
        meta={"min_width": 220 + 48 * len(fields)},  # the unit names, then the cells
        # Above each column its code only ("1. Công tác chỉ đạo…" reads "1"): slanted
        # names ran into the title and each other, on a phone most of all. The full name
        # is in the hover text, the table below and the field links under the chart.
        xaxis={
            "side": "top",
            "type": "category",
            "automargin": True,
            "tickmode": "array",
            "tickvals": list(fields),
            "ticktext": [name.split(". ", 1)[0] for name in fields],
            "tickangle": 0,
        },
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
    )
    fig["layout"]["title"].update(automargin=True, yref="container", y=1, yanchor="top")
    return fig


def distribution_chart(
    *, labels: Sequence[str], counts: Sequence[int], words: dict[str, str], language: str
) -> Figure:
    """Number of units per classification, highest class first. words: title, axis."""
    return figure(
        [
            {
                "type": "bar",
                "x": list(labels),
                "y": list(counts),
                "text": [str(c) for c in counts],
                "textposition": "auto",
                "marker": {"color": ACCENT},
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            }
        ],
        title=words["title"],
        language=language,
        height=300,
        xaxis={"type": "category"},
        yaxis={
            "title": {"text": words["axis"]},
            "rangemode": "tozero",
            "tickformat": "d",
            # Whole units: a few units would otherwise get ticks at 0,5 shown as "0, 1, 1, 2".
            **({"dtick": 1} if max(counts, default=0) <= 10 else {}),
        },
    )


def trend_chart(
    *,
    years: Sequence[int | str],
    series: Sequence[tuple[str, Sequence[Number]]],
    words: dict[str, str],
    language: str,
    provisional: Sequence[bool] = (),
) -> Figure:
    """One line per series over the years (oldest first), in %. words: title, axis, and
    `provisional` (the legend's word for figures not yet published).

    A year marked in `provisional` (self or appraisal scores) is not on the series' line:
    the line joins the final years only, and the provisional years are open markers of
    their own, named in the legend, so that 14,8 % of self-scores never reads as a fall
    from 92,4 % published.
    """
    labels = [str(y) for y in years]
    marks = [bool(p) for p in provisional] + [False] * (len(labels) - len(provisional))
    data = []
    for index, (name, values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        final = [(x, v) for x, v, p in zip(labels, values, marks, strict=True) if not p]
        later = [(x, v) for x, v, p in zip(labels, values, marks, strict=True) if p]
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers+text",
                "name": name,
                "legendgroup": name,
                "x": [x for x, _v in final],
                "y": [number(v) for _x, v in final],
                "line": {"color": colour},
                "marker": {"color": colour, "size": 8},
                "textposition": "top center",
                "texttemplate": "%{y:.1f}",
                "hovertemplate": name + " %{x}: %{y:.2f} %<extra></extra>",
            }
        )
        if later:
            label = f"{name} ({words['provisional']})"
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers+text",  # never a line: not to be read as a change
                    "name": label,
                    "legendgroup": name,
                    "meta": "provisional",  # for the tests and any reader of the JSON
                    "x": [x for x, _v in later],
                    "y": [number(v) for _x, v in later],
                    "marker": {
                        "color": colour,
                        "symbol": "circle-open",
                        "size": 11,
                        "line": {"width": 2, "color": colour},
                    },
                    "textposition": "top center",
                    "texttemplate": "%{y:.1f}",
                    "hovertemplate": label + " %{x}: %{y:.2f} %<extra></extra>",
                }
            )
    return figure(
        data,
        title=words["title"],
        language=language,
        height=320,
        # Every year in its place on the axis, whichever trace holds it.
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels,
            # The year alone under the axis ("2024 (self-scores)" squeezed a phone's chart
            # to half its width); the open marks and the legend say which are provisional,
            # the hover text which scores count.
            "tickmode": "array",
            "tickvals": labels,
            "ticktext": [label.split(" ", 1)[0] for label in labels],
            "automargin": True,
        },
        yaxis={"title": {"text": words["axis"]}, "range": [0, 105], "ticksuffix": " %"},
    )


def against_targets_chart(
    *,
    names: Sequence[str],
    pcts: Sequence[Number],
    targets: Sequence[Number],
    reached: Sequence[bool | None] | None,
    words: dict[str, str],
    language: str,
) -> Figure:
    """Horizontal bars (a unit's methods or fields) against their target marks; without
    `reached` (nothing to meet) the bars are plain. words: title, axis, target, met,
    missed, unknown."""
    bar: dict[str, Any] = {
        "type": "bar",
        "orientation": "h",
        "name": words["axis"],
        "y": list(names),
        "x": [number(p) for p in pcts],
        "marker": {"color": ACCENT},
        "texttemplate": "%{x:.1f} %",
        "textposition": "auto",
        "hovertemplate": "%{y}: %{x:.2f} %<extra></extra>",
    }
    if reached is not None:
        bar["marker"] = _status_style(reached)
        bar["customdata"] = _status_words(reached, words)
        bar["hovertemplate"] = "%{y}: %{x:.2f} %<br>%{customdata}<extra></extra>"
    data = [bar]
    if any(t is not None for t in targets):
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": words["target"],
                "y": list(names),
                "x": [number(t) for t in targets],
                "marker": {
                    "symbol": "line-ns-open",
                    "size": 22,
                    "color": LINE,
                    "line": {"width": 3},
                },
                "hovertemplate": "%{y}<br>" + words["target"] + ": %{x:.2f} %<extra></extra>",
            }
        )
    return figure(
        data,
        title=words["title"],
        language=language,
        height=max(240, 130 + 36 * len(names)),
        # The names beside the bars, and bars still long enough to compare.
        meta={"min_width": 200 + 6 * max((len(n) for n in names), default=0)},
        # Above the bars: below them it would sit on the axis title on a narrow screen.
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        margin={"l": 16, "r": 16, "t": 96, "b": 56},
        xaxis={"range": [0, 105], "ticksuffix": " %", "title": {"text": words["axis"]}},
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
    )
