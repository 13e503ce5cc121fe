from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "aktiv.competence"
    label = "competence"
    verbose_name = _("Kompetanseprofil")
