from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "aktiv.notifications"
    label = "notifications"
    verbose_name = _("Varsler")

    def ready(self) -> None:
        from aktiv.lib import hooks

        from .services import on_event
        from .tasks import send_digests

        hooks.on_event(on_event)
        hooks.on_sweep(send_digests)
