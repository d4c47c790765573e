from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.services import reminders_send


class Command(BaseCommand):
    help = (
        "Write today's reminders (windows opening and closing, the leaders' weekly digest); "
        "run daily by a systemd timer or cron. Running it twice writes nothing new."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", help="the day to compute for (YYYY-MM-DD); default today")

    def handle(self, *args, today: str | None, **options) -> None:
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today must be a date like 2024-10-25, not {today!r}") from None
        for name, count in reminders_send(today=day).items():
            self.stdout.write(f"{name}: {count}")
