from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import forms, twofactor, views
from .sso import views as sso

urlpatterns = [
    path("sikkerhet/", twofactor.manage, name="twofactor_manage"),
    path("hr/personvern/", views.privacy, name="hr_privacy"),
    path("hr/personvern/slett/<uuid:uuid>/", views.erase, name="hr_erase"),
    path("hr/personvern/to-trinn/", views.second_factor_policy, name="hr_second_factor"),
    path("hr/personvern/innlogging/", views.sign_in_policy, name="hr_sign_in_policy"),
    path("hr/personvern/sammendrag/", views.digest_time, name="hr_digest_time"),
    path("hr/personvern/sprak/", views.organisation_language, name="hr_language"),
    path("sprak/", views.language_set, name="language_set"),
    path("sikkerhet/to-trinn/oppsett/", twofactor.setup, name="twofactor_setup"),
    path("sikkerhet/to-trinn/", twofactor.verify, name="twofactor_verify"),
    path("e-post/angre/<str:token>/", views.email_change_undo, name="email_change_undo"),
    path(
        "logg-inn/",
        sso.LoginView.as_view(authentication_form=forms.LoginForm),
        name="login",
    ),
    path("logg-inn/sso/", sso.start, name="sso_start"),
    path("logg-inn/sso/ferdig/", sso.callback, name="sso_callback"),
    path("logg-ut/", sso.LogoutView.as_view(), name="logout"),
    path(
        "glemt-passord/",
        auth_views.PasswordResetView.as_view(form_class=forms.PasswordResetForm),
        name="password_reset",
    ),
    path(
        "glemt-passord/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "glemt-passord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=forms.SetPasswordForm, success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "glemt-passord/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
