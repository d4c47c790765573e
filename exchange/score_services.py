"""The score import as a service: dry run (kept file, logged), then the confirmed import.

The confirmed import writes through the very services of the forms (self-assessment and
appraisal), unit by unit in one transaction: the same window and permission rules, the
same locks (each unit's assessment, in unit order), the same validation of points and
reasons, and the same version check: a leaf that someone changed after the dry run is a
conflict, and nothing of the file is imported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from assessments.services.appraisal import AppraisalEntry, appraisal_save
from assessments.services.common import WorkflowError
from assessments.services.entry import SelfEntry, self_assessment_save
from exchange.models import Action, ExchangeLog, Outcome
from exchange.score_import import Change, Kind, ScoreReading, read_score_workbook
from exchange.services import exchange_log
from exchange.workbook import FileRefused, Problem, open_workbook, read_upload
from indexes.models import IndexSet
from indexes.rule_inputs import input_for_points

ACTIONS = {"self": Action.SELF_SCORE_IMPORT, "appraised": Action.APPRAISED_SCORE_IMPORT}


@dataclass
class ScoreImportResult:
    log: ExchangeLog
    reading: ScoreReading | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _read(data: bytes, *, index_set: IndexSet, kind: Kind, user, lock=False) -> ScoreReading:
    try:
        workbook = open_workbook(data)
    except FileRefused as error:
        return ScoreReading(problems=error.problems)
    return read_score_workbook(workbook, index_set=index_set, kind=kind, user=user, lock=lock)


def _log(
    user, kind: Kind, outcome, name, index_set, reading, *, stored=None, done=False, versions=None
):
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
        versions=versions,
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
    log = _log(
        user,
        kind,
        Outcome.PREVIEWED,
        name,
        index_set,
        reading,
        stored=stored,
        versions=reading.versions,
    )
    return ScoreImportResult(log=log, reading=reading, problems=reading.problems)


def score_excel_import(
    *, user, index_set: IndexSet, kind: Kind, preview: ExchangeLog
) -> ScoreImportResult:
    """Import the previewed file, read and checked again now; all or nothing."""
    with preview.stored_file.open("rb") as stored:
        data = stored.read()
    reading = ScoreReading()
    try:
        with transaction.atomic():
            # Lock the set's row so that a phase change cannot slip between check and write.
            IndexSet.objects.select_for_update().filter(pk=index_set.pk).first()
            reading = _read(data, index_set=index_set, kind=kind, user=user, lock=True)
            if not reading.problems:
                _write(
                    reading, index_set=index_set, kind=kind, user=user, versions=preview.versions
                )
    except WorkflowError as error:  # rolled back: nothing of the file is kept
        reading.problems = [Problem(text) for text in [error.message, *error.problems]]
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


def _write(reading: ScoreReading, *, index_set: IndexSet, kind: Kind, user, versions) -> None:
    """Each unit's changes through the form's service, with the dry run's versions."""
    by_unit: dict[int, list[Change]] = defaultdict(list)
    for change in reading.changes:
        by_unit[change.unit.pk].append(change)
    for unit_id in sorted(by_unit):  # the lock order of every multi-unit write
        changes = by_unit[unit_id]
        unit = changes[0].unit
        shown = {c.leaf.pk: versions.get(f"{unit_id}:{c.leaf.pk}", "") for c in changes}
        saving: dict[str, Any] = {
            "user": user,
            "unit": unit,
            "index_set": index_set,
            "versions": shown,
        }
        if kind == "self":
            self_assessment_save(**saving, entries=[_self_entry(c) for c in changes])
        else:
            appraisal_save(**saving, entries=[_appraisal_entry(c) for c in changes])


def _self_entry(change: Change) -> SelfEntry:
    """The leaf's whole self-assessment after the change: an empty cell keeps its value."""
    score = change.score
    explanation = change.text if change.text is not None else (score.explanation if score else "")
    if change.points is not None:  # typed points replace what was entered for the rule
        entered = input_for_points(change.leaf, change.points)
        if entered is not None:  # 0,5 on "Đúng hạn 1 / Chậm 0,5" is "Chậm": the form shows it
            return SelfEntry(change.leaf.pk, entered, explanation)
        return SelfEntry(change.leaf.pk, None, explanation, typed_points=change.points)
    if score is not None and score.self_input is not None:
        return SelfEntry(change.leaf.pk, score.self_input, explanation)
    return SelfEntry(
        change.leaf.pk, None, explanation, typed_points=score.self_points if score else None
    )


def _appraisal_entry(change: Change) -> AppraisalEntry:
    score = change.score
    points = (
        change.points if change.points is not None else (score.appraised_points if score else None)
    )
    comment = change.text if change.text is not None else (score.appraiser_comment if score else "")
    return AppraisalEntry(change.leaf.pk, points, comment)
