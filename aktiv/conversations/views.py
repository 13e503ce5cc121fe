from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aktiv.audit.reads import read
from aktiv.lib.permissions import hr_required
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt

from . import calendar, services
from .forms import PeriodForm
from .models import (
    AgreedAction,
    CalendarFeed,
    ConversationRecord,
    Evaluation,
    FollowUp,
    Period,
)


@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    """Medarbeidersamtalen: my own record, and as a leader the records of my people."""
    person = request.user
    period = Period.objects.current()
    own = (
        ConversationRecord.objects.as_employee(person).live().filter(period=period).first()
        if period
        else None
    )
    led = []
    if period and person.is_leader:
        led = list(
            ConversationRecord.objects.as_leader(person)
            .filter(period=period, employee__is_active=True, employee__leader=person)
            .select_related("employee", "employee__unit")
            .with_progress()
            .order_by("employee__full_name")
        )
        next_meetings = FollowUp.objects.filter(record__in=led).next_per_record()
        for record in led:
            record.next_follow_up = next_meetings.get(record.pk)  # type: ignore[attr-defined]
    earlier = (
        ConversationRecord.objects.visible_to(person)
        .exclude(period=period)
        .select_related("period", "employee", "leader")[:20]
    )
    return render(
        request,
        "conversations/index.html",
        {"period": period, "own": own, "led": led, "earlier": earlier},
    )


@require_GET
def record_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    record = read(
        ConversationRecord.objects.visible_to(request.user).select_related(
            "period", "employee", "leader"
        ),
        request.user,
        uuid=uuid,
    )
    follow_ups = list(record.follow_ups.order_by("scheduled_at"))
    goals = list(record.goals.select_related("serves").order_by("kind", "created_at"))
    actions = list(AgreedAction.objects.filter(record=record).open().select_related("owner"))
    evaluation = Evaluation.objects.filter(record=record).first()
    return render(
        request,
        "conversations/record.html",
        {
            "evaluation": evaluation,
            "evaluation_status": evaluation.status if evaluation else "not_started",
            "record": record,
            "role": record.role_of(request.user),
            "goals": goals,
            "follow_ups": follow_ups,
            "next_follow_up": record.follow_ups.upcoming().first(),
            "actions": actions,
            "follow_ups_plan_url": reverse("conversations:follow_ups_plan", args=[record.uuid])
            if record.is_current_pair
            else "",
        },
    )


@hr_required
@require_http_methods(["GET", "POST"])
def periods(request: AuthedRequest) -> HttpResponse:
    """HR sets up periods; opening one gives every leader–employee pair a record."""
    form = PeriodForm(request.POST or None, initial=PeriodForm.calendar_year())
    if form.is_valid() and (
        done := attempt(
            request,
            lambda: services.period_create(actor=request.user, **form.cleaned_data),
            form=form,
        )
    ):
        period = done.value
        messages.success(
            request,
            _("Perioden «%(name)s» er opprettet med %(count)s samtalemapper.")
            % {"name": period.name, "count": period.records.count()},
        )
        return redirect("conversations:periods")
    listed = Period.objects.annotate(record_count=Count("records"))
    return render(
        request,
        "conversations/periods.html",
        {"form": form, "periods": listed, "current": Period.objects.current()},
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription itself: the token is the only key, and a wrong or revoked one is
    not found. Writes nothing."""
    person = calendar.feed_owner(token)
    if person is None:
        raise Http404
    response = HttpResponse(calendar.feed(person), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def calendar_settings(request: AuthedRequest) -> HttpResponse:
    """Under Mine data: make, renew or revoke the secret address. A new address is shown
    once, in the answer to the POST that made it (only its hash is stored)."""
    person = request.user
    url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar.calendar_feed_revoke(person=person)
            messages.success(request, _("Kalenderadressen er slettet og virker ikke lenger."))
            return redirect("conversations:calendar_settings")
        url = calendar.feed_url(calendar.calendar_feed_renew(person=person))
    return render(
        request,
        "conversations/calendar_settings.html",
        {
            "has_feed": CalendarFeed.objects.filter(person=person).exists(),
            "feed_url": url,
            "webcal_url": url.replace("https://", "webcal://").replace("http://", "webcal://"),
        },
    )
