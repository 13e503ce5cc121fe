from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "aktiv.integrations"
    label = "integrations"
    verbose_name = _("Integrasjoner")

    def ready(self) -> None:
        from aktiv.lib import hooks

        from .invitations import invitations_for_people
        from .tasks import send_invitations

        hooks.on_people_changed(invitations_for_people)
        hooks.on_sweep(send_invitations)
