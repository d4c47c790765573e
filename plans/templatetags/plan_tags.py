"""The plan's part of an official's to-do board: the unit's open tasks and the progress
reports due now (the board is the assessments app's page; the plan sits above it, so the
board's template asks for this part rather than its view)."""

from django import template
from django.utils import timezone

from plans.plan_selectors import todo_card
from units.models import Unit

register = template.Library()


@register.inclusion_tag("plans/plan/includes/todo.html")
def plan_todo(unit: Unit) -> dict:
    return {"card": todo_card(unit=unit, today=timezone.localdate())}
