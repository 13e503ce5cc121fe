from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PulseConfig(AppConfig):
    name = "aktiv.pulse"
    label = "pulse"
    verbose_name = _("Medarbeiderpuls")

    def ready(self) -> None:
        from aktiv.insights.exports import ExportKind, kind_register
        from aktiv.lib import hooks

        from .pages import export_file, health_file
        from .tasks import refresh_snapshot, send_pulse_mail

        hooks.on_sweep(send_pulse_mail)
        hooks.on_sweep(refresh_snapshot)
        # The pulse's exports, built by insights' export jobs.
        kind_register("pulse", ExportKind(_("Medarbeiderpuls"), "pulse:hr", export_file))
        kind_register("health", ExportKind(_("Helsenærvær"), "pulse:health", health_file))
