from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpectationsConfig(AppConfig):
    name = "aktiv.expectations"
    label = "expectations"
    verbose_name = _("Forventningsavklaring")

    def ready(self) -> None:
        from aktiv.lib import hooks

        from .tasks import refresh_acknowledgements

        hooks.on_sweep(refresh_acknowledgements)
