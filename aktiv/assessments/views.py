from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from aktiv.audit.reads import log_read, read
from aktiv.lib.charts import Bar, bar_chart
from aktiv.lib.concurrency import edit_token, is_stale
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt
from aktiv.people.models import Person
from aktiv.people.views import sharing_post

from . import definitions, services
from .forms import AnswersForm, FocusAreasForm
from .models import Response


def _instrument_for(person: Person, key: str) -> definitions.Instrument:
    try:
        instrument = definitions.latest(key)
    except KeyError:
        raise Http404 from None
    if not instrument.is_for(is_leader=person.is_leader):
        raise Http404
    return instrument


@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    person = request.user
    mine = Response.objects.owned_by(person)
    stats = {
        row["instrument_key"]: row
        for row in mine.submitted()
        .values("instrument_key")
        .annotate(count=Count("id"), last=Max("submitted_at"))
    }
    drafts = {r.instrument_key: r for r in mine.drafts()}
    rows = [
        {"instrument": i, "stats": stats.get(i.key), "draft": drafts.get(i.key)}
        for i in definitions.available_to(is_leader=person.is_leader)
    ]
    return render(request, "assessments/index.html", {"rows": rows})


@require_GET
def instrument_detail(request: AuthedRequest, key: str) -> HttpResponse:
    person = request.user
    instrument = _instrument_for(person, key)
    responses = list(
        Response.objects.owned_by(person)
        .for_instrument(key)
        .prefetch_related("answers")
        .select_related("shared_with")
    )
    for response in responses:
        response.person = person  # the owner, for "shared with your leader" on each row
    submitted = [r for r in responses if r.is_submitted]
    draft = next((r for r in responses if not r.is_submitted), None)
    history = []
    for index, response in enumerate(submitted):
        previous = submitted[index + 1] if index + 1 < len(submitted) else None
        history.append((response, response.dimension_results(previous)))
    return render(
        request,
        "assessments/instrument.html",
        {"instrument": instrument, "history": history, "draft": draft},
    )


@require_POST
def response_start(request: AuthedRequest, key: str) -> HttpResponse:
    person = request.user
    instrument = _instrument_for(person, key)
    response = services.response_start(person=person, instrument=instrument)
    return redirect(response)


@require_GET
def response_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    viewer = request.user
    response = read(
        Response.objects.visible_to(viewer).select_related("person", "shared_with"),
        viewer,
        uuid=uuid,
    )
    if not response.is_submitted:
        form = AnswersForm(response.instrument, initial=_initial_answers(response))
        return render(
            request,
            "assessments/answer.html",
            {"response": response, "form": form, "edit_token": edit_token(response)},
        )
    return _render_result(request, response)


def _initial_answers(response: Response) -> dict[str, str]:
    return {f"item-{key}": str(value) for key, value in response.answers_by_item().items()}


def _render_result(
    request: AuthedRequest,
    response: Response,
    focus_form: FocusAreasForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_owner = response.person_id == request.user.pk
    previous = response.previous(request.user)
    if previous is not None and not is_owner:
        # The earlier shared response is shown too (its means as the thinner bars): a read.
        log_read(request.user, previous, previous)
    results = response.dimension_results(previous)
    chart = bar_chart(
        [Bar(r.dimension.title, r.mean, r.previous_mean) for r in results],
        minimum=response.instrument.scale.min,
        maximum=response.instrument.scale.max,
        chart_id=f"chart-{response.uuid}",
        title=_("Gjennomsnitt per dimensjon, skala 1–5"),
    )
    answers = response.answers_by_item()
    context = {
        "response": response,
        "instrument": response.instrument,
        "results": results,
        "previous": previous,
        "chart": chart,
        "items": [
            (dim, [(item, answers.get(item.key)) for item in dim.items])
            for dim in response.instrument.dimensions
        ],
        "focus_areas": list(response.focus_areas.all()),
        "is_owner": is_owner,
        "is_shared_view": not is_owner,
        "edit_token": edit_token(response),
    }
    if is_owner:
        context["focus_form"] = focus_form or FocusAreasForm(response)
    return render(request, "assessments/result.html", context, status=status)


STALE_MESSAGE = gettext_lazy(
    "Egenvurderingen ble lagret kl. %(time)s, etter at du åpnet denne siden (kanskje i et "
    "annet vindu). Det du valgte nå, er ikke lagret, men står fortsatt i skjemaet. "
    "Lagre på nytt for å beholde det."
)


def _time(response: Response) -> str:
    return timezone.localtime(response.updated_at).strftime("%H:%M")


def _own_response(request: AuthedRequest, uuid: UUID) -> Response:
    return get_object_or_404(Response.objects.owned_by(request.user), uuid=uuid)


@require_POST
def response_answer(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    response = _own_response(request, uuid)
    if response.is_submitted:
        messages.info(request, _("Denne egenvurderingen er allerede levert."))
        return redirect(response)
    form = AnswersForm(response.instrument, request.POST)
    status = 400
    if is_stale(request, response):
        form.is_valid()
        form.errors.clear()
        form.add_error(None, STALE_MESSAGE % {"time": _time(response)})
        status = 409
    elif form.is_valid():
        answers = form.answers()
        if "submit" not in request.POST:
            services.response_save_answers(response=response, answers=answers)
            messages.success(request, _("Utkastet er lagret. Du kan fortsette senere."))
            return redirect(response)
        missing = response.instrument.missing_items(answers)
        if not missing:
            services.response_submit(response=response, answers=answers)
            messages.success(request, _("Egenvurderingen er levert. Her er resultatet."))
            return redirect(response)
        # Keep what was answered, and point at each open item.
        services.response_save_answers(response=response, answers=answers)
        form.add_error(
            None,
            _(
                "Svar på alle utsagnene før du leverer. %(count)s mangler svar; "
                "svarene dine er lagret som utkast."
            )
            % {"count": len(missing)},
        )
        for item in missing:
            form.add_error(f"item-{item.key}", _("Mangler svar."))
    return render(
        request,
        "assessments/answer.html",
        {"response": response, "form": form, "edit_token": edit_token(response)},
        status=status,
    )


@require_POST
def response_focus(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    response = _own_response(request, uuid)
    if not response.is_submitted:
        return redirect(response)
    form = FocusAreasForm(response, request.POST)
    if is_stale(request, response):
        form.is_valid()
        form.errors.clear()
        form.add_error(None, STALE_MESSAGE % {"time": _time(response)})
        return _render_result(request, response, focus_form=form, status=409)
    if form.is_valid() and attempt(
        request,
        lambda: services.focus_areas_save(
            response=response,
            development=form.choices_for("development"),
            strengths=form.choices_for("strength"),
        ),
        form=form,
        success=_("Utviklingsområder og styrker er lagret."),
    ):
        return redirect(f"{response.get_absolute_url()}#prosess")
    return _render_result(request, response, focus_form=form, status=400)


@require_POST
def response_sharing(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    response = _own_response(request, uuid)
    return sharing_post(
        request,
        response,
        fragment="assessments/result.html#sharing",
        context={"response": response},
    )


@require_POST
def response_discard(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    response = _own_response(request, uuid)
    key = response.instrument_key
    was_submitted = response.is_submitted
    services.response_delete(response=response, actor=request.user)
    if was_submitted:
        messages.success(request, _("Egenvurderingen er slettet."))
    else:
        messages.success(request, _("Utkastet er forkastet."))
    return redirect("assessments:instrument", key=key)
