"""Sending the outbox by e-mail (`manage.py send_notifications`).

Each pending row is locked while it is sent (`select_for_update(skip_locked=True)` on
PostgreSQL), so two workers running at once never send the same e-mail twice: the
second skips the rows the first holds. A server that is down or answers 4xx is tried
again later with a growing delay; a 5xx refusal of the address fails the row at once
and flags the address so nothing more is sent to it. Every try is logged.
"""

import contextlib
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import (
    DeliveryAttempt,
    EmailStatus,
    FailedAddress,
    Notification,
    Preferences,
)

MAX_ATTEMPTS = 8
FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(hours=6)


@dataclass
class DeliveryRun:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the n-th failed try, at most six hours."""
    return min(FIRST_DELAY * 2 ** (attempts - 1), LONGEST_DELAY)


def site_url(path: str) -> str:
    return settings.CCHC_SITE_URL.rstrip("/") + path if path else ""


def email_message(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail of a notification in the recipient's language: a plain-text and an
    HTML part, the product's name and the unit in the subject."""
    user = notification.recipient
    try:
        language = user.notification_preferences.language
    except Preferences.DoesNotExist:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        title = notification.title
        parts = [_("CCHC Tracker")]
        # The unit the notification is about; for a notice to a whole set (results
        # published), the official's own unit.
        unit = notification.unit or user.unit
        if unit is not None:
            parts.append(unit.name)
        subject = f"[{' · '.join(parts)}] {title}"
        ctx = {
            "notification": notification,
            "title": title,
            "body": notification.body,
            "link": site_url(notification.link),
            "preferences": site_url(_preferences_path()),
            "user": user,
        }
        text = render_to_string("notifications/email.txt", ctx)
        html = render_to_string("notifications/email.html", ctx)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def _preferences_path() -> str:
    from django.urls import reverse

    return reverse("notifications:preferences")


def _is_permanent(error: Exception) -> bool:
    """The server refused the address for good (5xx), as opposed to being unreachable."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def notifications_send(*, batch: int = 50, now=None) -> DeliveryRun:
    """Send every pending e-mail that is due, one locked batch at a time."""
    run = DeliveryRun()
    while True:
        done = _send_batch(batch=batch, now=now or timezone.now(), run=run)
        if done < batch:
            return run


@transaction.atomic
def _send_batch(*, batch: int, now, run: DeliveryRun) -> int:
    rows = list(
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(email_status=EmailStatus.PENDING, next_attempt_at__lte=now)
        .select_related("recipient__notification_preferences", "recipient__unit", "unit")
        .order_by("next_attempt_at", "pk")[:batch]
    )
    if not rows:
        return 0
    flagged = set(
        FailedAddress.objects.filter(user__in={row.recipient_id for row in rows}).values_list(
            "user_id", "address"
        )
    )
    connection = get_connection()
    # A server that is down: each send below tries again, and its failure is recorded.
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.open()
    attempts: list[DeliveryAttempt] = []
    try:
        for row in rows:
            address = row.recipient.email
            if not address or (row.recipient_id, address) in flagged:
                row.email_status = EmailStatus.FAILED
                attempts.append(
                    DeliveryAttempt(
                        notification=row,
                        address=address,
                        succeeded=False,
                        error=_("The address is flagged as failed: not sent."),
                    )
                )
                run.failed += 1
                continue
            row.attempts += 1
            try:
                connection.send_messages([email_message(row)])
            except (smtplib.SMTPException, OSError) as error:
                attempts.append(
                    DeliveryAttempt(
                        notification=row, address=address, succeeded=False, error=repr(error)
                    )
                )
                if _is_permanent(error):
                    row.email_status = EmailStatus.FAILED
                    FailedAddress.objects.get_or_create(
                        user_id=row.recipient_id, address=address, defaults={"reason": repr(error)}
                    )
                    flagged.add((row.recipient_id, address))
                    run.failed += 1
                elif row.attempts >= MAX_ATTEMPTS:
                    row.email_status = EmailStatus.FAILED
                    run.failed += 1
                else:
                    row.next_attempt_at = now + retry_delay(row.attempts)
                    run.retrying += 1
                # A connection broken mid-batch is opened again for the next row.
                connection.close()
                continue
            row.email_status, row.sent_at = EmailStatus.SENT, timezone.now()
            attempts.append(DeliveryAttempt(notification=row, address=address, succeeded=True))
            run.sent += 1
    finally:
        connection.close()
    Notification.objects.bulk_update(
        rows, ["email_status", "attempts", "next_attempt_at", "sent_at"]
    )
    DeliveryAttempt.objects.bulk_create(attempts)
    return len(rows)
