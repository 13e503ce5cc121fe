from django.contrib import admin

from aktiv.lib.admin import CountsOnlyAdmin

from .models import Response


@admin.register(Response)
class ResponseAdmin(CountsOnlyAdmin[Response]):
    """Operators see that responses exist, never what was answered (PRODUCT.md section 3)."""

    list_display = ["uuid", "instrument_key", "instrument_version", "status", "submitted_at"]
    list_filter = ["instrument_key", "status"]
    fields = ("uuid", "instrument_key", "instrument_version", "status", "submitted_at")
    readonly_fields = fields

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
