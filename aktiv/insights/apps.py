from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "aktiv.insights"
    label = "insights"
    verbose_name = _("Innsikt")

    def ready(self) -> None:
        from aktiv.lib import hooks

        from .tasks import (
            freeze_quarters,
            refresh_figures,
            refresh_month_figures,
            refresh_participation,
        )

        hooks.on_sweep(freeze_quarters)
        hooks.on_sweep(refresh_figures)  # after freezing: it reads the frozen quarters
        hooks.on_sweep(refresh_participation)
        hooks.on_sweep(refresh_month_figures)
