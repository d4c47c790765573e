"""The leaf lines of the self-assessment and appraisal cards, written in Python.

A province's form has a hundred leaf lines; through a template each cost a few hundred
nodes, most of the page's time (issue 13). What every unit shares (the leaf's name, rule
and hint; its inputs with a mark for the value) comes from assessments/sheet_parts.py;
this module writes the rest of a line: the unit's values, flags, evidence, the inputs
put in, and the notes of a conflict or a return. The markup is the one the templates
wrote (tests/assessments/test_leaf_lines.py reads it as a user would).

Every value from the database goes through `conditional_escape`; what is already safe
(rendered inputs, shared markup, panels rendered by their own templates) is kept as is,
and so are the interface's own texts, which `{% translate %}` does not escape either.
"""

from collections.abc import Iterable
from typing import Any

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import is_aware, localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessments.entry_selectors import LeafRow, SheetEntry
from assessments.services.common import ChangedLeaf
from assessments.templatetags.entry_tags import evidence_list, input_text
from indexes.templatetags.number_tags import points

DASH = "—"

# The interface texts of the lines, named for `makemessages` (gettext_noop marks a text
# without translating it; xgettext does not read `t(…)` nor inside f-strings).
TEXTS = (
    gettext_noop("No evidence and no explanation yet."),
    gettext_noop("Returned for explanation:"),
    gettext_noop("No evidence attached."),
    gettext_noop("Points:"),
    gettext_noop("Self-score"),
    gettext_noop("Survey points are entered by the appraisers."),
    gettext_noop("Survey points"),
    gettext_noop("Appraised score"),
    gettext_noop("Explanation"),
    gettext_noop("Changed by %(who)s at %(when)s. Saved now:"),
    gettext_noop("self-score"),
    gettext_noop("explanation"),
    gettext_noop("appraised score"),
    gettext_noop("comment"),
    gettext_noop("Survey leaf: enter the survey points or import them."),
    gettext_noop("Unit's explanation"),
    gettext_noop("Unit's answer:"),
    gettext_noop("Returned:"),
    gettext_noop("Comment"),
    gettext_noop("Details and history"),
)


class Texts:
    """The lines' texts in the language of the page, translated once per page: `gettext`
    asks for the active language each time (a context-local read), and six hundred
    calls were a twentieth of a province form's time. Every text this module asks `t` for is
    in TEXTS (tests/assessments/test_leaf_lines.py holds it so); one that was not would
    still be translated when asked for, rather than fail the page."""

    def __init__(self) -> None:
        self._translated = {text: _(text) for text in TEXTS}

    def __call__(self, text: str) -> str:
        translated = self._translated.get(text)
        return _(text) if translated is None else translated


