from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Person, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["name", "parent"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


@admin.register(Person)
class PersonAdmin(UserAdmin[Any]):  # Person is an AbstractBaseUser, not an AbstractUser
    ordering = ["full_name"]
    list_display = ["full_name", "email", "unit", "leader", "is_hr", "is_active"]
    list_filter = ["is_hr", "is_active", "is_staff", "unit"]
    search_fields = ["full_name", "email"]
    autocomplete_fields = ["unit", "leader"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "unit", "leader")}),
        (_("Roller"), {"fields": ("is_active", "is_hr", "is_staff", "is_superuser")}),
        (_("Datoer"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "unit", "leader", "password1", "password2"),
            },
        ),
    )
