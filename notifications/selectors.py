"""Reads of the notification pages: the bell's count, a user's own notifications."""

from django.db.models import QuerySet

from notifications.models import Notification


def unread_count(user) -> int:
    """The bell's number: loaded with the user (notifications/auth.py), else counted."""
    loaded = getattr(user, "unread_notification_count", None)
    if loaded is not None:
        return loaded
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for_user(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first; nobody else's is ever in it."""
    rows = Notification.objects.filter(recipient=user)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-pk")
