from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "aktiv.people"
    label = "people"
    verbose_name = _("Personer og enheter")

    def ready(self) -> None:
        from aktiv.lib import hooks

        from .sharing import shares_end_with_former_leaders
        from .tasks import apply_retention

        hooks.on_sweep(apply_retention)
        hooks.on_people_changed(shares_end_with_former_leaders)
