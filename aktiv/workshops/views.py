"""The facilitator's pages: their workshops, a workshop's control page, the presenter view
for the projector and the PDF. Participants' pages are in participate.py."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aktiv.lib.pdf import pdf_filename, render_pdf
from aktiv.lib.qr import qr_svg
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt
from aktiv.people.models import Person

from . import services
from .forms import FacilitatorForm, StepForm, WorkshopForm
from .models import Facilitator, Workshop, can_facilitate
from .results import for_display, step_result, workshop_results


def _facilitator(request: AuthedRequest) -> Person:
    if not can_facilitate(request.user):
        raise Http404
    return request.user


def _workshop(request: AuthedRequest, uuid: UUID) -> Workshop:
    return get_object_or_404(Workshop.objects.run_by(request.user), uuid=uuid)


@require_GET
def mine(request: AuthedRequest) -> HttpResponse:
    facilitator = _facilitator(request)
    return _render_mine(request, facilitator, WorkshopForm())


def _render_mine(
    request: AuthedRequest, facilitator: Person, form: WorkshopForm, status: int = 200
) -> HttpResponse:
    workshops = Workshop.objects.run_by(facilitator)
    return render(
        request, "workshops/mine.html", {"workshops": workshops, "form": form}, status=status
    )


@require_POST
def create(request: AuthedRequest) -> HttpResponse:
    facilitator = _facilitator(request)
    form = WorkshopForm(request.POST)
    if form.is_valid() and (
        done := attempt(
            request,
            lambda: services.workshop_open(facilitator=facilitator, **form.cleaned_data),
            form=form,
            success=_("Kurset er åpnet. Legg til stegene."),
        )
    ):
        return redirect(done.value)
    return _render_mine(request, facilitator, form, status=400)


def _render_control(
    request: AuthedRequest, workshop: Workshop, form: StepForm | None = None, status: int = 200
) -> HttpResponse:
    link = request.build_absolute_uri(workshop.join_url())
    context = {
        "workshop": workshop,
        "steps": list(workshop.steps.all()),
        "joined": workshop.participants.count(),
        "form": form or StepForm(),
        "link": link,
        "qr": qr_svg(link, _("QR-kode til kurset")),
        "results": for_display(workshop_results(workshop)),
    }
    return render(request, "workshops/control.html", context, status=status)


@require_GET
def control(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _render_control(request, _workshop(request, uuid))


@require_POST
def step_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    workshop = _workshop(request, uuid)
    form = StepForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: services.step_add(workshop=workshop, **form.cleaned_data),
        form=form,
        success=_("Steget er lagt til."),
    ):
        return redirect(workshop)
    return _render_control(request, workshop, form, status=400)


@require_POST
def step_start(request: AuthedRequest, uuid: UUID, step: UUID) -> HttpResponse:
    workshop = _workshop(request, uuid)
    found = get_object_or_404(workshop.steps, uuid=step)
    attempt(request, lambda: services.step_start(step=found), success=_("Steget er åpnet."))
    # The presenter view has the same buttons, so the facilitator can stay at the projector.
    if request.POST.get("next") == "present":
        return redirect("workshops:present", workshop.uuid)
    return redirect(workshop)


@require_POST
def close(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    workshop = _workshop(request, uuid)
    attempt(
        request,
        lambda: services.workshop_close(workshop=workshop),
        success=_("Kurset er avsluttet. Resultatene er tatt vare på."),
    )
    return redirect(workshop)


@require_GET
def present(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """For the projector: the open step's figures, refreshed by HTMX polling."""
    workshop = _workshop(request, uuid)
    current = workshop.current_position
    step = workshop.current_step() if workshop.is_open else None
    # Only the open step is counted on each refresh; otherwise every step (frozen once closed).
    results = for_display([step_result(step)] if step else workshop_results(workshop))
    context = {"workshop": workshop, "results": results, "live": workshop.takes_answers()}
    if request.htmx:
        return render(request, "workshops/present.html#live", context)
    link = request.build_absolute_uri(workshop.join_url())
    context["qr"] = qr_svg(link, _("QR-kode til kurset"), box_size=6)
    context["link"] = link
    if workshop.takes_answers():
        context["next_step"] = workshop.steps.filter(position=(current or 0) + 1).first()
    return render(request, "workshops/present.html", context)


@require_GET
def pdf(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    workshop = _workshop(request, uuid)
    html = render_to_string(
        "workshops/pdf.html",
        {"workshop": workshop, "results": for_display(workshop_results(workshop))},
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    filename = pdf_filename("kurs", workshop.title, "resultater")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _hr(request: AuthedRequest) -> Person:
    if not request.user.is_hr:
        raise Http404
    return request.user


@require_GET
def facilitators(request: AuthedRequest) -> HttpResponse:
    _hr(request)
    return _render_facilitators(request)


def _render_facilitators(
    request: AuthedRequest, form: FacilitatorForm | None = None, status: int = 200
) -> HttpResponse:
    grants = Facilitator.objects.select_related("person").order_by("person__full_name")
    return render(
        request,
        "workshops/facilitators.html",
        {"grants": grants, "form": form or FacilitatorForm()},
        status=status,
    )


@require_POST
def facilitator_grant(request: AuthedRequest) -> HttpResponse:
    hr = _hr(request)
    form = FacilitatorForm(request.POST)
    if not form.is_valid():
        return _render_facilitators(request, form, status=400)
    person = form.cleaned_data["person"]
    if not attempt(
        request,
        lambda: services.facilitator_grant(actor=hr, person=person),
        form=form,
        success=_("%(name)s kan nå holde kurs.") % {"name": person.full_name},
    ):
        return _render_facilitators(request, form, status=400)
    return redirect("workshops:facilitators")


@require_POST
def facilitator_revoke(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    hr = _hr(request)
    grant = get_object_or_404(Facilitator, uuid=uuid)
    attempt(
        request,
        lambda: services.facilitator_revoke(actor=hr, grant=grant),
        success=_("Kursholderen er fjernet."),
    )
    return redirect("workshops:facilitators")


def _uuid_or_none(value: str | None) -> UUID | None:
    try:
        return UUID(value or "")
    except ValueError:
        return None
