"""Units' attributes from Excel: the units export (or any sheet with a code and an
attributes column) read back, in two steps like every import — a check that says what
would change, then the import, all or nothing.

The attributes cell holds tag codes separated by commas ("khong-tthc, khoi-dang"); an
empty cell takes every attribute off the unit. Units not in the file keep theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from exchange.models import Action, ExchangeLog, Outcome
from exchange.services import exchange_log
from exchange.workbook import (
    FileRefused,
    Problem,
    cell_text,
    clean_value,
    normalise_key,
    open_workbook,
    read_upload,
    sheet_problems,
)
from units.models import Unit, UnitTag

ACTION = Action.UNIT_ATTRIBUTES_IMPORT


@dataclass(frozen=True)
class Change:
    unit: Unit
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass
class AttributesResult:
    log: ExchangeLog
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _header_words(message: str, key: str) -> set[str]:
    """A column is found by its key or by its heading in either language of the export."""
    words = {key}
    for language in ("vi", "en"):
        with translation.override(language):
            words.add(normalise_key(_(message)))
    return words


def _read(data: bytes) -> tuple[list[Change], list[Problem]]:
    try:
        sheet = open_workbook(data).worksheets[0]
    except FileRefused as error:
        return [], error.problems
    problems = sheet_problems(sheet)
    if problems:
        return [], problems
    rows = sheet.iter_rows()
    header = [normalise_key(cell) for cell in next(rows, ())]
    code_words, tag_words = _header_words("Code", "code"), _header_words("Attributes", "attributes")
    code_at = next((i for i, key in enumerate(header) if key in code_words), None)
    tags_at = next((i for i, key in enumerate(header) if key in tag_words), None)
    if code_at is None or tags_at is None:
        text = _("The first row must name a “code” column and an “attributes” column.")
        return [], [Problem(text, sheet=sheet.title, row=1)]
    units = {unit.code: unit for unit in Unit.objects.prefetch_related("tags")}
    tags = set(UnitTag.objects.values_list("code", flat=True))
    changes: list[Change] = []
    seen: dict[str, int] = {}  # unit code → the row that named it first
    for number, row in enumerate(rows, start=2):
        cells = list(row) + [None] * (max(code_at, tags_at) + 1 - len(row))
        code = cell_text(clean_value(cells[code_at]))
        if not code and clean_value(cells[tags_at]) is None:
            continue  # a blank row
        problem, change = _row_change(code, cells[tags_at], units, tags, seen)
        seen.setdefault(code, number)
        if problem:
            problems.append(Problem(problem, sheet=sheet.title, row=number))
        elif change is not None:
            changes.append(change)
    return changes, problems


def _row_change(code, raw_tags, units, tags, seen) -> tuple[str, Change | None]:
    unit = units.get(code)
    if unit is None:
        return _("no unit has the code “%(code)s”.") % {"code": code}, None
    if code in seen:
        return _("%(code)s repeats row %(row)s.") % {"code": code, "row": seen[code]}, None
    after = tuple(sorted({part.strip() for part in cell_text(raw_tags).split(",") if part.strip()}))
    unknown = [tag for tag in after if tag not in tags]
    if unknown:
        text = _("“%(tag)s” is not a unit attribute (see Administration → Unit attributes).")
        return text % {"tag": unknown[0]}, None
    before = tuple(sorted(tag.code for tag in unit.tags.all()))
    return "", (Change(unit, before, after) if before != after else None)


def _log(user, name, outcome, changes, problems, stored=None) -> ExchangeLog:
    return exchange_log(
        user=user,
        action=ACTION,
        outcome=outcome,
        file_name=name,
        row_count=len(changes),
        updated=len(changes) if outcome == Outcome.DONE else 0,
        problems=problems,
        stored=stored,
    )


def unit_attributes_preview(*, user, upload) -> AttributesResult:
    """The check: what the file would change; the file is kept when it is clean."""
    name = getattr(upload, "name", "") or ""
    try:
        data = read_upload(upload, name=name)
    except FileRefused as error:
        log = _log(user, name, Outcome.PREVIEWED, [], error.problems)
        return AttributesResult(log=log, problems=list(error.problems))
    changes, problems = _read(data)
    stored = None if problems else ContentFile(data, name=name)
    log = _log(user, name, Outcome.PREVIEWED, changes, problems, stored)
    return AttributesResult(log=log, changes=changes, problems=problems)


@transaction.atomic
def unit_attributes_import(*, user, preview: ExchangeLog) -> AttributesResult:
    """The file of a clean check, read and checked again now, written all or nothing."""
    with preview.stored_file.open("rb") as stored:
        data = stored.read()
    changes, problems = _read(data)
    outcome = Outcome.REFUSED if problems else Outcome.DONE
    if not problems:
        by_code = {tag.code: tag for tag in UnitTag.objects.all()}
        for change in changes:
            change.unit.tags.set([by_code[code] for code in change.after])
    log = _log(user, preview.file_name, outcome, changes, problems, preview.stored_file.name)
    return AttributesResult(log=log, changes=changes, problems=problems)
