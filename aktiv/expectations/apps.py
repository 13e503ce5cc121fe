from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpectationsConfig(AppConfig):
    name = "aktiv.expectations"
    label = "expectations"
    verbose_name = _("Forventningsavklaring")
