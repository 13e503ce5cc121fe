from django.contrib import admin

from aktiv.lib.admin import CountsOnlyAdmin

from .models import AccessLogEntry, ActionEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(CountsOnlyAdmin[AccessLogEntry]):
    list_display = ["at", "actor", "action", "subject", "object_type"]
    list_filter = ["action", "object_type"]
    readonly_fields = ["at", "actor", "action", "subject", "object_type", "object_uuid"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ActionEntry)
class ActionEntryAdmin(CountsOnlyAdmin[ActionEntry]):
    list_display = ["at", "actor", "action", "object_type", "object_uuid"]
    list_filter = ["action", "object_type"]
    readonly_fields = ["at", "actor", "action", "object_type", "object_uuid"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
