"""The learning catalogue for everyone, and HR's pages to keep it and its recommendations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktiv.lib.concurrency import edit_token, is_stale
from aktiv.lib.permissions import hr_required
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt

from . import services
from .forms import MappingForm, SessionForm
from .models import Job, LearningSession, Recommendation, RecommendedSession
from .recommend import DimensionInfo, known_dimensions


@dataclass
class JobGroup:
    job: str
    label: str
    sessions: list[LearningSession] = field(default_factory=list)

    @property
    def total_minutes(self) -> int:
        return sum(s.duration_minutes for s in self.sessions)


def by_job(sessions: Iterable[LearningSession]) -> list[JobGroup]:
    """The four jobs in the seed's order, each with its sessions (also when it has none)."""
    groups = {job.value: JobGroup(job.value, str(job.label)) for job in Job}
    for session in sorted(sessions, key=lambda s: s.job_position):
        groups[session.job].sessions.append(session)
    return list(groups.values())


@require_GET
def catalogue(request: AuthedRequest) -> HttpResponse:
    groups = by_job(LearningSession.objects.active())
    return render(
        request,
        "learning/catalogue.html",
        {"groups": groups, "any_sessions": any(g.sessions for g in groups)},
    )


@require_GET
def session_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """One session: what it is about, which dimensions it is recommended for, and its link
    where the organisation has set one. A hidden session is HR's only."""
    sessions = (
        LearningSession.objects.all() if request.user.is_hr else LearningSession.objects.active()
    )
    session = get_object_or_404(sessions, uuid=uuid)
    dimensions = known_dimensions()
    keys = RecommendedSession.objects.filter(session=session).values_list(
        "recommendation__dimension_key", flat=True
    )
    recommended_for = [dimensions[key] for key in dimensions if key in set(keys)]
    return render(
        request,
        "learning/session.html",
        {"session": session, "recommended_for": recommended_for},
    )


@hr_required
@require_http_methods(["GET", "POST"])
def manage(request: AuthedRequest) -> HttpResponse:
    """The whole catalogue, hidden sessions included; POST adds the organisation's own."""
    form = SessionForm(request.POST or None, auto_id="new_%s")
    # A field-keyed refusal lands at its field.
    if form.is_valid() and (
        done := attempt(
            request,
            lambda: services.session_create(actor=request.user, values=form.cleaned_data),
            form=form,
        )
    ):
        messages.success(request, _("«%(title)s» er lagt til.") % {"title": done.value.title})
        return redirect("learning:manage")
    entries = Prefetch(
        "entries",
        queryset=RecommendedSession.objects.select_related("session").order_by("position"),
    )
    recommendations = {r.dimension_key: r for r in Recommendation.objects.prefetch_related(entries)}
    mapping = [
        (
            info,
            [e.session for e in recommendations[key].entries.all()]
            if key in recommendations
            else [],
        )
        for key, info in known_dimensions().items()
    ]
    return render(
        request,
        "learning/manage.html",
        {
            "groups": by_job(LearningSession.objects.all()),
            "form": form,
            "mapping": mapping,
        },
        status=400 if form.errors else 200,
    )


@hr_required
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    session = get_object_or_404(LearningSession.objects.all(), uuid=uuid)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    conflict = request.method == "POST" and is_stale(request, session)
    if request.method == "POST" and not conflict and form.is_valid():
        if attempt(
            request,
            lambda: services.session_change(
                session=session, actor=request.user, values=form.cleaned_data
            ),
            form=form,
        ):
            messages.success(request, _("«%(title)s» er lagret.") % {"title": session.title})
            return redirect("learning:manage")
        session.refresh_from_db()
    return render(
        request,
        "learning/session_edit.html",
        {"session": session, "form": form, "conflict": conflict, "edit_token": edit_token(session)},
        status=409 if conflict else (400 if form.errors else 200),
    )


@hr_required
@require_POST
def session_active(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    session = get_object_or_404(LearningSession.objects.all(), uuid=uuid)
    active = request.POST.get("action") == "activate"
    services.session_set_active(session=session, actor=request.user, active=active)
    if active:
        messages.success(request, _("«%(title)s» vises igjen i katalogen.") % {"title": session})
    else:
        messages.success(
            request,
            _("«%(title)s» er skjult fra katalogen og anbefalingene.") % {"title": session},
        )
    return redirect("learning:manage")


def _dimension(key: str) -> DimensionInfo:
    info = known_dimensions().get(key)
    if info is None:
        raise Http404
    return info


@hr_required
@require_http_methods(["GET", "POST"])
def mapping_edit(request: AuthedRequest, key: str) -> HttpResponse:
    """Which sessions to recommend for one dimension."""
    dimension = _dimension(key)
    recommendation = Recommendation.objects.filter(dimension_key=key).first()
    chosen: set[str] = (
        {str(u) for u in recommendation.sessions.values_list("uuid", flat=True)}
        if recommendation
        else set()
    )
    form = MappingForm(request.POST or None)
    conflict = (
        request.method == "POST"
        and recommendation is not None
        and is_stale(request, recommendation)
    )
    if request.method == "POST" and not conflict and form.is_valid():
        services.recommendation_set(
            dimension_key=key, sessions=form.cleaned_data["sessions"], actor=request.user
        )
        messages.success(
            request, _("Anbefalingene for «%(title)s» er lagret.") % {"title": dimension.title}
        )
        return redirect("learning:manage")
    if request.method == "POST":
        # Refused or overtaken by another save: keep what this person ticked.
        chosen = set(request.POST.getlist("sessions"))
    return render(
        request,
        "learning/mapping_edit.html",
        {
            "dimension": dimension,
            "form": form,
            "groups": by_job(LearningSession.objects.all()),
            "chosen": chosen,
            "conflict": conflict,
            "edit_token": edit_token(recommendation) if recommendation else "",
        },
        status=409 if conflict else (400 if form.errors else 200),
    )
