from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "aktiv.insights"
    label = "insights"
    verbose_name = _("Innsikt")

    def ready(self) -> None:
        from aktiv.lib import hooks

        from .exports import ExportKind, figures_file, kind_register, participation_file
        from .tasks import (
            expire_exports,
            freeze_quarters,
            refresh_figures,
            refresh_month_figures,
            refresh_participation,
        )

        hooks.on_sweep(freeze_quarters)
        hooks.on_sweep(refresh_figures)  # after freezing: it reads the frozen quarters
        hooks.on_sweep(refresh_participation)
        hooks.on_sweep(refresh_month_figures)
        hooks.on_sweep(expire_exports)
        kind_register(
            "figures", ExportKind(_("Egenvurderinger per enhet"), "insights:figures", figures_file)
        )
        kind_register(
            "participation",
            ExportKind(_("Deltakelse"), "insights:participation", participation_file),
        )
