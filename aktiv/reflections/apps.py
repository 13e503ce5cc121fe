from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReflectionsConfig(AppConfig):
    name = "aktiv.reflections"
    label = "reflections"
    verbose_name = _("Refleksjonsverktøy")

    def ready(self) -> None:
        # Load every tool and its content at start-up: a broken content file stops the
        # server before anyone opens the worksheet.
        from . import registry

        registry.all_tools()
