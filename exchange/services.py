"""Writes of the exchange app: the log, and the index-set import (dry run, then the real one).

An import is always two steps. The dry run reads and checks the upload, runs the import
inside a transaction that is rolled back (so even database-level refusals show up), logs
the attempt, and keeps the file only when it is clean. Confirming imports that kept file,
checked again against the database as it is then; nothing is written if anything fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.models import Action, ExchangeLog, Outcome
from exchange.set_reading import SetReading, read_index_set_workbook
from exchange.workbook import FileRefused, Problem, open_workbook, read_upload
from indexes.importing import IndexSetImportError, index_set_import
from indexes.models import IndexSet

PREVIEW_VALID_FOR = timedelta(hours=24)
MAX_LOGGED_PROBLEMS = 50


class PreviewExpired(Exception):
    """The dry run to confirm does not exist, is not the user's, or is too old."""


def exchange_log(
    *,
    user,
    action: str,
    outcome: str,
    file_name: str = "",
    index_set: IndexSet | None = None,
    unit=None,
    year: int | None = None,
    row_count: int = 0,
    created: int = 0,
    updated: int = 0,
    problems: Sequence[Any] = (),
    stored: ContentFile | str | None = None,
    versions: dict[str, str] | None = None,
) -> ExchangeLog:
    """Record one import, dry run or export (who, when, what, with which file and result)."""
    log = ExchangeLog(
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "")[:150],
        action=action,
        outcome=outcome,
        file_name=(file_name or "")[:255],
        index_set=index_set,
        index_set_code=index_set.code if index_set else "",
        unit=unit,
        year=year if year is not None else (index_set.year if index_set else None),
        row_count=row_count,
        created_count=created,
        updated_count=updated,
        problem_count=len(problems),
        message="\n".join(str(problem) for problem in list(problems)[:MAX_LOGGED_PROBLEMS]),
        versions=versions or {},
    )
    if isinstance(stored, ContentFile):
        log.stored_file.save(stored.name or "upload.xlsx", stored, save=False)
    elif stored:
        log.stored_file.name = stored
    log.full_clean()
    log.save()
    return log


def preview_to_confirm(*, user, log_id: int, action: str) -> ExchangeLog:
    """The user's own clean dry run of `action`, recent enough to be confirmed."""
    log = (
        ExchangeLog.objects.filter(
            pk=log_id,
            user=user,
            action=action,
            outcome=Outcome.PREVIEWED,
            problem_count=0,
            created_at__gte=timezone.now() - PREVIEW_VALID_FOR,
        )
        .exclude(stored_file="")
        .first()
    )
    if log is None:
        raise PreviewExpired
    return log


@dataclass
class SetImportResult:
    log: ExchangeLog
    reading: SetReading | None = None
    problems: list[Problem] = field(default_factory=list)
    index_set: IndexSet | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_set(reading: SetReading, *, dry_run: bool) -> IndexSet | None:
    """Run the import; roll it back when dry. Refusals become problems of the reading."""
    try:
        with transaction.atomic():
            index_set = index_set_import(data=reading.data)
            if dry_run:
                transaction.set_rollback(True)
            return index_set
    except IndexSetImportError as error:
        for problem in error.problems:
            sheet = "set" if problem.where.startswith("index_set") else ""
            reading.problems.append(Problem(problem.message if sheet else str(problem), sheet))
    return None


def _read(data: bytes) -> tuple[SetReading | None, list[Problem]]:
    try:
        workbook = open_workbook(data)
    except FileRefused as error:
        return None, error.problems
    reading = read_index_set_workbook(workbook)
    code = reading.data.get("index_set", {}).get("code") if reading.data else None
    if not reading.problems and code and IndexSet.objects.filter(code=code).exists():
        text = _("an index set with the code %(code)s already exists; choose another code.")
        reading.problems.append(Problem(text % {"code": code}, sheet="set"))
    return reading, reading.problems


def index_set_excel_preview(*, user, upload) -> SetImportResult:
    """Dry run: read, check and trial-import the upload; keep the file when it is clean."""
    name = getattr(upload, "name", "") or ""
    try:
        data = read_upload(upload, name=name)
    except FileRefused as error:
        return _refused_preview(user, name, error.problems)
    reading, problems = _read(data)
    if reading is not None and not problems:
        _check_set(reading, dry_run=True)
        problems = reading.problems
    if problems:
        return _refused_preview(user, name, problems, reading)
    log = exchange_log(
        user=user,
        action=Action.SET_IMPORT,
        outcome=Outcome.PREVIEWED,
        file_name=name,
        year=reading.data["index_set"].get("year") if reading else None,
        row_count=reading.row_count if reading else 0,
        stored=ContentFile(data, name=name),
    )
    return SetImportResult(log=log, reading=reading)


def _refused_preview(user, name, problems, reading=None) -> SetImportResult:
    log = exchange_log(
        user=user,
        action=Action.SET_IMPORT,
        outcome=Outcome.PREVIEWED,
        file_name=name,
        row_count=reading.row_count if reading else 0,
        problems=problems,
    )
    return SetImportResult(log=log, reading=reading, problems=list(problems))


def index_set_excel_import(*, user, preview: ExchangeLog) -> SetImportResult:
    """Import the file of a clean dry run, checked again now; all or nothing."""
    with preview.stored_file.open("rb") as stored:
        data = stored.read()
    reading, problems = _read(data)
    index_set = None
    if reading is not None and not problems:
        index_set = _check_set(reading, dry_run=False)
        problems = reading.problems
    log = exchange_log(
        user=user,
        action=Action.SET_IMPORT,
        outcome=Outcome.REFUSED if problems else Outcome.DONE,
        file_name=preview.file_name,
        index_set=index_set,
        row_count=reading.row_count if reading else 0,
        created=(reading.node_count if reading else 0) if index_set else 0,
        problems=problems,
        stored=preview.stored_file.name,
    )
    return SetImportResult(log=log, reading=reading, problems=list(problems), index_set=index_set)
