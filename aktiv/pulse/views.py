from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktiv.insights import exports
from aktiv.insights.downloads.views import export_requested
from aktiv.learning.models import LearningSession
from aktiv.lib.anonymity import configured_threshold
from aktiv.lib.permissions import hr_required
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt
from aktiv.people.units import opened_unit, path_of

from . import definitions, pages, services, sickleave
from .forms import AnswerForm, RoundForm, SickLeaveImportForm
from .models import Participation, Round
from .results import ORGANISATION, closed_rounds, team_pulse, team_units
from .stored import health_shown, page_units, round_figures_shown


@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    """The rounds open to me, and what happens to my answers."""
    rounds = services.rounds_open_to(request.user, timezone.localdate())
    return render(
        request,
        "pulse/index.html",
        {"rounds": rounds, "pulse": definitions.latest(), "threshold": configured_threshold()},
    )


def _open_round(request: AuthedRequest, uuid: UUID) -> Round:
    """A round open today that asks this person; anything else is a 404."""
    round_ = Round.objects.open_on(timezone.localdate()).filter(uuid=uuid).first()
    if round_ is None or not services.is_invited(round_, request.user):
        raise Http404
    return round_


def _answer_page(
    request: AuthedRequest, round_: Round, form: AnswerForm, status: int = 200
) -> HttpResponse:
    answered = Participation.objects.filter(round=round_, person=request.user).exists()
    return render(
        request,
        "pulse/answer.html",
        {"round": round_, "form": form, "answered": answered, "threshold": configured_threshold()},
        status=status,
    )


@require_GET
def round_answer(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    round_ = _open_round(request, uuid)
    return _answer_page(request, round_, AnswerForm(pulse=definitions.get(round_.pulse_version)))


@require_POST
def round_submit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    round_ = _open_round(request, uuid)
    form = AnswerForm(request.POST, pulse=definitions.get(round_.pulse_version))
    if form.is_valid() and attempt(
        request,
        lambda: services.pulse_submit(
            round_=round_, person=request.user, answers=form.cleaned_data
        ),
        form=form,
        success=_("Takk! Svarene dine er lagret uten navn."),
    ):
        return redirect("pulse:index")
    return _answer_page(request, round_, form, status=400)


def _sessions() -> dict[str, Any]:
    return {s.title: s for s in LearningSession.objects.active()}


@require_GET
def team(request: AuthedRequest) -> HttpResponse:
    """The leader's team: the drivers of the latest closed round, the change since the one
    before, what to do about a low driver, and sick leave beside them, all gated."""
    leader = request.user
    if not leader.is_leader:
        raise Http404
    today = timezone.localdate()
    # The units of the leader's reports, and the leader's own unit: their rows only, stored
    # by the worker's sweep (or computed now until it has run).
    units = team_units(leader)
    rounds = closed_rounds(today)
    figures = round_figures_shown(rounds, [(unit.pk, unit.name, 1) for unit in units])
    own = [leader.unit] if leader.unit and leader.unit not in units else []
    pulse, health = health_shown(today, [(unit.pk, unit.name, 1) for unit in [*units, *own]])
    return render(
        request,
        "pulse/team.html",
        {
            "teams": team_pulse(leader, today, _sessions(), rounds=rounds, figures=figures),
            "pulse": pulse,
            "health": health,
            "threshold": configured_threshold(),
        },
    )


@hr_required
@require_GET
def hr(request: AuthedRequest) -> HttpResponse:
    """The rounds, and a closed round's figures per unit: the top units and their children,
    or one unit and its children with `?enhet=`."""
    context = pages.hr_page(
        request.GET.get("runde", ""),
        RoundForm(),
        request.GET.get("driver", ""),
        top=opened_unit(request),
        page=request.GET.get("side"),
    )
    return render(request, "pulse/hr.html", context)


@hr_required
@require_POST
def round_create(request: AuthedRequest) -> HttpResponse:
    form = RoundForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: services.round_create(actor=request.user, **form.cleaned_data),
        form=form,
        success=_("Pulsrunden er planlagt. Invitasjonen sendes når den åpner."),
    ):
        return redirect("pulse:hr")
    return render(request, "pulse/hr.html", pages.hr_page("", form), status=400)


def _round_param(value: str) -> str:
    """The chosen round as the page takes it: anything but a uuid is the latest round."""
    try:
        return str(UUID(value))
    except ValueError:
        return ""


@hr_required
@require_POST
def export(request: AuthedRequest) -> HttpResponse:
    """The HR page's figures as a file, built by the worker: the same gate, hidden units as
    "skjult"."""
    file_format = request.POST.get("format", "")
    if file_format not in exports.FORMATS:
        return HttpResponseBadRequest(_("Velg format: csv eller xlsx."))
    params = {"runde": _round_param(request.POST.get("runde", "")[:100])}
    return export_requested(request, "pulse", params, file_format)


@hr_required
@require_GET
def health(request: AuthedRequest) -> HttpResponse:
    """Helsenærvær: sick leave beside the drivers per unit, only for units the gate passes:
    the organisation, the top units and their children, or one unit and its children."""
    top = opened_unit(request)
    shown, openable = page_units(top)
    pulse, units = health_shown(timezone.localdate(), shown)
    return render(
        request,
        "pulse/health.html",
        {
            "pulse": pulse,
            "units": units,
            "organisation": ORGANISATION,
            "threshold": configured_threshold(),
            "top": top,
            "top_path": path_of(top) if top else "",
            "openable": {key: unit.uuid for key, unit in openable.items()},
        },
    )


@hr_required
@require_POST
def health_export(request: AuthedRequest) -> HttpResponse:
    """The helsenærvær page as a file, built by the worker: the same gate, "skjult" where it
    holds back."""
    file_format = request.POST.get("format", "")
    if file_format not in exports.FORMATS:
        return HttpResponseBadRequest(_("Velg format: csv eller xlsx."))
    return export_requested(request, "health", {}, file_format)


@hr_required
@require_http_methods(["GET", "POST"])
def sick_leave_import(request: AuthedRequest) -> HttpResponse:
    """Upload, check ("Prøv først") or apply ("Importer"), like the people import."""
    form = SickLeaveImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = sickleave.sick_leave_import(
            actor=request.user,
            filename=upload.name or "",
            data=upload.read(),
            apply=request.POST.get("action") == "apply",
        )
    bad = bool(form.errors) or (report is not None and not report.ok)
    return render(
        request, "pulse/import.html", {"form": form, "report": report}, status=400 if bad else 200
    )
