from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktiv.audit.reads import read
from aktiv.lib.concurrency import edit_token, is_stale
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt
from aktiv.people.views import sharing_post

from . import services
from .forms import AreaForm
from .models import CompetenceArea, CompetenceChange, CompetenceProfile


def _render_profile(
    request: AuthedRequest,
    profile: CompetenceProfile,
    form: AreaForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_owner = profile.person_id == request.user.pk
    if profile.pk is None:  # nothing stored yet: an empty profile
        return render(
            request,
            "competence/profile.html",
            {"profile": profile, "is_owner": True, "form": form or AreaForm()},
            status=status,
        )
    areas = list(profile.areas.current())
    context = {
        "profile": profile,
        "areas": areas,
        "breadth": [a for a in areas if a.kind == CompetenceArea.Kind.BREADTH],
        "depth": [a for a in areas if a.kind == CompetenceArea.Kind.DEPTH],
        "is_owner": is_owner,
        "is_shared_view": not is_owner,
        "history": CompetenceChange.objects.filter(area__profile=profile).select_related("area")[
            :50
        ],
    }
    if is_owner:
        context["form"] = form or AreaForm()
    return render(request, "competence/profile.html", context, status=status)


@require_http_methods(["GET", "POST"])
def my_profile(request: AuthedRequest) -> HttpResponse:
    profile = (services.profile_for if request.method == "POST" else services.profile_of)(
        request.user
    )
    if request.method == "POST":
        form = AreaForm(request.POST)
        if form.is_valid() and attempt(
            request,
            lambda: services.area_add(profile=profile, values=form.cleaned_data),
            form=form,
            success=_("Kompetanseområdet er lagt til."),
        ):
            return redirect("competence:mine")
        return _render_profile(request, profile, form=form, status=400)
    return _render_profile(request, profile)


@require_GET
def profile_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    profile = read(
        CompetenceProfile.objects.visible_to(request.user).select_related("person"),
        request.user,
        uuid=uuid,
    )
    return _render_profile(request, profile)


def _own_area(request: AuthedRequest, uuid: UUID) -> CompetenceArea:
    return get_object_or_404(
        CompetenceArea.objects.current().filter(profile__person=request.user), uuid=uuid
    )


@require_http_methods(["GET", "POST"])
def area_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    area = _own_area(request, uuid)
    form = AreaForm(request.POST or None, instance=area)
    conflict = request.method == "POST" and is_stale(request, area)
    if (
        request.method == "POST"
        and not conflict
        and form.is_valid()
        and attempt(
            request,
            lambda: services.area_change(area=area, values=form.cleaned_data),
            form=form,
            success=_("Kompetanseområdet er oppdatert."),
        )
    ):
        return redirect("competence:mine")
    if conflict:
        area.refresh_from_db()
    return render(
        request,
        "competence/area_edit.html",
        {"area": area, "form": form, "conflict": conflict, "edit_token": edit_token(area)},
        status=409 if conflict else (400 if form.errors else 200),
    )


@require_POST
def area_remove(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    services.area_remove(area=_own_area(request, uuid))
    messages.success(request, _("Kompetanseområdet er fjernet. Det står fortsatt i historikken."))
    return redirect("competence:mine")


@require_POST
def profile_sharing(request: AuthedRequest) -> HttpResponse:
    profile = services.profile_for(request.user)
    return sharing_post(
        request,
        profile,
        fragment="competence/profile.html#sharing",
        context={"profile": profile},
    )
