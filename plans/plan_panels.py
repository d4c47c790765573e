"""The plan's part of an official's to-do board (a board panel, assessments/panels.py):
the unit's open tasks and the progress reports due now."""

from datetime import date

from assessments import panels
from plans.plan_selectors import TodoCard, todo_card
from units.models import Unit


def board_panel(unit: Unit, today: date) -> TodoCard | None:
    return todo_card(unit=unit, today=today)


def register() -> None:
    panels.register_board_panel(
        panels.BoardPanel(template="plans/plan/includes/todo.html", load=board_panel)
    )
