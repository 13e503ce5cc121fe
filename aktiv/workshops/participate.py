"""The participants' pages, open without signing in: join with a code, answer the open step.
A guest is known by a random token in a signed cookie, never by name; a signed-in person by
their account. Every refusal is a page that says why, and stores nothing."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aktiv.people.auth import client_address

from . import services
from .forms import AnswerForm, JoinForm
from .models import Participant, Submission, Workshop, can_facilitate

COOKIE_SALT = "aktiv.workshops.participant"


def _cookie_name(workshop: Workshop) -> str:
    return f"kurs_{workshop.code}"


def _guest_token(request: HttpRequest, workshop: Workshop) -> str | None:
    token = request.get_signed_cookie(_cookie_name(workshop), default=None, salt=COOKIE_SALT)
    try:
        return str(uuid.UUID(token)) if token else None
    except ValueError:
        return None


def _participant(request: HttpRequest, workshop: Workshop) -> Participant | None:
    if request.user.is_authenticated:
        return Participant.objects.filter(workshop=workshop, person=request.user).first()
    token = _guest_token(request, workshop)
    if token is None:
        return None
    return Participant.objects.filter(workshop=workshop, token=token, person=None).first()


def _refused(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    return render(request, "workshops/refused.html", {"message": message}, status=status)


def _join_allowed(request: HttpRequest) -> bool:
    """At most WORKSHOP_JOINS_PER_IP tries per address per window, counted in the cache."""
    key = f"workshops:join:{client_address(request)}"
    cache.add(key, 0, timeout=settings.WORKSHOP_JOIN_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.WORKSHOP_JOIN_WINDOW)
        count = 1
    return count <= settings.WORKSHOP_JOINS_PER_IP


@login_not_required
@require_GET
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(initial={"code": request.GET.get("kode", "")[:12]})
    context = {"form": form, "can_facilitate": can_facilitate(request.user)}
    return render(request, "workshops/join.html", context)


@login_not_required
@require_POST
def join_submit(request: HttpRequest) -> HttpResponse:
    if not _join_allowed(request):
        return _refused(
            request,
            _("For mange forsøk fra denne adressen. Vent noen minutter og prøv igjen."),
            status=429,
        )
    form = JoinForm(request.POST)
    if not form.is_valid():
        return render(request, "workshops/join.html", {"form": form}, status=400)
    code = services.normalise_code(form.cleaned_data["code"])
    workshop = Workshop.objects.filter(code=code).first()
    person = request.user if request.user.is_authenticated else None
    token = _guest_token(request, workshop) if workshop and person is None else None
    try:
        participant = services.participant_join(code=code, person=person, token=token)
    except ValidationError as error:
        return _refused(request, " ".join(error.messages))
    response = redirect("workshops:participate", participant.workshop.code)
    if participant.is_guest:
        response.set_signed_cookie(
            _cookie_name(participant.workshop),
            str(participant.token),
            salt=COOKIE_SALT,
            expires=participant.workshop.expires_at,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _open_workshop(request: HttpRequest, code: str) -> Workshop | HttpResponse:
    workshop = Workshop.objects.filter(code=services.normalise_code(code)).first()
    if workshop is None:
        return _refused(request, _("Vi fant ikke noe kurs med den koden."), status=404)
    if not workshop.takes_answers():
        return _refused(request, _("Dette kurset er avsluttet. Takk for at du var med!"), 410)
    return workshop


def _render_participate(
    request: HttpRequest,
    workshop: Workshop,
    participant: Participant | None,
    form: AnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    step = workshop.current_step()
    answered = bool(
        participant and step and Submission.objects.filter(step=step, participant=participant)
    )
    if participant and step and not answered and form is None:
        form = AnswerForm(step=step, can_keep=services.can_keep(participant, step))
    context = {
        "workshop": workshop,
        "participant": participant,
        "step": step,
        "answered": answered,
        "form": form,
        "position": workshop.current_position or 0,
    }
    return render(request, "workshops/participate.html", context, status=status)


@login_not_required
@require_GET
def participate(request: HttpRequest, code: str) -> HttpResponse:
    workshop = _open_workshop(request, code)
    if isinstance(workshop, HttpResponse):
        return workshop
    return _render_participate(request, workshop, _participant(request, workshop))


@login_not_required
@require_GET
def status(request: HttpRequest, code: str) -> HttpResponse:
    """Polled by the participant's page: 204 while the open step is the one on their screen,
    a full reload (HX-Refresh) when the facilitator moves on or closes."""
    workshop = Workshop.objects.filter(code=services.normalise_code(code)).first()
    shown = request.GET.get("steg", "")
    now = str(workshop.current_position or 0) if workshop and workshop.takes_answers() else "x"
    if not getattr(request, "htmx", False):
        return redirect("workshops:participate", code)
    if shown == now:
        return HttpResponse(status=204)
    response = HttpResponse(status=200)
    response["HX-Refresh"] = "true"
    return response


@login_not_required
@require_POST
def answer(request: HttpRequest, code: str, step: uuid.UUID) -> HttpResponse:
    workshop = _open_workshop(request, code)
    if isinstance(workshop, HttpResponse):
        return workshop
    participant = _participant(request, workshop)
    found = workshop.steps.filter(uuid=step).first()
    if participant is None or found is None:
        return _refused(request, _("Bli med i kurset med koden før du svarer."), status=403)
    form = AnswerForm(request.POST, step=found, can_keep=services.can_keep(participant, found))
    if not form.is_valid():
        return _render_participate(request, workshop, participant, form, status=400)
    try:
        kept = services.answer_submit(
            participant=participant,
            step=found,
            values=form.values(),
            text=form.cleaned_data.get("text", ""),
            keep=form.cleaned_data.get("keep", False),
        )
    except ValidationError as error:
        return _refused(request, " ".join(error.messages), status=409)
    messages.success(
        request,
        _("Takk! Svaret er lagret i din historikk også.") if kept else _("Takk for svaret!"),
    )
    return redirect("workshops:participate", workshop.code)
