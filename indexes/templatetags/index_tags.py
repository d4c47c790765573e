from django import template

from indexes import rule_words
from indexes.messages import describe_problem

register = template.Library()


@register.filter
def problem_text(problem) -> str:
    return describe_problem(problem)


@register.filter
def rule_text(rule) -> str:
    """A one-line reading of a leaf's scoring rule (indexes.rule_words)."""
    return rule_words.rule_text(rule)
