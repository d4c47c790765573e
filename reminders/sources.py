"""The reminders `manage.py send_reminders` computes each day, as a list of sources.

A source is a function of the day that writes its notifications through
`notifications.services.notify` with a key per reminder, and returns how many it asked
for; a reminder whose key a recipient already has is not written again, so running the
command twice (or a source seeing the same day twice) sends nothing new.

To add a source: write `def <name>(today: date) -> int` in the app that knows the dates
(as plans/plan_reminders.py does), add its kinds to notifications/kinds.py, and append it
to SOURCES.
"""

from collections.abc import Callable
from datetime import date

from assessments import notices
from indexes.models import IndexSet, Phase
from plans.plan_reminders import plan_reminders
from reminders.digest import weekly_digest

Source = Callable[[date], int]


def _open_sets() -> list[IndexSet]:
    return list(IndexSet.objects.filter(phase=Phase.SELF_ASSESSMENT).order_by("code"))


def window_opened(today: date) -> int:
    """A window whose opening day came after the set entered its phase opens today."""
    return sum(notices.notify_window_opened(index_set=s, today=today) for s in _open_sets())


def window_closing(today: date) -> int:
    return sum(notices.notify_window_closing(index_set=s, today=today) for s in _open_sets())


SOURCES: list[Source] = [window_opened, window_closing, plan_reminders, weekly_digest]
