from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class Role(models.TextChoices):
    OFFICIAL = "official", _("Unit official")
    APPRAISER = "appraiser", _("Appraiser")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person who signs in. The role decides what they may see and change (the rules:
    accounts/access.py).

    An official belongs to exactly one unit and works only on that unit's scores.
    """

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OFFICIAL)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # The year and units the user last chose on the year dashboard: where they land when
    # they come back without asking for one (on the user row, so reading it costs nothing).
    dashboard_year = models.PositiveSmallIntegerField(
        _("dashboard year"), null=True, blank=True, editable=False
    )
    dashboard_scope = models.CharField(
        _("dashboard units"), max_length=100, blank=True, editable=False
    )

    class Meta(AbstractUser.Meta):
        # django-stubs types AbstractUser.Meta's names as str; Django itself uses lazy text.
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.OFFICIAL) | models.Q(unit__isnull=False),
                name="official_has_unit",
                violation_error_message=_("An official must belong to a unit."),
            )
        ]

    @property
    def is_official(self) -> bool:
        return self.role == Role.OFFICIAL

    @property
    def is_appraiser(self) -> bool:
        return self.role == Role.APPRAISER

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser


class AuthenticatorApp(TOTPDevice):
    """A user's authenticator app for the second factor (django-otp's TOTP device), named
    in the product's language for Django admin, where it is listed without its key."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
