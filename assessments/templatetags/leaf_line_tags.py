"""The sheet pages' leaf lines, written by assessments/leaf_lines.py (a template per leaf
was most of a province form's time)."""

from django import template
from django.utils.safestring import SafeString

from assessments import leaf_lines
from assessments.entry_selectors import SheetEntry

register = template.Library()


@register.simple_tag
def self_assessment_leaf(line: SheetEntry, unit_code: str) -> SafeString:
    return leaf_lines.self_assessment_line(line, unit_code)


@register.simple_tag
def appraisal_leaf(line: SheetEntry, unit_code: str) -> SafeString:
    return leaf_lines.appraisal_line(line, unit_code)
