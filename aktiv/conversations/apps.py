from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "aktiv.conversations"
    label = "conversations"
    verbose_name = _("Medarbeidersamtalen")
