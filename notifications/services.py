"""Writing notifications (for the apps whose events cause them) and the reader's own
writes: marking read, choosing what comes by e-mail.

`notify` is called inside the transaction of the event, so the event and its
notifications are saved together or not at all (the outbox); it takes plain texts
(parameters, a URL name and its arguments), never the other apps' objects.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Role
from notifications.kinds import KINDS
from notifications.models import EmailStatus, Notification, Preferences


def active_users() -> QuerySet:
    return get_user_model().objects.filter(is_active=True)


def unit_officials(unit_ids: Iterable[int]) -> QuerySet:
    return active_users().filter(role=Role.OFFICIAL, unit_id__in=list(unit_ids))


def users_with_roles(*roles: str) -> QuerySet:
    return active_users().filter(role__in=roles)


def wants_email(user, kind: str) -> bool:
    """Whether the user gets this kind by e-mail: an address, and the kind not muted."""
    if not user.email:
        return False
    try:
        preferences = user.notification_preferences
    except Preferences.DoesNotExist:
        return True
    return kind not in preferences.muted_kinds


def notify(
    *,
    recipients: QuerySet,
    kind: str,
    params: dict[str, Any],
    url_name: str = "",
    url_kwargs: dict[str, Any] | None = None,
    unit_id: int | None = None,
    key: str = "",
) -> int:
    """Write one notification per recipient (two queries); with a `key`, a recipient who
    already has that key's notification gets nothing new. Returns how many it wrote."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    now = timezone.now()
    if key:
        # Who already has it is left out in the same query (the constraint still holds
        # should two writers race), so the count returned is what is new.
        recipients = recipients.exclude(notifications__key=key)
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            params=params,
            unit_id=unit_id,
            url_name=url_name,
            url_kwargs=url_kwargs or {},
            key=key,
            email_status=EmailStatus.PENDING if wants_email(user, kind) else EmailStatus.OFF,
            next_attempt_at=now,
        )
        for user in recipients.select_related("notification_preferences").distinct()
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
    return len(rows)


def notification_mark_read(*, user, notification_id: int) -> int:
    """Mark one of the user's own notifications read (another's is left alone: 0)."""
    return Notification.objects.filter(
        pk=notification_id, recipient=user, read_at__isnull=True
    ).update(read_at=timezone.now())


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_save(*, user, email_kinds: Iterable[str], language: str) -> Preferences:
    """Keep the kinds the user wants by e-mail (every other kind is muted)."""
    wanted = set(email_kinds)
    preferences, _ = Preferences.objects.get_or_create(user=user)
    preferences.muted_kinds = [code for code in KINDS if code not in wanted]
    preferences.language = language
    preferences.full_clean()
    preferences.save()
    # Mail not sent yet follows the new choice at once.
    Notification.objects.filter(
        Q(kind__in=preferences.muted_kinds), recipient=user, email_status=EmailStatus.PENDING
    ).update(email_status=EmailStatus.OFF)
    return preferences
