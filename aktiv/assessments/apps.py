from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "aktiv.assessments"
    label = "assessments"
    verbose_name = _("Egenvurderinger")

    def ready(self) -> None:
        # Load and validate every instrument file at start-up: a broken file stops the
        # server before anyone answers it.
        from . import definitions

        definitions.all_latest()
