"""`manage.py purge_previews`: expired dry runs lose their uploaded file, imports keep theirs."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone, translation

from exchange.models import Action, ExchangeLog, Outcome
from exchange.services import PREVIEW_VALID_FOR, exchange_log

pytestmark = pytest.mark.django_db


def dry_run(user, name: str, *, age: timedelta) -> ExchangeLog:
    log = exchange_log(
        user=user,
        action=Action.SET_IMPORT,
        outcome=Outcome.PREVIEWED,
        file_name=name,
        stored=ContentFile(b"x" * 1000, name=name),
    )
    ExchangeLog.objects.filter(pk=log.pk).update(created_at=timezone.now() - age)
    return log


def on_disk(log: ExchangeLog) -> bool:
    return (Path(settings.MEDIA_ROOT) / log.stored_file.name).exists()


def test_only_the_files_of_expired_dry_runs_that_nobody_imported_are_deleted(admin_user):
    old = PREVIEW_VALID_FOR + timedelta(hours=1)
    abandoned = dry_run(admin_user, "abandoned.xlsx", age=old)
    imported = dry_run(admin_user, "imported.xlsx", age=old)
    exchange_log(
        user=admin_user,
        action=Action.SET_IMPORT,
        outcome=Outcome.DONE,
        file_name="imported.xlsx",
        stored=imported.stored_file.name,  # the import read the previewed file
    )
    recent = dry_run(admin_user, "recent.xlsx", age=timedelta(hours=1))
    out = StringIO()

    call_command("purge_previews", stdout=out)

    assert out.getvalue().startswith("Deleted 1 file of expired dry runs (1000")
    abandoned_file = abandoned.stored_file.name
    abandoned.refresh_from_db()
    assert abandoned.stored_file.name == ""
    assert not (Path(settings.MEDIA_ROOT) / abandoned_file).exists()
    assert abandoned.file_name == "abandoned.xlsx"  # the audit row stays
    imported.refresh_from_db()
    recent.refresh_from_db()
    assert on_disk(imported) and on_disk(recent)


def test_a_dry_run_of_the_purge_deletes_nothing(admin_user):
    abandoned = dry_run(admin_user, "abandoned.xlsx", age=PREVIEW_VALID_FOR * 2)
    out = StringIO()

    with translation.override("vi"):
        call_command("purge_previews", "--dry-run", stdout=out)

    abandoned.refresh_from_db()
    assert on_disk(abandoned)
    assert out.getvalue().startswith("Sẽ xóa 1 tệp của các lần kiểm tra (xem trước) đã hết hạn")
