"""People's own pages: HR's start page and privacy page (the retention period, the second
factor for leaders, erasing people who have left), undoing a change of one's e-mail address,
and the one view behaviour behind every "Del med lederen din" button."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from aktiv.audit.services import action_log
from aktiv.lib.forms import TOO_LONG
from aktiv.lib.permissions import hr_required
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt

from . import services
from .models import ERASED_NAME, EmailChange, OrganisationSettings, Person
from .privacy import person_erase, retention_cutoff
from .sharing import Shareable, item_share, item_withdraw
from .sso import enabled as sso_enabled


class RetentionForm(forms.ModelForm[OrganisationSettings]):
    class Meta:
        model = OrganisationSettings
        fields = ["retention_months"]

    def clean_retention_months(self) -> int:
        value = self.cleaned_data["retention_months"]
        if not 1 <= value <= 120:
            raise forms.ValidationError(_("Velg mellom 1 og 120 måneder."))
        return int(value)


class SecondFactorPolicyForm(forms.ModelForm[OrganisationSettings]):
    """Read only: the service saves (second_factor_policy_set)."""

    class Meta:
        model = OrganisationSettings
        fields = ["leaders_need_second_factor"]


class SignInPolicyForm(forms.ModelForm[OrganisationSettings]):
    """Read only: the service saves (sign_in_policy_set)."""

    class Meta:
        model = OrganisationSettings
        fields = ["password_login", "sso_create_people"]


class DigestTimeForm(forms.ModelForm[OrganisationSettings]):
    """Read only: the service saves (digest_time_set)."""

    class Meta:
        model = OrganisationSettings
        fields = ["digest_time"]
        widgets = {"digest_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class LanguageSelect(forms.Select):
    """Each language's name is written in that language: marked so (WCAG 3.1.2)."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if option["value"]:
            option["attrs"]["lang"] = option["value"]
        return option


class PersonLanguageForm(forms.ModelForm[Person]):
    """Read only: the service saves (person_language_set)."""

    class Meta:
        model = Person
        fields = ["language"]


class OrganisationLanguageForm(forms.ModelForm[OrganisationSettings]):
    """Read only: the service saves (organisation_language_set)."""

    class Meta:
        model = OrganisationSettings
        fields = ["default_language"]
        widgets = {"default_language": LanguageSelect}


@require_POST
def language_set(request: AuthedRequest) -> HttpResponse:
    """A person's choice of language under *Mine data*; the next page is in it."""
    form = PersonLanguageForm(request.POST)
    if form.is_valid():
        language = form.cleaned_data["language"]
        done = attempt(
            request, lambda: services.person_language_set(person=request.user, language=language)
        )
        if done:
            # Said in the new language, on the page that is now in it.
            with translation.override(request.user.preferred_language):
                messages.success(request, _("Språket er lagret."))
    else:
        messages.error(request, _("Velg et av språkene i lista."))
    return redirect("audit:my_data")


@hr_required
@require_POST
def organisation_language(request: AuthedRequest) -> HttpResponse:
    form = OrganisationLanguageForm(request.POST)
    if form.is_valid():
        language = form.cleaned_data["default_language"]
        done = attempt(
            request,
            lambda: services.organisation_language_set(actor=request.user, language=language),
        )
        if done:
            with translation.override(request.user.preferred_language):
                messages.success(request, _("Standardspråket er lagret."))
    else:
        messages.error(request, _("Velg et av språkene i lista."))
    return redirect("hr_privacy")


@hr_required
@require_http_methods(["GET", "POST"])
def privacy(request: AuthedRequest) -> HttpResponse:
    current = OrganisationSettings.current()
    form = RetentionForm(request.POST or None, instance=current)
    policy = SecondFactorPolicyForm(instance=current)
    language = OrganisationLanguageForm(instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        action_log(actor=request.user, action="retention_set", obj=current)
        messages.success(request, _("Lagringstiden er oppdatert."))
        return redirect("hr_privacy")
    search = DepartedSearchForm(request.GET or None)
    return render(
        request,
        "people/hr_privacy.html",
        {
            "form": form,
            "policy": policy,
            "sign_in": SignInPolicyForm(instance=current) if sso_enabled() else None,
            "sso_name": settings.OIDC_NAME,
            "digest": DigestTimeForm(instance=current),
            "language": language,
            "search": search,
            "departed": _departed_page(request, search),
            "cutoff": retention_cutoff(),
        },
        status=400 if form.errors or search.errors else 200,
    )


DEPARTED_PAGE = 50


class DepartedSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Søk på navn eller e-post"),
        max_length=200,
        required=False,
        error_messages=TOO_LONG,
    )


