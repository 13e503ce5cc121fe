from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "aktiv.conversations"
    label = "conversations"
    verbose_name = _("Medarbeidersamtalen")

    def ready(self) -> None:
        from aktiv.lib import hooks

        from .services import records_for_people
        from .tasks import notify_due_actions, send_due_reminders

        hooks.on_people_changed(records_for_people)
        hooks.on_sweep(send_due_reminders)
        hooks.on_sweep(notify_due_actions)
