"""What the entry and appraisal services share: errors, row versions, bulk writes."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Field, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from assessments.models import Assessment, AssessmentStatus, Score
from indexes.models import Criterion, IndexSet
from units.models import Unit

# Rows per UPDATE of a save: a form has a few hundred at most; imports may have more.
UPDATE_BATCH = 2000


class WorkflowError(Exception):
    """An action the rules refuse; `message` is for the user, in their language."""

    def __init__(self, message: str, *, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


class Refused(WorkflowError):
    """Not allowed for this user, or not now (window closed, scores frozen)."""


class Invalid(WorkflowError):
    """Allowed, but the submitted data breaks a rule; `problems` name each place."""


@dataclass(frozen=True)
class ChangedLeaf:
    criterion_id: int
    code: str
    changed_by: str
    changed_at: datetime | None


class Conflict(WorkflowError):
    """Someone else saved some of the same leaves since the form was loaded."""

    def __init__(self, changed: list[ChangedLeaf]) -> None:
        self.changed = changed
        codes = ", ".join(leaf.code for leaf in changed)
        super().__init__(
            _(
                "Nothing was saved: someone else changed %(codes)s since you opened this "
                "page. Their values are shown below; check them and save again."
            )
            % {"codes": codes}
        )


class PlannedChanges:
    """What an import would write, counted the same way by every importer: `changes` are
    records with `unit`, `leaf` and `score` (the score as it is now, None when new)."""

    changes: list

    @property
    def created(self) -> int:
        return sum(1 for change in self.changes if change.score is None)

    @property
    def updated(self) -> int:
        return len(self.changes) - self.created

    @property
    def versions(self) -> dict[str, str]:
        """The version of every score the import would change, "unit:leaf" → token."""
        return {f"{c.unit.pk}:{c.leaf.pk}": score_token(c.score) for c in self.changes}


def score_token(score: Score | None) -> str:
    """The version of a leaf's score a form was built from ("" = no score yet).

    The version counter catches this app's writes; the timestamp also catches writes
    made elsewhere through save() (the admin, an import), which bump `updated_at`.
    """
    if score is None:
        return ""
    stamp = score.updated_at.isoformat() if score.updated_at else ""
    return f"{score.version}@{stamp}"


def display_name(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.username


def find_conflicts(
    *, leaves: dict[int, Criterion], current: dict[int, Score], versions: dict[int, str]
) -> list[ChangedLeaf]:
    changed = []
    for criterion_id, leaf in leaves.items():
        score = current.get(criterion_id)
        if versions.get(criterion_id, "") != score_token(score):
            changed.append(
                ChangedLeaf(
                    criterion_id=criterion_id,
                    code=leaf.code,
                    changed_by=display_name(score.updated_by) if score else "—",
                    changed_at=score.updated_at if score else None,
                )
            )
    return changed


def locked_assessments(
    *,
    index_set: IndexSet,
    unit_ids: Iterable[int],
    new_status: str = AssessmentStatus.NOT_STARTED,
) -> dict[int, Assessment]:
    """The units' assessment rows on the set, made where missing (with `new_status`),
    locked until the transaction ends, in the order of the unit ids.

    Every write of a unit's scores (the forms, the spreadsheet and survey imports, a
    correction) takes this lock first, so two writes of the same unit run one after the
    other and the second one checks its version tokens against what the first saved.
    Always locking in unit order keeps two multi-unit writes from deadlocking. A row
    made here has no "created" history entry (the insert may be another transaction's);
    every later change of its status has one.
    """
    ids = sorted(set(unit_ids))
    rows = _lock_rows(index_set, ids)
    missing = [pk for pk in ids if pk not in rows]
    if missing:
        # ON CONFLICT DO NOTHING: two first writes racing for a row both go on, the later
        # one waiting for the earlier one's row, which it then locks (no IntegrityError).
        Assessment.objects.bulk_create(
            [Assessment(unit_id=pk, index_set=index_set, status=new_status) for pk in missing],
            ignore_conflicts=True,
        )
        rows = _lock_rows(index_set, ids)
    return rows


def _lock_rows(index_set: IndexSet, unit_ids: list[int]) -> dict[int, Assessment]:
    rows = (
        Assessment.objects.select_for_update()
        .filter(index_set=index_set, unit_id__in=unit_ids)
        .order_by("unit_id")
    )
    return {row.unit_id: row for row in rows}


def locked_assessment(
    *, unit: Unit, index_set: IndexSet, new_status: str = AssessmentStatus.NOT_STARTED
) -> Assessment:
    """`locked_assessments` for one unit: one query when the row exists."""
    row = locked_assessments(index_set=index_set, unit_ids=[unit.pk], new_status=new_status)[
        unit.pk
    ]
    row.unit, row.index_set = unit, index_set
    return row


def locked_scores(*, unit: Unit, leaf_ids: Iterable[int]) -> dict[int, Score]:
    rows = (
        Score.objects.select_for_update(of=("self",))
        .filter(unit=unit, criterion_id__in=list(leaf_ids))
        .select_related("updated_by")
    )
    return {score.criterion_id: score for score in rows}


def write_scores(
    *, created: list[Score], updated: list[Score], fields: Sequence[str], user, reason: str = ""
) -> None:
    """Insert and update scores with one query each (and one each for their history).

    `fields` are the columns the updates change (besides the version and the stamps).
    """
    if created:
        bulk_create_with_history(
            created, Score, default_user=user, default_change_reason=reason or None
        )
    if updated:
        _update_from_values(updated, fields)
        _history_of_updates([score.pk for score in updated], user=user, reason=reason or None)


def _history_of_updates(score_ids: list[int], *, user, reason: str | None) -> None:
    """The history rows of updated scores ("~", by `user`, with `reason`) copied by one
    INSERT … SELECT from the rows just written, in the writer's transaction: the rows
    django-simple-history's `bulk_history_create` would make from the instances, without
    building a historical model per score in Python (a third of a hundred-leaf save).
    One moment for the whole save, as the save has one `updated_at`."""
    history = Score.history.model
    quote = connection.ops.quote_name
    tracked = [quote(_column_name(field)) for field in history.tracked_fields]
    stamp = _history_column(history, "history_date").get_db_prep_save(timezone.now(), connection)
    stamps = [stamp, reason, "~", user.pk if user is not None else None]
    with connection.cursor() as cursor:
        for start in range(0, len(score_ids), UPDATE_BATCH):
            batch = score_ids[start : start + UPDATE_BATCH]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(tracked)}, "
                '"history_date", "history_change_reason", "history_type", "history_user_id") '
                f"SELECT {', '.join(tracked)}, %s, %s, %s, %s FROM {quote(Score._meta.db_table)} "
                f"WHERE {quote('id')} IN ({', '.join(['%s'] * len(batch))})",
                [*stamps, *batch],
            )


def _history_column(model, name: str) -> Field:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return field


def _update_from_values(scores: list[Score], fields: Sequence[str]) -> None:
    """One UPDATE … FROM (VALUES …) of the changed columns and the version, with the
    stamps a writer gives all its rows set once, not per row.

    Django's bulk_update writes a CASE over every row for every column, which took most
    of a hundred-leaf save. SQLite has run UPDATE … FROM since 3.33.
    """
    first = scores[0]
    uniform = all(
        score.updated_at == first.updated_at and score.updated_by_id == first.updated_by_id
        for score in scores
    )
    stamped = () if uniform else ("updated_at", "updated_by")
    columns = [_score_column(name) for name in ("id", *fields, "version", *stamped)]
    quote = connection.ops.quote_name
    table = quote(Score._meta.db_table)
    # PostgreSQL types the VALUES' parameters as text; SQLite converts by column affinity.
    typed = connection.vendor == "postgresql"
    slot = ", ".join(f"CAST(%s AS {c.db_type(connection)})" if typed else "%s" for c in columns)
    names = [quote(_column_name(column)) for column in columns]
    assignments = [f"{name} = v.{name}" for name in names[1:]]
    stamps: list[Any] = []
    if uniform:
        updated_at, updated_by = _score_column("updated_at"), _score_column("updated_by")
        assignments += [
            f"{quote(_column_name(column))} = %s" for column in (updated_at, updated_by)
        ]
        stamps = [updated_at.get_db_prep_save(first.updated_at, connection), first.updated_by_id]
    with connection.cursor() as cursor:
        for start in range(0, len(scores), UPDATE_BATCH):
            batch = scores[start : start + UPDATE_BATCH]
            params = [
                column.get_db_prep_save(getattr(score, column.attname), connection)
                for score in batch
                for column in columns
            ]
            rows = ", ".join(f"({slot})" for _score in batch)
            cursor.execute(
                f"WITH v({', '.join(names)}) AS (VALUES {rows}) "
                f"UPDATE {table} SET {', '.join(assignments)} "
                f"FROM v WHERE {table}.{names[0]} = v.{names[0]}",
                [*params, *stamps],
            )


def _column_name(field: Field) -> str:
    name = field.column
    assert name is not None
    return name


def _score_column(name: str) -> Field:
    field = Score._meta.get_field(name)
    assert isinstance(field, Field)
    return field


def unit_scores_filter(*, unit: Unit, index_set: IndexSet) -> Q:
    return Q(score__unit=unit, score__criterion__index_set=index_set)