def _departed_page(request: AuthedRequest, search: DepartedSearchForm) -> Page[Person]:
    """The people who have left and whose data is still here, by name, 50 a page: after some
    years an organisation of 100,000 has tens of thousands of them."""
    departed = (
        Person.objects.filter(is_active=False)
        .exclude(full_name=ERASED_NAME)
        .only("uuid", "full_name", "email")
        .order_by("full_name", "email")
    )
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    if query:
        departed = departed.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return Paginator(departed, DEPARTED_PAGE).get_page(request.GET.get("side"))


@hr_required
@require_POST
def second_factor_policy(request: AuthedRequest) -> HttpResponse:
    form = SecondFactorPolicyForm(request.POST)
    if form.is_valid():
        leaders = form.cleaned_data["leaders_need_second_factor"]
        attempt(
            request,
            lambda: services.second_factor_policy_set(actor=request.user, leaders=leaders),
            success=_("Ledere må nå logge inn med to trinn.")
            if leaders
            else _("Ledere velger nå selv om de vil logge inn med to trinn."),
        )
    return redirect("hr_privacy")


@hr_required
@require_POST
def sign_in_policy(request: AuthedRequest) -> HttpResponse:
    if not sso_enabled():
        raise Http404
    form = SignInPolicyForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.sign_in_policy_set(
                actor=request.user,
                password_login=form.cleaned_data["password_login"],
                create_people=form.cleaned_data["sso_create_people"],
            ),
            success=_("Innloggingen er oppdatert."),
        )
    return redirect("hr_privacy")


@hr_required
@require_POST
def digest_time(request: AuthedRequest) -> HttpResponse:
    form = DigestTimeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv et klokkeslett, for eksempel 07:00."))
        return redirect("hr_privacy")
    at = form.cleaned_data["digest_time"]
    attempt(
        request,
        lambda: services.digest_time_set(actor=request.user, at=at),
        success=_("Det daglige sammendraget sendes nå kl. %(time)s.")
        % {"time": at.strftime("%H:%M")},
    )
    return redirect("hr_privacy")


@hr_required
@require_POST
def erase(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    person = get_object_or_404(Person.objects.filter(is_active=False), uuid=uuid)
    attempt(
        request,
        lambda: person_erase(person=person, actor=request.user),
        success=_("Personopplysningene er slettet."),
    )
    return redirect("hr_privacy")


@login_not_required
@require_http_methods(["GET", "POST"])
def email_change_undo(request: HttpRequest, token: str) -> HttpResponse:
    """The "Angre endringen" link sent to an old address: a page that asks, and a POST that
    restores the address. Open without signing in: the person has just been signed out."""
    change = EmailChange.objects.from_undo_token(token)
    if change is None:
        return render(request, "people/email_change_undo.html", {"change": None}, status=400)
    if request.method == "POST":
        if attempt(
            request,
            lambda: services.email_change_undo(change=change),
            success=_(
                "Adressen er satt tilbake til %(email)s, og alle er logget ut. Logg inn med "
                "den og passordet ditt."
            )
            % {"email": change.old_email},
        ):
            return redirect("login")
        change.refresh_from_db()
    refused = request.method == "POST" or not change.can_be_undone
    return render(
        request, "people/email_change_undo.html", {"change": change}, status=400 if refused else 200
    )


def sharing_post(
    request: AuthedRequest, item: Shareable, *, fragment: str, context: dict[str, object]
) -> HttpResponse:
    """Share or withdraw `item` (the caller has already scoped it to its owner). With HTMX
    the sharing fragment is returned in place; otherwise a redirect with a message."""
    person = request.user
    notice = error_text = ""
    try:
        if request.POST.get("action") == "withdraw":
            item_withdraw(item=item, actor=person)
            notice = _("Delingen er trukket tilbake.")
        elif request.POST.get("action") == "share":
            item_share(item=item, actor=person)
            notice = _("Delt med %(leader)s. Du kan trekke delingen tilbake når du vil.") % {
                "leader": person.leader
            }
        else:
            error_text = _("Ukjent handling.")
    except ValidationError as error:
        error_text = " ".join(error.messages)
    if request.htmx and not error_text:
        return render(request, fragment, context | {"is_owner": True, "sharing_notice": notice})
    if error_text:
        messages.error(request, error_text)
    else:
        messages.success(request, notice)
    return redirect(f"{item.get_absolute_url()}#deling")  # type: ignore[attr-defined]
