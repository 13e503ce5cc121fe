from django.contrib import admin

from aktiv.lib.admin import CountsOnlyAdmin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(CountsOnlyAdmin[Feedback]):
    """Read and delete only: answers are written on the product's page, which e-mails them."""

    list_display = ["created_at", "language", "answered_at"]
    readonly_fields = ("created_at", "language", "page", "answered_at", "answered_by")
    fields = ("created_at", "language", "page", "answered_at", "answered_by")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
