"""`manage.py import_index_set FILE.yaml [--replace]`: load an index set, all or nothing."""

from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from indexes.importing import (
    IndexSetImportError,
    index_set_import,
    load_index_set_yaml,
)


class Command(BaseCommand):
    help = "Import an index set (criteria tree, targets, classes) from a YAML file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A YAML file shaped like the sample district set.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a set of the same code, unless it already has scores.",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            message = _("Cannot read {path}: {error}").format(path=path, error=error)
            raise CommandError(message) from error
        try:
            data = load_index_set_yaml(text)
            index_set = index_set_import(data=data, replace=options["replace"])
        except IndexSetImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            message = _("{count} problem(s) found in {path}; nothing was imported.")
            raise CommandError(message.format(count=len(error.problems), path=path)) from error

        totals = index_set.criteria.aggregate(
            leaves=Count("pk", filter=~Q(method="")),
            total=Sum("max_points", filter=Q(depth=1)),
        )
        message = _("Imported {code}: {leaves} leaves, {total} points in total.")
        self.stdout.write(
            self.style.SUCCESS(
                message.format(
                    code=index_set.code,
                    leaves=totals["leaves"] or 0,
                    total=format((totals["total"] or Decimal(0)).normalize(), "f"),
                )
            )
        )
        items = index_set.adjustment_items.count()
        if items:
            message = _("With {count} bonus/deduction item(s).")
            self.stdout.write(message.format(count=items))
