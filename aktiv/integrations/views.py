"""HR's integration tokens, the resend of an invitation, and the page where an invited
person chooses their first password. The token pages are HR's, behind the second factor
like every HR page (people/twofactor.py)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktiv.lib.permissions import hr_required
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt
from aktiv.people.forms import SetPasswordForm
from aktiv.people.models import Person

from . import tokens
from .forms import TokenForm
from .invitations import invitation_resend, invitation_tokens
from .models import IntegrationToken


@hr_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthedRequest) -> HttpResponse:
    """The tokens, and a form for a new one; a new token is shown on this one response
    only (a reload shows the list without it)."""
    form = TokenForm(request.POST or None)
    created = None
    if form.is_valid() and (
        done := attempt(
            request,
            lambda: tokens.token_create(actor=request.user, **form.cleaned_data),
            form=form,
        )
    ):
        created, form = done.value, TokenForm()
    listed = IntegrationToken.objects.select_related("created_by")
    return render(
        request,
        "integrations/tokens.html",
        {"form": form, "tokens": listed, "created": created},
        status=400 if form.errors else 200,
    )


@hr_required
@require_POST
def token_revoke(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    token = get_object_or_404(IntegrationToken.objects.live(), uuid=uuid)
    tokens.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Nøkkelen «%(name)s» er trukket tilbake.") % {"name": token})
    return redirect("integrations:tokens")


@hr_required
@require_POST
def invitation_send(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    person = get_object_or_404(Person.objects.hr_editable(), uuid=uuid)
    attempt(
        request,
        lambda: invitation_resend(actor=request.user, person=person),
        success=_("Invitasjonen til %(name)s sendes nå.") % {"name": person.full_name},
    )
    return redirect(reverse_lazy("organisation:index") + "#people-heading")


@login_not_required
@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's browsable documentation, drawn from its OpenAPI document."""
    from .api import api  # the API module builds the NinjaAPI at import

    document = api.get_openapi_schema(path_prefix="/api/v1")
    operations = [
        {"path": path, "method": method.upper(), **operation}
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    return render(
        request,
        "integrations/api_docs.html",
        {"document": document, "operations": operations},
    )


invitation_accept = auth_views.PasswordResetConfirmView.as_view(
    form_class=SetPasswordForm,
    token_generator=invitation_tokens,
    template_name="integrations/invitation_accept.html",
    success_url=reverse_lazy("password_reset_complete"),
)
