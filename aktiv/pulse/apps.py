from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PulseConfig(AppConfig):
    name = "aktiv.pulse"
    label = "pulse"
    verbose_name = _("Medarbeiderpuls")

    def ready(self) -> None:
        from aktiv.lib import hooks

        from .tasks import send_pulse_mail

        hooks.on_sweep(send_pulse_mail)
