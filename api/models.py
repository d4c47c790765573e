"""Clients of the token API and the log of their calls."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8


class Scope(models.TextChoices):
    RESULTS = "results", _("Published results")
    PROGRESS = "progress", _("Live progress of open rounds")
    SETS = "sets", _("Index sets and their criteria")


def token_digest(token: str) -> str:
    """The stored form of a token. A token has 256 random bits, so a plain SHA-256 is
    enough: no password-style stretching is needed against guessing."""
    return hashlib.sha256(token.encode()).hexdigest()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class ApiClient(models.Model):
    """A system (the operations centre, the province) that reads the API with a token."""

    name = models.CharField(_("name"), max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    token_prefix = models.CharField(_("token prefix"), max_length=PREFIX_LENGTH, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_on = models.DateField(_("expires on"))
    allowed_addresses = models.TextField(
        _("allowed addresses"),
        blank=True,
        help_text=_("One IP address or network (CIDR) per line; empty: any address."),
    )
    allowed_origins = models.TextField(
        _("allowed CORS origins"),
        blank=True,
        help_text=_("One origin per line, e.g. https://ioc.example.gov.vn; empty: none."),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"

    def clean(self) -> None:
        unknown = set(self.scopes) - set(Scope.values)
        if unknown:
            raise ValidationError({"scopes": _("Unknown scope.")})
        for line in _lines(self.allowed_addresses):
            try:
                ipaddress.ip_network(line, strict=False)
            except ValueError:
                raise ValidationError(
                    {"allowed_addresses": _("“%(value)s” is not an address.") % {"value": line}}
                ) from None
        for line in _lines(self.allowed_origins):
            if not line.startswith(("https://", "http://")) or line.count("/") != 2:
                raise ValidationError(
                    {"allowed_origins": _("“%(value)s” is not an origin.") % {"value": line}}
                )

    @property
    def networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(line, strict=False) for line in _lines(self.allowed_addresses)]

    @property
    def origins(self) -> list[str]:
        return _lines(self.allowed_origins)

    def address_allowed(self, address: str) -> bool:
        networks = self.networks
        if not networks:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in networks)

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()


class ApiCall(models.Model):
    """One request to the API, answered or refused."""

    client = models.ForeignKey(
        ApiClient,
        verbose_name=_("API client"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calls",
    )
    path = models.CharField(_("endpoint"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ["-at"]
        indexes = [models.Index(fields=["client", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.path} {self.status}"
