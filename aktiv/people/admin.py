"""The admin for people and units, and for the second-factor devices django-otp registers:
replaced so that no secret (TOTP key, QR code, backup code) can be read there."""

from typing import Any

from django.contrib import admin
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static import admin as otp_static_admin  # noqa: F401
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as otp_totp_admin  # noqa: F401
from django_otp.plugins.otp_totp.models import TOTPDevice

from aktiv.lib.admin import CountsOnlyAdmin

from .models import Person, SignInIdentity, Unit
from .services import email_change, email_validate


@admin.register(Unit)
class UnitAdmin(CountsOnlyAdmin[Unit]):
    list_display = ["name", "parent"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


class PersonChangeForm(UserChangeForm[Any]):
    def clean_email(self) -> str:
        try:
            return email_validate(person=self.instance, email=self.cleaned_data["email"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["email"]) from error


@admin.register(Person)
class PersonAdmin(CountsOnlyAdmin[Any], UserAdmin[Any]):  # Person is no AbstractUser
    form = PersonChangeForm
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

    def save_model(
        self, request: HttpRequest, obj: Person, form: ModelForm[Any], change: bool
    ) -> None:
        """A new address goes through the same rules as on HR's person form
        (services.email_change): the old address is told and can undo it."""
        actor, new_email = request.user, obj.email
        if not isinstance(actor, Person):
            raise PermissionDenied
        changed = change and "email" in form.changed_data
        if changed:
            obj.email = form.initial["email"]
        super().save_model(request, obj, form, change)
        if changed:
            email_change(actor=actor, person=obj, email=new_email)
            if obj.pk == request.user.pk:
                update_session_auth_hash(request, obj)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """An operator sets only their own password here: setting someone else's would let
        them sign in as that person. Others choose theirs through "Glemt passordet?"."""
        if str(request.user.pk) != str(id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


class DeviceAdmin(CountsOnlyAdmin[Any]):
    """That a person has a second factor, and when it was used; never its key or codes. An
    operator can delete one (a lost phone), not read or change it."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__full_name", "user__email"]
    fields = readonly_fields = ("user", "name", "confirmed", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# django-otp's own ModelAdmins show the TOTP key, a QR code of it and the backup codes.
# They are imported above, so they are registered before they are replaced here, whatever
# order the admin discovers the apps in.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
    admin.site.register(device_model, DeviceAdmin)


@admin.register(SignInIdentity)
class SignInIdentityAdmin(CountsOnlyAdmin[SignInIdentity]):
    """Which person an account at the identity provider signs in as. Links are made only by
    signing in (docs/sso.md); an operator can remove a wrong one, and the person is matched
    anew at their next sign-in."""

    list_display = ["user", "issuer", "claim", "created_at", "last_used_at"]
    search_fields = ["user__full_name", "user__email"]
    fields = ["user", "issuer", "claim", "subject", "created_at", "last_used_at"]
    readonly_fields = ("user", "issuer", "claim", "subject", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
