from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessibilityConfig(AppConfig):
    name = "aktiv.accessibility"
    label = "accessibility"
    verbose_name = _("Tilgjengelighet")
