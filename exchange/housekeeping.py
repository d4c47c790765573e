"""Removing the files of dry runs that can no longer be confirmed.

A dry run keeps its upload so that the confirmed import reads exactly the previewed file
(see ExchangeLog). A preview can be confirmed for PREVIEW_VALID_FOR; after that its file
is dead weight, unless a confirmed or refused import read it, which keeps it as the record
of what was imported. The log rows stay: who checked which file, when and with what result.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from exchange.models import ExchangeLog, Outcome
from exchange.services import PREVIEW_VALID_FOR


@dataclass(frozen=True)
class PurgeResult:
    files: int
    bytes: int


def expired_preview_files(*, now: datetime) -> dict[str, list[int]]:
    """Stored file name -> ids of the expired dry runs holding it, for files no import read."""
    kept = set(
        ExchangeLog.objects.exclude(outcome=Outcome.PREVIEWED)
        .exclude(stored_file="")
        .values_list("stored_file", flat=True)
    )
    expired: dict[str, list[int]] = {}
    rows = (
        ExchangeLog.objects.filter(
            outcome=Outcome.PREVIEWED, created_at__lt=now - PREVIEW_VALID_FOR
        )
        .exclude(stored_file="")
        .values_list("pk", "stored_file")
    )
    for pk, name in rows:
        if name not in kept:
            expired.setdefault(name, []).append(pk)
    return expired


def expired_previews_purge(*, now: datetime, dry_run: bool = False) -> PurgeResult:
    """Delete the files of expired, never-imported dry runs and blank them on their rows."""
    expired = expired_preview_files(now=now)
    storage = ExchangeLog._meta.get_field("stored_file").storage
    size = sum(storage.size(name) for name in expired if storage.exists(name))
    if not dry_run:
        for name, ids in expired.items():
            with transaction.atomic():
                ExchangeLog.objects.filter(pk__in=ids).update(stored_file="")
                # Inside the transaction: if the file cannot be deleted, its rows keep the name.
                storage.delete(name)
    return PurgeResult(files=len(expired), bytes=size)
