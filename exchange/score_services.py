"""The score import as a service: dry run (kept file, logged), then the confirmed import."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction

from exchange.models import Action, ExchangeLog, Outcome
from exchange.score_import import Kind, ScoreReading, apply_score_changes, read_score_workbook
from exchange.services import exchange_log
from exchange.workbook import FileRefused, Problem, open_workbook, read_upload
from indexes.models import IndexSet

ACTIONS = {"self": Action.SELF_SCORE_IMPORT, "appraised": Action.APPRAISED_SCORE_IMPORT}


@dataclass
class ScoreImportResult:
    log: ExchangeLog
    reading: ScoreReading | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _read(data: bytes, *, index_set: IndexSet, kind: Kind, user) -> ScoreReading:
    try:
        workbook = open_workbook(data)
    except FileRefused as error:
        return ScoreReading(problems=error.problems)
    return read_score_workbook(workbook, index_set=index_set, kind=kind, user=user)


def _log(user, kind: Kind, outcome, name, index_set, reading, *, stored=None, done=False):
    units = reading.units if reading else []
    return exchange_log(
        user=user,
        action=ACTIONS[kind],
        outcome=outcome,
        file_name=name,
        index_set=index_set,
        unit=units[0] if len(units) == 1 else None,
        row_count=reading.row_count if reading else 0,
        created=reading.created if reading and done else 0,
        updated=reading.updated if reading and done else 0,
        problems=reading.problems if reading else [],
        stored=stored,
    )


def score_excel_preview(*, user, index_set: IndexSet, kind: Kind, upload) -> ScoreImportResult:
    name = getattr(upload, "name", "") or ""
    try:
        data = read_upload(upload, name=name)
    except FileRefused as error:
        reading = ScoreReading(problems=error.problems)
        log = _log(user, kind, Outcome.PREVIEWED, name, index_set, reading)
        return ScoreImportResult(log=log, reading=reading, problems=reading.problems)
    reading = _read(data, index_set=index_set, kind=kind, user=user)
    stored = ContentFile(data, name=name) if not reading.problems else None
    log = _log(user, kind, Outcome.PREVIEWED, name, index_set, reading, stored=stored)
    return ScoreImportResult(log=log, reading=reading, problems=reading.problems)


def score_excel_import(
    *, user, index_set: IndexSet, kind: Kind, preview: ExchangeLog
) -> ScoreImportResult:
    """Import the previewed file, read and checked again now; all or nothing."""
    with preview.stored_file.open("rb") as stored:
        data = stored.read()
    with transaction.atomic():
        # Lock the set's row so that a phase change cannot slip between check and write.
        IndexSet.objects.select_for_update().filter(pk=index_set.pk).first()
        reading = _read(data, index_set=index_set, kind=kind, user=user)
        if not reading.problems:
            apply_score_changes(changes=reading.changes, kind=kind, user=user)
    outcome = Outcome.REFUSED if reading.problems else Outcome.DONE
    log = _log(
        user,
        kind,
        outcome,
        preview.file_name,
        index_set,
        reading,
        stored=preview.stored_file.name,
        done=not reading.problems,
    )
    return ScoreImportResult(log=log, reading=reading, problems=reading.problems)
