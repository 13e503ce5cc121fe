from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "aktiv.workshops"
    label = "workshops"
    verbose_name = _("Kursmodus")

    def ready(self) -> None:
        from aktiv.lib import hooks

        from .tasks import workshops_sweep

        hooks.on_sweep(workshops_sweep)
