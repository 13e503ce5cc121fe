from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "aktiv.feedback"
    label = "feedback"
    verbose_name = _("Tilbakemelding: oppover og 180°")

    def ready(self) -> None:
        # A broken definition file stops the server before anyone answers it.
        from . import definitions

        definitions.load_all()
