"""`manage.py purge_previews [--dry-run]`: free the disk of expired spreadsheet dry runs."""

from django.core.management.base import BaseCommand, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import ngettext

from exchange.housekeeping import expired_previews_purge


class Command(BaseCommand):
    help = (
        "Delete the uploaded files of spreadsheet dry runs that can no longer be confirmed "
        "and were never imported. The exchange log keeps its rows. Run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say what would be deleted."
        )

    def handle(self, *args, **options) -> None:
        result = expired_previews_purge(now=timezone.now(), dry_run=options["dry_run"])
        size = filesizeformat(result.bytes)
        if options["dry_run"]:
            text = ngettext(
                "Would delete %(files)s file of expired dry runs (%(size)s).",
                "Would delete %(files)s files of expired dry runs (%(size)s).",
                result.files,
            )
        else:
            text = ngettext(
                "Deleted %(files)s file of expired dry runs (%(size)s).",
                "Deleted %(files)s files of expired dry runs (%(size)s).",
                result.files,
            )
        self.stdout.write(text % {"files": result.files, "size": size})
