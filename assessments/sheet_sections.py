"""The fields of the self-assessment and appraisal cards, and the list of what is still
missing before a submission, written in Python around the leaf lines of leaf_lines.py.

A province's sheet has a hundred leaves under some thirty headings: looping over them in
a template cost about as much as the leaf lines themselves once those were in Python.
The markup is the templates' (tests/assessments/test_leaf_lines.py reads it).
"""

from collections.abc import Iterable

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessments.attention import ShownSection
from assessments.entry_selectors import LeafRow, Section
from assessments.leaf_lines import Texts, appraisal_line, self_assessment_line
from assessments.templatetags.entry_tags import ratio


def self_assessment_sections(sections: Iterable[Section], unit_code: str) -> SafeString:
    """Each field with its live subtotal, the criteria headings with their maximum, and
    the leaf lines."""
    parts, texts = [], Texts()
    for section in sections:
        node, subtotal = section.field, section.subtotal
        code = conditional_escape(node.code)
        top = "" if subtotal is None else str(subtotal.max_points)
        parts.append(
            f'<section class="field-section" data-field-section="{code}">\n'
            f'    <h2 class="field-heading"><span>{code}. {conditional_escape(node.name)}</span>\n'
            f'      <span class="subtotal">{_("Subtotal")} <strong data-subtotal="{code}"'
            f' data-max="{top}">{conditional_escape(ratio(subtotal))}</strong></span></h2>\n    '
        )
        for line in section.entries:
            if line.row is not None:
                parts.append(self_assessment_line(line, unit_code, texts))
            else:
                most = _("max %(max)s") % {
                    "max": conditional_escape(localize(line.node.max_points))
                }
                parts.append(
                    f'\n        <h3 class="criterion-heading">{conditional_escape(line.node.code)}.'
                    f" {conditional_escape(line.node.name)} <small>({most})</small></h3>\n"
                )
        parts.append("\n  </section>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def appraisal_sections(shown: Iterable[ShownSection], unit_code: str) -> SafeString:
    """The appraisal cards: each field shown with its subtotal, its headings and leaves."""
    parts, texts = [], Texts()
    for item in shown:
        node = item.section.field
        parts.append(
            '<section class="field-section">\n    <h2 class="field-heading"><span>'
            f"{conditional_escape(node.code)}. {conditional_escape(node.name)}</span>\n"
            f'      <span class="subtotal">{_("Subtotal")} <strong>'
            f"{conditional_escape(ratio(item.section.subtotal))}</strong></span></h2>\n    "
        )
        for shown_line in item.lines:
            line = shown_line.entry
            if line.row is not None:
                parts.append(appraisal_line(line, unit_code, texts))
            else:
                parts.append(
                    f'\n        <h3 class="criterion-heading">{conditional_escape(line.node.code)}.'
                    f" {conditional_escape(line.node.name)}</h3>\n"
                )
        parts.append("\n  </section>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def gap_items(gaps: Iterable[LeafRow]) -> SafeString:
    """The items of "Before you can submit": each leaf's code, linked to its line, and
    what it lacks."""
    no_score, no_support = _("no self-score yet"), _("attach evidence or explain why there is none")
    return mark_safe(  # noqa: S308 - codes escaped, the rest the interface's own texts
        "".join(
            f'\n    <li><a href="#leaf-{row.id}">{conditional_escape(row.criterion.code)}</a>:\n'
            f"      {no_score if row.lacks_score else no_support}</li>"
            for row in gaps
        )
    )


# xgettext does not read inside f-strings: the interface texts written in them above,
# named here for `makemessages` (gettext_noop marks a text without translating it).
TEXTS_IN_F_STRINGS = (gettext_noop("Subtotal"),)
