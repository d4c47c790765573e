from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Improvement plan and evidence library")

    def ready(self) -> None:
        from plans import library_panels, plan_panels

        library_panels.register()  # the library's documents on the cycle's pages
        plan_panels.register()  # the unit's plan tasks and due reports on the to-do board
