"""The notification store: each row is both what the bell shows and the e-mail outbox
(written in the transaction of the event that caused it, so neither is ever lost), with
a log of delivery attempts and the addresses that a mail server refused for good."""

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from notifications.kinds import KINDS, render_text

KIND_CHOICES = [(code, kind.label) for code, kind in KINDS.items()]


class EmailStatus(models.TextChoices):
    OFF = "off", _("not by e-mail")  # the user chose not to, or has no address
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")  # refused for good, or out of attempts


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    url_name = models.CharField(_("link"), max_length=100, blank=True)
    url_kwargs = models.JSONField(_("link parameters"), default=dict, blank=True)
    # A reminder's identity: the same reminder is written once per recipient however
    # often the reminders run ("" for events, which are written once by their nature).
    key = models.CharField(_("key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.OFF
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email_status", "next_attempt_at"], name="notification_outbox"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return render_text(KINDS[self.kind].title, self.params)

    @property
    def body(self) -> str:
        return render_text(KINDS[self.kind].body, self.params)

    @property
    def link(self) -> str:
        if not self.url_name:
            return ""
        try:
            return reverse(self.url_name, kwargs=self.url_kwargs)
        except NoReverseMatch:  # a page renamed since: the notification still reads
            return ""


class DeliveryAttempt(models.Model):
    """One try at sending a notification's e-mail, successful or not."""

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="attempts_made",
    )
    address = models.EmailField(_("address"))
    attempted_at = models.DateTimeField(_("attempted at"), auto_now_add=True)
    succeeded = models.BooleanField(_("succeeded"))
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-attempted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.address} · {self.attempted_at:%Y-%m-%d %H:%M}"


class FailedAddress(models.Model):
    """An address a mail server refused for good (a 5xx answer): nothing more is sent to
    it until an administrator deletes this row (after the user's address is fixed)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="failed_addresses",
    )
    address = models.EmailField(_("address"))
    reason = models.TextField(_("reason"))
    flagged_at = models.DateTimeField(_("flagged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("failed e-mail address")
        verbose_name_plural = _("failed e-mail addresses")
        ordering = ["-flagged_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "address"], name="failed_address_once")
        ]

    def __str__(self) -> str:
        return self.address


class Preferences(models.Model):
    """A user's choices: which kinds not to receive by e-mail, and the e-mails' language.
    No row means the defaults: every kind by e-mail, in the product's first language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    muted_kinds = models.JSONField(_("kinds not sent by e-mail"), default=list, blank=True)
    language = models.CharField(
        _("language of the e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