def self_assessment_line(line: SheetEntry, unit_code: str, t: Texts) -> SafeString:
    """One leaf of the official's form (or of the read-only sheet once it is closed)."""
    row, fields, conflict = line.row, line.fields, line.conflict
    assert row is not None, "headings are written by the page's template"
    leaf_id = str(row.id)
    classes = _classes("leaf", row, conflict)
    if row.lacks_score or row.lacks_support:
        classes += " incomplete"
    saved = "" if row.self_points is None else str(row.self_points)
    marks = (" data-counts" if row.applicable else "") + (
        " data-enterable" if row.official_enters else ""
    )
    parts = [
        f'<article class="{classes}" id="leaf-{leaf_id}" data-leaf="{leaf_id}"'
        f' data-field="{conditional_escape(row.criterion.field_code)}"'
        f' data-max="{row.criterion.max_points}" data-saved="{saved}"{marks}>\n  ',
        line.head,
    ]
    if row.applicable:
        parts += [
            '\n  <div class="leaf-body">\n    <div class="leaf-score">\n      ',
            _self_score(row, fields, t),
            _appraised(row, t),
            '\n    </div>\n    <div class="leaf-explanation">\n      ',
            _own_explanation(row, fields, t),
            '\n    </div>\n    <div class="leaf-evidence">\n      ',
            evidence_list(row.evidence),
            "\n      ",
            _panels(line.panels),
            "\n      ",
            line.evidence_inputs,
        ]
        if row.lacks_support:
            parts.append(f'\n      <p class="flag">{t("No evidence and no explanation yet.")}</p>')
        parts.append("\n    </div>\n  </div>\n  ")
        if conflict:
            parts.append(_self_conflict(row, conflict, t))
        if row.open_return:
            question = conditional_escape(row.open_return.question)
            parts.append(
                f'\n  <p class="returned-note"><strong>{t("Returned for explanation:")}'
                f"</strong> {question}</p>\n  "
            )
        parts.append(_details_link(row, unit_code, t))
    parts.append("\n</article>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def appraisal_line(line: SheetEntry, unit_code: str, t: Texts) -> SafeString:
    """One leaf of the appraisal cards."""
    row, fields, conflict = line.row, line.fields, line.conflict
    assert row is not None, "headings are written by the page's template"
    leaf_id = str(row.id)
    classes = _classes("leaf appraisal-leaf", row, conflict)
    parts = [
        f'<article class="{classes}" id="leaf-{leaf_id}" data-leaf="{leaf_id}">\n  ',
        line.head,
    ]
    if row.applicable:
        parts += [
            '\n  <div class="leaf-body">\n    <div class="leaf-score">\n      ',
            _appraisal_score(row, fields, t),
            '\n    </div>\n    <div class="leaf-explanation">\n      ',
            _exchange(row, fields, t),
            '\n    </div>\n    <div class="leaf-evidence">\n      ',
        ]
        if not row.is_survey:
            parts += [evidence_list(row.evidence), "\n        ", _panels(line.panels)]
            if not row.evidence:
                parts.append(f'\n        <p class="flag">{t("No evidence attached.")}</p>')
        parts.append("\n    </div>\n  </div>\n  ")
        if conflict:
            parts.append(_appraisal_conflict(row, conflict, t))
        parts.append(_details_link(row, unit_code, t))
    parts.append("\n</article>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _classes(base: str, row: LeafRow, conflict: ChangedLeaf | None) -> str:
    """The card's classes: greyed when the leaf does not apply, marked on a conflict."""
    return (
        base + (" not-applicable" if not row.applicable else "") + (" conflict" if conflict else "")
    )


def _field(field: Any) -> tuple[str, str, str]:
    """A field's label, input and errors as markup: a BoundField (a form sent back with
    its errors) or the cached field of sheet_parts (label_tag an attribute, no errors)."""
    label = field.label_tag
    label = label() if callable(label) else label
    errors = field.errors
    return str(label), str(field), str(errors) if errors else ""


def _error_box(errors: str) -> str:
    return f'\n        <div class="field-error" role="alert">{errors}</div>' if errors else ""


def _entered(row: LeafRow) -> str:
    """What the official entered, "(95,5 %)", when it is more than the points."""
    return conditional_escape(input_text(row.score.self_input if row.score else ""))


def _self_score(row: LeafRow, fields: dict | None, t: Texts) -> str:
    if fields:
        label, widget, errors = _field(fields["value"])
        return (
            f"{label} {widget}{_error_box(errors)}\n        "
            f'<p class="points-preview">{t("Points:")} <output data-points-for="{row.id}">'
            f"{points(row.self_points)}</output></p>"
        )
    entered = _entered(row)
    text = (
        f'<p><span class="label">{t("Self-score")}</span> <strong>{points(row.self_points)}'
        f"</strong>{f' <small>({entered})</small>' if entered else ''}</p>"
    )
    if row.is_survey:
        text += f'\n        <p class="hint">{t("Survey points are entered by the appraisers.")}</p>'
    return text


def _appraised_label(row: LeafRow, t: Texts) -> str:
    return t("Survey points") if row.is_survey else t("Appraised score")


def _appraised(row: LeafRow, t: Texts) -> str:
    """The appraisers' score and comment, shown to the unit once there is one."""
    if row.appraised_points is None:
        return ""
    text = (
        f'\n        <p><span class="label">{_appraised_label(row, t)}</span> '
        f"<strong>{points(row.appraised_points)}</strong></p>"
    )
    comment = row.score.appraiser_comment if row.score else ""
    if comment:
        text += f'\n        <p class="comment">{conditional_escape(comment)}</p>'
    return text


def _own_explanation(row: LeafRow, fields: dict | None, t: Texts) -> str:
    if fields:
        label, widget, errors = _field(fields["explanation"])
        return f"{label} {widget} {errors}"
    if row.explanation:
        return (
            f'<p><span class="label">{t("Explanation")}</span> {linebreaksbr(row.explanation)}</p>'
        )
    return ""


def _panels(panels: Iterable) -> str:
    """What the apps above show on the leaf (assessments/panels.py), each rendered by its
    own template with its data alone, as an include with `only` renders it."""
    return "".join(render_to_string(panel.template, {"data": panel.data}) for panel in panels)


def _changed_by(conflict: ChangedLeaf, t: Texts) -> str:
    when = conflict.changed_at
    when = localtime(when) if when is not None and is_aware(when) else when  # as templates do
    return t("Changed by %(who)s at %(when)s. Saved now:") % {
        "who": conditional_escape(conflict.changed_by),
        "when": conditional_escape(date_filter(when, "SHORT_DATETIME_FORMAT")),
    }


def _self_conflict(row: LeafRow, conflict: ChangedLeaf, t: Texts) -> str:
    entered = _entered(row)
    text = (
        f'<p class="conflict-note" role="alert">{_changed_by(conflict, t)}\n    '
        f"{t('self-score')} {points(row.self_points)}{f' ({entered})' if entered else ''}"
    )
    if row.explanation:
        text += f"; {t('explanation')}: “{conditional_escape(row.explanation)}”"
    if row.appraised_points is not None:
        text += f"; {t('appraised score')} {points(row.appraised_points)}"
    comment = row.score.appraiser_comment if row.score else ""
    if comment:
        text += f"; {t('comment')}: “{conditional_escape(comment)}”"
    return text + "</p>\n  "


def _appraisal_score(row: LeafRow, fields: dict | None, t: Texts) -> str:
    if row.is_survey:
        text = f'<p class="hint">{t("Survey leaf: enter the survey points or import them.")}</p>'
    else:
        entered = _entered(row)
        entered = f" <small>({entered})</small>" if entered else ""
        text = (
            f'<p><span class="label">{t("Self-score")}</span> <strong data-self="{row.id}">'
            f"{points(row.self_points)}</strong>{entered}</p>"
        )
    if fields:
        label, widget, errors = _field(fields["appraised"])
        return f"{text}\n      {label} {widget}{_error_box(errors)}"
    return (
        f'{text}\n      <p><span class="label">{_appraised_label(row, t)}</span> '
        f"<strong>{points(row.appraised_points)}</strong></p>"
    )


def _exchange(row: LeafRow, fields: dict | None, t: Texts) -> str:
    """The unit's explanation, each return and its answer, and the appraiser's comment."""
    parts = []
    if not row.is_survey:
        said, label = linebreaksbr(row.explanation or DASH), t("Unit's explanation")
        parts.append(f'<p><span class="label">{label}</span> {said}</p>')
    answered = t("Unit's answer:")
    for item in row.returns:
        closed = " closed" if item.closed_at else ""
        parts.append(
            f'\n        <div class="exchange{closed}">\n          <p><strong>{t("Returned:")}'
            f"</strong> {conditional_escape(item.question)}</p>\n          "
            f"<p><strong>{answered}</strong> {linebreaksbr(item.answer or DASH)}"
            "</p>\n        </div>"
        )
    if fields:
        label, widget, errors = _field(fields["comment"])
        parts.append(f"\n        {label} {widget}{_error_box(errors)}")
        if fields.get("return"):
            tick_label, tick, _errors = _field(fields["return"])
            parts.append(f'\n        <p class="return-choice">{tick} {tick_label}</p>')
    elif row.score and row.score.appraiser_comment:
        comment = linebreaksbr(row.score.appraiser_comment)
        parts.append(f'\n        <p><span class="label">{t("Comment")}</span> {comment}</p>')
    return "".join(parts)


def _appraisal_conflict(row: LeafRow, conflict: ChangedLeaf, t: Texts) -> str:
    text = (
        f'<p class="conflict-note" role="alert">{_changed_by(conflict, t)}\n    '
        f"{t('appraised score')} {points(row.appraised_points)}"
    )
    comment = row.score.appraiser_comment if row.score else ""
    if comment:
        text += f"; {t('comment')}: “{conditional_escape(comment)}”"
    return text + f"; {t('self-score')} {points(row.self_points)}</p>\n  "


def _details_link(row: LeafRow, unit_code: str, t: Texts) -> str:
    url = _detail_address(unit_code).replace(str(ADDRESS_MARK), str(row.id))
    return f'<p class="leaf-links"><a href="{url}">{t("Details and history")}</a></p>'


# A leaf id no set will reach, written into the detail address once per unit and page
# and replaced by each leaf's: `reverse` per leaf was a tenth of the lines' time.
ADDRESS_MARK = 987654321987


def _detail_address(unit_code: str) -> str:
    """The leaf detail address of the unit with ADDRESS_MARK for the leaf, kept while the
    pages ask for the same unit (the address prefix and URLconf are per request). One
    tuple, read and replaced whole, so that threads never mix two units' addresses."""
    global _last_address
    key = (unit_code, get_script_prefix(), get_urlconf())
    last = _last_address
    if last[0] != key:
        kwargs = {"unit_code": unit_code, "criterion_id": ADDRESS_MARK}
        last = _last_address = (key, reverse("assessments:score-detail", kwargs=kwargs))
    return last[1]


_last_address: tuple = (None, "")
