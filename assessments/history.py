"""A leaf's history for its detail page: every change to the score, its evidence and its
returned items, each with who, when, and the old and new values (3 queries)."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from assessments.models import Evidence, ReturnedItem, Score
from assessments.services.common import display_name
from indexes.form_fields import localized
from indexes.rule_inputs import describe_input

SCORE_FIELDS = (
    "self_input",
    "self_points",
    "explanation",
    "appraised_points",
    "appraiser_comment",
    "note",
)
EVIDENCE_FIELDS = ("document_number", "document_date", "issuer", "section", "removed_at")


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Event:
    when: datetime
    who: str
    what: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def text(value: Any) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("done") if value else _("not done")
    if isinstance(value, Decimal):
        return localized(value)
    if isinstance(value, dict):
        return describe_input(value)
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _field_label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def field_changes(model, names, before, after) -> list[Change]:
    changes = []
    for name in names:
        old = getattr(before, name, None) if before is not None else None
        new = getattr(after, name)
        if old != new and not (old in (None, "") and new in (None, "")):
            changes.append(Change(_field_label(model, name), text(old), text(new)))
    return changes


def leaf_history(
    *, score: Score | None, evidence: list[Evidence], returns: list[ReturnedItem]
) -> list[Event]:
    """Newest first. Score versions with no visible change (e.g. only the version
    counter moved when an answer was saved) are left out: the answer is its own event."""
    if score is None:
        return []
    events: list[Event] = []
    previous = None
    for record in score.history.select_related("history_user").order_by("history_date", "pk"):
        changes = field_changes(Score, SCORE_FIELDS, previous, record)
        if changes:
            events.append(
                Event(
                    when=record.history_date,
                    who=display_name(record.history_user),
                    what=_("Score created") if previous is None else _("Score changed"),
                    changes=changes,
                    reason=record.history_change_reason or "",
                )
            )
        previous = record
    events += _evidence_events(evidence) + _return_events(returns)
    return sorted(events, key=lambda event: event.when, reverse=True)


def _records_with_before(model, items: Sequence[Any]) -> Iterator[tuple[Any, Any, str]]:
    """Each history record of `items`, oldest first, with the record of the same item
    just before it (None for its first) and who made it."""
    history = model.history.filter(id__in=[item.pk for item in items]).select_related(
        "history_user"
    )
    previous: dict[int, Any] = {}
    for record in history.order_by("history_date", "pk"):
        yield record, previous.get(record.id), display_name(record.history_user)
        previous[record.id] = record


def _evidence_events(evidence: list[Evidence]) -> list[Event]:
    events: list[Event] = []
    for record, before, who in _records_with_before(Evidence, evidence):
        if before is None:
            summary = [record.document_number, text(record.document_date), record.issuer]
            details = ", ".join(part for part in summary if part and part != "—")
            changes = [Change(_("file"), "—", record.original_name)]
            if details:
                changes.append(Change(_("document"), "—", details))
            events.append(Event(record.history_date, who, _("Evidence added"), changes))
        elif record.removed_at and not before.removed_at:
            change = Change(_("file"), record.original_name, "—")
            events.append(Event(record.history_date, who, _("Evidence removed"), [change]))
        else:
            changes = field_changes(Evidence, EVIDENCE_FIELDS, before, record)
            if changes:
                events.append(Event(record.history_date, who, _("Evidence changed"), changes))
    return events


def _return_events(returns: list[ReturnedItem]) -> list[Event]:
    events: list[Event] = []
    for record, before, who in _records_with_before(ReturnedItem, returns):
        if before is None:
            change = Change(_("question"), "—", record.question)
            events.append(Event(record.history_date, who, _("Returned for explanation"), [change]))
        if before is not None and record.answer != before.answer:
            change = Change(_("explanation"), text(before.answer), text(record.answer))
            events.append(Event(record.history_date, who, _("Unit explained"), [change]))
        if record.closed_at and (before is None or not before.closed_at):
            events.append(Event(record.history_date, who, _("Returned item closed")))
    return events
