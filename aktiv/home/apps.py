from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Min side, and the demo organisation: the top layer, which puts every app together."""

    name = "aktiv.home"
    label = "home"
