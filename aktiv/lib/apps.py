from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "aktiv.lib"
    label = "lib"
