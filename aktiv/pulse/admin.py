from django.contrib import admin

from aktiv.lib.admin import CountsOnlyAdmin

from .models import Round


@admin.register(Round)
class RoundAdmin(CountsOnlyAdmin[Round]):
    """Operators see the rounds HR scheduled; the answers have no admin page at all."""

    list_display = ["name", "opens_on", "closes_on", "invited_at", "reminded_at"]
    fields = ("name", "pulse_version", "opens_on", "closes_on", "invited_at", "reminded_at")
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
