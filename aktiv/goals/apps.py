from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "aktiv.goals"
    label = "goals"
    verbose_name = _("Mål")

    def ready(self) -> None:
        from aktiv.lib import hooks

        from .suggestions import organisation_needs

        hooks.on_suggest("organisation_needs", organisation_needs)
