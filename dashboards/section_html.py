"""The year dashboard's lines per unit, rendered in Python and kept per unit.

A set's section repeats four lines per unit shown (its card for phones, its place in the
list of units at risk, its row in the totals chart's table and in the heatmap's); in the
template engine they cost ~1.5 ms a unit, most of the first request after a save. Here
each line is written as the template wrote it (the same markup, words, escaping and
number marks: tests/dashboards/test_section_html.py compares the two) and kept by
dashboards/fragments.py while its unit's row is unchanged, so a save renders again the
changed unit's lines only.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dashboards.fragments import kept_html, page_variant
from dashboards.selectors.rows import Row
from dashboards.templatetags.dashboard_tags import (
    class_label,
    in_language,
    method_label,
    score_detail_url,
    scorecard_url,
    status_badge,
    status_text,
    workflow_label,
)
from indexes.templatetags.number_tags import pct, points


def _text(value: Any) -> str:
    """What `{{ value }}` writes: localized, then escaped unless already safe."""
    return conditional_escape(localize(value))


def _joined(lines: Iterable[str]) -> SafeString:
    return mark_safe("".join(lines))  # noqa: S308 - every value escaped by _text


def unit_cards(section: dict, *, full: bool, year: int) -> SafeString:
    """The cards of the units shown (templates/dashboards/includes/unit_cards.html)."""
    judged, own = section["judged"], section["own_unit_id"]
    variant = (*page_variant(), "card", judged, full, year)
    return _joined(
        kept_html(
            (*variant, row.unit_id == own, row.set_id, row.unit_id),
            row,
            lambda: _card(row, judged=judged, full=full, own=own, year=year),  # noqa: B023
        )
        for row in section["shown"]
    )


def _card(row: Row, *, judged: bool, full: bool, own: int | None, year: int) -> str:
    risk = " at-risk" if judged and row.at_risk else ""
    rank = ""
    if judged:
        rank = f'<span class="card-rank">{_text(row.rank) if row.rank else "—"}</span> '
    name = _text(row.unit_name)
    if full or row.unit_id == own:
        name = f'<a href="{_text(scorecard_url(year, row.unit_code))}">{name}</a>'
    parts = [
        f'\n  <li class="unit-card{risk}">\n    <p class="card-title">{rank}{name}</p>\n'
        "    <dl>\n      "
    ]
    if judged:
        parts.append(
            f"\n      <div><dt>{_text(_('% of max'))}</dt><dd>{_text(pct(row.pct))} "
            f"{status_badge(row.all_targets_met)}</dd></div>\n      "
        )
        if full:
            parts.extend(
                f"\n      <div><dt>{_text(method_label(cell.method))}</dt>"
                f"<dd>{_text(pct(cell.pct))} {status_badge(cell.reached)}</dd></div>\n      "
                for cell in row.methods.values()
            )
        label = _text(class_label(row.class_label, row.class_label_en)) if row.class_label else "—"
        parts.append(
            f"\n      <div><dt>{_text(_('Classification'))}</dt><dd>{label}</dd></div>\n      "
        )
    else:
        parts.append("\n      ")
        if full:
            parts.append(
                f"<div><dt>{_text(_('Submission'))}</dt>"
                f"<dd>{_text(workflow_label(row.workflow))}</dd></div>"
            )
        parts.append(
            f"\n      <div><dt>{_text(_('Points entered so far'))}</dt>"
            f"<dd>{_text(points(row.points))} / {_text(points(row.max_points))}</dd></div>\n      "
        )
    parts.append("\n    </dl>\n  </li>\n  ")
    return "".join(parts)


def totals_rows(shown: list[Row]) -> SafeString:
    """The totals chart's table: each unit's % of max, its target line and whether it
    meets every target."""
    variant = (*page_variant(), "totals")
    return _joined(
        kept_html((*variant, row.set_id, row.unit_id), row, lambda: _totals_row(row))  # noqa: B023
        for row in shown
    )


def _totals_row(row: Row) -> str:
    return (
        f'<tr><th scope="row">{_text(row.unit_name)}</th>'
        f'<td class="num">{_text(pct(row.pct))}</td>'
        f'<td class="num">{_text(pct(row.target_pct))}</td>'
        f"<td>{_text(status_text(row.all_targets_met))}</td></tr>"
    )


def heatmap_rows(shown: list[Row], field_codes: tuple[str, ...]) -> SafeString:
    """The heatmap's table: each unit's % of max in each field."""
    variant = (*page_variant(), "heatmap", field_codes)
    return _joined(
        kept_html(
            (*variant, row.set_id, row.unit_id),
            row,
            lambda: _heatmap_row(row, field_codes),  # noqa: B023
        )
        for row in shown
    )


def _heatmap_row(row: Row, field_codes: tuple[str, ...]) -> str:
    values = "".join(
        f'<td class="num">{_text(pct(row.fields.get(code)))}</td>' for code in field_codes
    )
    return f'<tr><th scope="row">{_text(row.unit_name)}</th>{values}</tr>'


def at_risk_items(items: Iterable[Any], *, year: int) -> SafeString:
    """The list of units below a target or their commitment, each with its worst leaves."""
    variant = (*page_variant(), "at-risk", year)
    return _joined(
        kept_html(
            (*variant, item.row.set_id, item.row.unit_id),
            (item.row, item.losses),
            lambda: _at_risk_item(item.row, item.losses, year),  # noqa: B023
        )
        for item in items
    )


def _at_risk_item(row: Row, losses: tuple, year: int) -> str:
    short = _("%(pct)s of max, %(lacking)s points short") % {
        "pct": _text(pct(row.pct)),
        "lacking": _text(points(row.lacking)),
    }
    badges = []
    for cell in row.methods.values():
        if cell.reached is not False:
            continue
        if cell.committed_pct and cell.committed_pct != cell.target_pct:
            against = f" / {_text(_('committed'))} {_text(pct(cell.committed_pct))}"
        else:
            against = f" / {_text(pct(cell.target_pct))}"
        badges.append(
            f'<span class="badge status-missed">{_text(method_label(cell.method))} '
            f"{_text(pct(cell.pct))}{against}</span> "
        )
    parts = [
        "\n      <li>\n"
        f'        <p><a href="{_text(scorecard_url(year, row.unit_code))}">'
        f"<strong>{_text(row.unit_name)}</strong></a>\n"
        f"          — {short}.\n"
        f"          {_text(_('Below'))}:\n"
        f"          {''.join(badges)}\n"
        "        </p>\n        "
    ]
    if losses:
        parts.append('\n        <ul class="losses">\n          ')
        for loss in losses:
            detail = score_detail_url(row.unit_code, loss.criterion_id)
            code = _text(loss.code)
            link = f'<a href="{_text(detail)}">{code}</a>' if detail else code
            lost = _("lost %(lost)s of %(max)s points") % {
                "lost": _text(points(loss.lost)),
                "max": _text(points(loss.max_points)),
            }
            name = _text(in_language(loss))
            parts.append(f"\n          <li>{link} {name}:\n            {lost}</li>\n          ")
        parts.append("\n        </ul>\n        ")
    parts.append("\n      </li>\n      ")
    return "".join(parts)


# xgettext does not read inside f-strings: the interface texts written in them above,
# named here for `makemessages` (gettext_noop marks a text without translating it).
TEXTS_IN_F_STRINGS = (
    gettext_noop("% of max"),
    gettext_noop("Classification"),
    gettext_noop("Submission"),
    gettext_noop("Points entered so far"),
    gettext_noop("committed"),
    gettext_noop("Below"),
)
