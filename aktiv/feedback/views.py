"""Upward feedback and the 180° view: thin views over `services`."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aktiv.assessments.forms import ITEM_PREFIX, AnswersForm
from aktiv.assessments.models import Response
from aktiv.audit.reads import read
from aktiv.lib.anonymity import configured_threshold
from aktiv.lib.charts import Bar, bar_chart
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt
from aktiv.people.models import Person

from . import services
from .forms import OpenRoundForm, few_leaders
from .models import UpwardParticipation, UpwardRound, ViewRequest


def _require_leader(request: AuthedRequest) -> None:
    if not request.user.is_leader:
        raise Http404


def _require_hr(request: AuthedRequest) -> None:
    if not request.user.is_hr:
        raise Http404


# Everyone: what waits for me -----------------------------------------------------------------


@require_GET
def mine(request: AuthedRequest) -> HttpResponse:
    person = request.user
    rounds = [
        (round, services.can_answer(round, person))
        for round in UpwardRound.objects.answerable_by(person).select_related("leader")
    ]
    return render(
        request,
        "feedback/mine.html",
        {
            "rounds": rounds,
            "asked": ViewRequest.objects.visible_to(person)
            .filter(employee=person)
            .select_related("leader"),
            "to_answer": ViewRequest.objects.visible_to(person)
            .filter(leader=person)
            .select_related("employee"),
        },
    )


# Upward: the leader's own page, a round, answering ------------------------------------------------


@require_GET
def upward(request: AuthedRequest) -> HttpResponse:
    _require_leader(request)
    rounds = UpwardRound.objects.filter(leader=request.user)
    return render(
        request,
        "feedback/upward.html",
        {"rounds": rounds, "threshold": configured_threshold()},
    )


@require_POST
def upward_open(request: AuthedRequest) -> HttpResponse:
    _require_leader(request)
    done = attempt(
        request,
        lambda: services.upward_round_open(leader=request.user, actor=request.user),
        success=_("Runden er åpnet, og medarbeiderne dine får en invitasjon på e-post."),
    )
    return redirect(done.value if done else "feedback:upward")


def _round_for_keeper(request: AuthedRequest, uuid: UUID) -> UpwardRound:
    rounds = UpwardRound.objects.select_related("leader")
    if not request.user.is_hr:
        rounds = rounds.filter(leader=request.user)
    return get_object_or_404(rounds, uuid=uuid)


@require_GET
def round_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    round = get_object_or_404(UpwardRound.objects.filter(leader=request.user), uuid=uuid)
    results = services.upward_results(round)
    chart = None
    if results is not None:
        chart = bar_chart(
            [Bar(d.label, d.team, d.own) for d in results.dimensions],
            minimum=1,
            maximum=5,
            chart_id=f"chart-{round.uuid}",
            title=_("Teamets gjennomsnitt og din egenvurdering per dimensjon, skala 1–5"),
        )
    return render(
        request,
        "feedback/round.html",
        {
            "round": round,
            "count": round.submissions.count(),
            "threshold": configured_threshold(),
            "results": results,
            "chart": chart,
        },
    )


@require_POST
def round_close(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    round = _round_for_keeper(request, uuid)
    attempt(
        request,
        lambda: services.upward_round_close(round=round, actor=request.user),
        success=_("Runden er lukket."),
    )
    if round.leader_id == request.user.pk:
        return redirect(round)
    return redirect("feedback:hr")


def _mark_missing(form: AnswersForm) -> None:
    """Point at each statement left open, linked from the error summary: the service refuses
    an incomplete answer as a whole, with only a count."""
    if not hasattr(form, "cleaned_data"):
        return
    for item in form.instrument.missing_items(form.answers()):
        if not form.has_error(ITEM_PREFIX + item.key):
            form.add_error(ITEM_PREFIX + item.key, _("Mangler svar."))


def _answerable(request: AuthedRequest, uuid: UUID) -> UpwardRound:
    return get_object_or_404(
        UpwardRound.objects.answerable_by(request.user).select_related("leader"), uuid=uuid
    )


def _answer_page(
    request: AuthedRequest, round: UpwardRound, form: AnswersForm, status: int = 200
) -> HttpResponse:
    answered = UpwardParticipation.objects.filter(round=round, person=request.user).exists()
    return render(
        request,
        "feedback/answer_upward.html",
        {"round": round, "form": form, "answered": answered},
        status=status,
    )


@require_GET
def answer(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    round = _answerable(request, uuid)
    return _answer_page(request, round, AnswersForm(round.instrument))


@require_POST
def answer_submit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    round = _answerable(request, uuid)
    form = AnswersForm(round.instrument, request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: services.upward_answer(round=round, person=request.user, answers=form.answers()),
        form=form,
        success=_("Takk! Svaret ditt er lagret anonymt."),
    ):
        return redirect("feedback:mine")
    _mark_missing(form)
    return _answer_page(request, round, form, status=400)


# Upward: HR -----------------------------------------------------------------------------------


ROUNDS_PAGE = 50


def _hr_page(
    request: AuthedRequest, form: OpenRoundForm, suggestions: list[Person], status: int = 200
) -> HttpResponse:
    """The rounds, open ones first, then the latest; 50 a page with their answer counts."""
    rounds = (
        UpwardRound.objects.select_related("leader")
        .annotate(answers=Count("submissions"))
        .order_by(F("closed_on").desc(nulls_first=True), "-opened_on", "-id")
    )
    page = Paginator(rounds, ROUNDS_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "feedback/hr.html",
        {
            "page": page,
            "form": form,
            "suggestions": suggestions,
            "threshold": configured_threshold(),
        },
        status=status,
    )


@require_GET
def hr(request: AuthedRequest) -> HttpResponse:
    _require_hr(request)
    suggestions = few_leaders()
    return _hr_page(request, OpenRoundForm(suggested=bool(suggestions)), suggestions)


@require_POST
def hr_open(request: AuthedRequest) -> HttpResponse:
    _require_hr(request)
    suggestions = few_leaders()
    form = OpenRoundForm(request.POST, suggested=bool(suggestions))
    if form.is_valid() and attempt(
        request,
        lambda: services.upward_round_open(leader=form.cleaned_data["leader"], actor=request.user),
        form=form,
        success=_("Runden er åpnet, og lederens medarbeidere får en invitasjon på e-post."),
    ):
        return redirect("feedback:hr")
    return _hr_page(request, form, suggestions, status=400)


# 180° -----------------------------------------------------------------------------------------


@require_POST
def view_request_create(request: AuthedRequest, response_uuid: UUID) -> HttpResponse:
    response = get_object_or_404(Response.objects.owned_by(request.user), uuid=response_uuid)
    done = attempt(
        request,
        lambda: services.view_request_create(response=response, actor=request.user),
        success=_("Lederen din er spurt. Dere ser svarene side om side når lederen har levert."),
    )
    return redirect(done.value if done else response)


def _view_page(
    request: AuthedRequest, view: ViewRequest, form: AnswersForm | None = None, status: int = 200
) -> HttpResponse:
    is_leader = view.leader_id == request.user.pk
    if is_leader and not view.is_answered and form is None:
        form = AnswersForm(view.instrument)
    return render(
        request,
        "feedback/view.html",
        {
            "view": view,
            "is_leader": is_leader,
            "form": form if is_leader and not view.is_answered else None,
            "pairs": services.view_pairs(view),
        },
        status=status,
    )


def _visible_view(request: AuthedRequest, uuid: UUID) -> ViewRequest:
    return read(
        ViewRequest.objects.visible_to(request.user).select_related("employee", "leader"),
        request.user,
        uuid=uuid,
    )


@require_GET
def view_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _view_page(request, _visible_view(request, uuid))


@require_POST
def view_answer(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    view = get_object_or_404(
        ViewRequest.objects.visible_to(request.user)
        .filter(leader=request.user)
        .select_related("employee", "leader"),
        uuid=uuid,
    )
    if view.is_answered:
        messages.info(request, _("Du har allerede svart."))
        return redirect(view)
    form = AnswersForm(view.instrument, request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: services.view_request_answer(
            request=view, actor=request.user, answers=form.answers()
        ),
        form=form,
        success=_("Svaret ditt er levert. Nå ser dere begge svarene side om side."),
    ):
        return redirect(view)
    _mark_missing(form)
    return _view_page(request, view, form, status=400)


@require_POST
def view_withdraw(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    view = get_object_or_404(ViewRequest.objects.filter(employee=request.user), uuid=uuid)
    if attempt(
        request,
        lambda: services.view_request_withdraw(request=view, actor=request.user),
        success=_("Forespørselen er trukket tilbake."),
    ):
        return redirect(view.response)
    return redirect(view)


@require_POST
def view_agenda(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    view = get_object_or_404(
        ViewRequest.objects.visible_to(request.user).select_related("employee", "leader"),
        uuid=uuid,
    )
    attempt(
        request,
        lambda: services.view_request_to_agenda(request=view, actor=request.user),
        success=_("Forskjellene er satt på agendaen til neste oppfølgingssamtale."),
    )
    return redirect(view)
