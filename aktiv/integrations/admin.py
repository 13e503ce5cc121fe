"""Tokens are made and revoked on HR's page; the admin only lists them (never a secret:
none is stored)."""

from django.contrib import admin
from django.http import HttpRequest

from .models import IntegrationToken


@admin.register(IntegrationToken)
class IntegrationTokenAdmin(admin.ModelAdmin[IntegrationToken]):
    list_display = ["name", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["name", "scopes", "hint", "created_by", "created_at", "last_used_at"]
    exclude = ["digest"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
