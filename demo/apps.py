from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Cao Lãnh demo: seeds every app, so it sits above all of them."""

    name = "demo"
    verbose_name = _("Demo data")
