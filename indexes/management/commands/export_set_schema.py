"""`manage.py export_set_schema [--output PATH]`: the JSON Schema of an index-set file.

Generated from the same pydantic models the importer checks files with
(indexes/importing/schema.py), so a province can validate its file before sending it.
The repository keeps the generated file in docs/index-set.schema.json; a test proves it
is what this command writes.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from indexes.importing.schema import index_set_json_schema


def schema_text() -> str:
    """The schema as the committed file holds it: sorted keys, two spaces, a final newline."""
    return json.dumps(index_set_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write the JSON Schema of an index-set file (YAML or JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="Write to this file instead of the standard output.")

    def handle(self, *args, **options) -> None:
        text = schema_text()
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        path = Path(options["output"])
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            message = _("Cannot write {path}: {error}").format(path=path, error=error)
            raise CommandError(message) from error
        self.stdout.write(self.style.SUCCESS(_("Wrote {path}.").format(path=path)))
