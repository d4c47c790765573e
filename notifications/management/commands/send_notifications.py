from django.core.management.base import BaseCommand

from notifications.delivery import notifications_send


class Command(BaseCommand):
    help = (
        "Send the pending notification e-mails that are due; a failed try is retried later "
        "(run every few minutes by a systemd timer or cron)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, default=50, help="rows locked and sent at once")

    def handle(self, *args, batch: int, **options) -> None:
        run = notifications_send(batch=batch)
        self.stdout.write(f"sent {run.sent}, to retry {run.retrying}, failed {run.failed}")
