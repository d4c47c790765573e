from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from dashboards import versions

        # Infrastructure, not domain logic: keeps the data-version triggers in place
        # after every migrate (see dashboards/versions.py).
        post_migrate.connect(
            versions.after_migrate, sender=self, dispatch_uid="dashboards-versions"
        )
