"""The sheet pages' fields, leaf lines and list of gaps, written by
assessments/sheet_sections.py and leaf_lines.py (a template per leaf and heading was most
of a province form's time)."""

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from assessments import sheet_sections
from assessments.attention import ShownSection
from assessments.entry_selectors import LeafRow, Section

register = template.Library()


@register.simple_tag
def self_assessment_sections(sections: Iterable[Section], unit_code: str) -> SafeString:
    return sheet_sections.self_assessment_sections(sections, unit_code)


@register.simple_tag
def appraisal_sections(shown: Iterable[ShownSection], unit_code: str) -> SafeString:
    return sheet_sections.appraisal_sections(shown, unit_code)


@register.simple_tag
def gap_items(gaps: Iterable[LeafRow]) -> SafeString:
    return sheet_sections.gap_items(gaps)
