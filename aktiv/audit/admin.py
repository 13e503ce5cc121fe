from django.contrib import admin

from .models import AccessLogEntry, ActionEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin[AccessLogEntry]):
    list_display = ["at", "actor", "action", "subject", "object_type"]
    list_filter = ["action", "object_type"]
    readonly_fields = ["at", "actor", "action", "subject", "object_type", "object_uuid"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ActionEntry)
class ActionEntryAdmin(admin.ModelAdmin[ActionEntry]):
    list_display = ["at", "actor", "action", "object_type", "object_uuid"]
    list_filter = ["action", "object_type"]
    readonly_fields = ["at", "actor", "action", "object_type", "object_uuid"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
