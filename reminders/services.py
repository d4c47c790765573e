from datetime import date

from django.db import transaction

from reminders.sources import SOURCES


def reminders_send(*, today: date) -> dict[str, int]:
    """Run every reminder source for the day, each in its own transaction (one source
    failing leaves the others' reminders written); returns what each asked for."""
    asked = {}
    for source in SOURCES:
        with transaction.atomic():
            asked[source.__name__] = source(today)
    return asked
