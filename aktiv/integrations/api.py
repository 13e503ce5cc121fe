"""The JSON API for the organisation's other systems (django-ninja): the organisation's
units and people, read and written through HR's services (the same validation as the HR
form and the import), and the self-assessment figures HR sees, through the same anonymity
gate. Never one person's answers, notes or worksheets: no endpoint reads those models.

Every endpoint takes an integration token with its scope (401 without a token, 403 without
the scope), is rate-limited per token, and every write lands in the action log."""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import HttpBearer

from aktiv.assessments import definitions
from aktiv.audit.services import action_log
from aktiv.insights.figures import closed_quarters, instrument_figures
from aktiv.people.models import Person, Unit
from aktiv.people.organisation import services as organisation
from aktiv.people.units import unit_paths

from .models import IntegrationToken, Scope
from .tokens import TokenRefused, token_from_request

PAGE = 500


class Scoped(HttpBearer):
    """A bearer token holding one scope, within its rate."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest) -> Any:
        try:
            token = token_from_request(request, self.scope)
        except TokenRefused as refused:
            if refused.status == 401:
                return None
            raise HttpError(refused.status, refused.detail) from None
        _within_rate(token)
        return token

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover
        return None  # __call__ reads the header itself


def _within_rate(token: IntegrationToken) -> None:
    """At most API_RATE_PER_MINUTE requests per token and minute (a fixed window)."""
    key = f"api-rate:{token.uuid}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=90)
    try:
        used = cache.incr(key)
    except ValueError:
        used = 1
    if used > settings.API_RATE_PER_MINUTE:
        raise HttpError(429, "Too many requests; wait a minute")


READ = Scoped(Scope.ORGANISATION_READ)
WRITE = Scoped(Scope.ORGANISATION_WRITE)
INSIGHTS = Scoped(Scope.INSIGHTS_READ)

api = NinjaAPI(
    title="Aktiv API",
    version="1",
    # In English, as the paths, fields and messages are: the docs page marks it lang="en".
    description="The organisation (units and people) and anonymised figures from Aktiv.",
    urls_namespace="api",
    # The docs page is Aktiv's own, server-rendered (views.api_docs): Swagger UI would add
    # megabytes of JavaScript to the static files and a script the CSP has to allow.
    docs_url=None,
)


class UnitOut(Schema):
    uuid: UUID
    name: str
    parent: UUID | None
    path: str


class UnitIn(Schema):
    name: str
    parent: UUID | None = None


class PersonOut(Schema):
    uuid: UUID
    email: str
    full_name: str
    unit: UUID | None
    leader: UUID | None
    is_active: bool
    is_hr: bool


class PersonIn(Schema):
    email: str
    full_name: str
    unit: UUID | None = None
    leader: UUID | None = None
    is_hr: bool = False


class PersonPatch(Schema):
    email: str | None = None
    full_name: str | None = None
    unit: UUID | None = None
    leader: UUID | None = None
    is_hr: bool | None = None
    is_active: bool | None = None


class Refusal(Schema):
    detail: str


def _actor(request: HttpRequest) -> Person:
    token: IntegrationToken = request.auth  # type: ignore[attr-defined]
    if token.created_by is None or not token.created_by.is_active:
        raise HttpError(403, "The token's owner is gone; make a new token")
    return token.created_by


def _refused(error: ValidationError) -> HttpError:
    return HttpError(400, " ".join(error.messages))


def _unit(uuid: UUID | None) -> Unit | None:
    if uuid is None:
        return None
    unit = Unit.objects.filter(uuid=uuid).first()
    if unit is None:
        raise HttpError(400, f"Unknown unit {uuid}")
    return unit


def _leader(uuid: UUID | None) -> Person | None:
    if uuid is None:
        return None
    leader = Person.objects.filter(uuid=uuid).first()
    if leader is None:
        raise HttpError(400, f"Unknown leader {uuid}")
    return leader


def _person_out(person: Person) -> dict[str, Any]:
    return {
        "uuid": person.uuid,
        "email": person.email,
        "full_name": person.full_name,
        "unit": person.unit.uuid if person.unit else None,
        "leader": person.leader.uuid if person.leader else None,
        "is_active": person.is_active,
        "is_hr": person.is_hr,
    }


@api.get("/units", auth=READ, response=list[UnitOut], tags=["organisation"])
def units(request: HttpRequest) -> list[dict[str, Any]]:
    """Every unit, with its path from the top ("Kommune / Oppvekst / Skole")."""
    paths = unit_paths()
    return [
        {
            "uuid": unit.uuid,
            "name": unit.name,
            "parent": unit.parent.uuid if unit.parent else None,
            "path": paths.get(unit.pk, unit.name),
        }
        for unit in Unit.objects.select_related("parent").order_by("pk")
    ]


@api.post("/units", auth=WRITE, response={201: UnitOut, 400: Refusal}, tags=["organisation"])
def unit_create(request: HttpRequest, data: UnitIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    with transaction.atomic():
        try:
            unit = organisation.unit_create(actor=actor, name=data.name, parent=_unit(data.parent))
        except ValidationError as error:
            raise _refused(error) from None
        action_log(actor=actor, action="api_unit_create", obj=unit)
    return Status(
        201, {"uuid": unit.uuid, "name": unit.name, "parent": data.parent, "path": unit.path}
    )


@api.get("/people", auth=READ, response=list[PersonOut], tags=["organisation"])
def people(request: HttpRequest, page: int = 1) -> list[dict[str, Any]]:
    """The people HR manages (no administrator accounts), PAGE at a time, oldest first."""
    start = (max(page, 1) - 1) * PAGE
    found = (
        Person.objects.hr_editable()
        .select_related("unit", "leader")
        .order_by("pk")[start : start + PAGE]
    )
    return [_person_out(person) for person in found]


@api.post("/people", auth=WRITE, response={201: PersonOut, 400: Refusal}, tags=["organisation"])
def person_create(request: HttpRequest, data: PersonIn) -> Status[dict[str, Any]]:
    actor = _actor(request)
    with transaction.atomic():
        try:
            person = organisation.person_create(
                actor=actor,
                email=data.email,
                full_name=data.full_name,
                unit=_unit(data.unit),
                leader=_leader(data.leader),
                is_hr=data.is_hr,
            )
        except ValidationError as error:
            raise _refused(error) from None
        action_log(actor=actor, action="api_person_create", obj=person)
    return Status(201, _person_out(person))


@api.patch(
    "/people/{uuid}",
    auth=WRITE,
    response={200: PersonOut, 400: Refusal, 404: Refusal},
    tags=["organisation"],
)
def person_update(request: HttpRequest, uuid: UUID, data: PersonPatch) -> dict[str, Any]:
    """Change what is given; leave out what stays. A new leader ends what the person
    shared with the old one, as on HR's form."""
    actor = _actor(request)
    person = Person.objects.hr_editable().select_related("unit", "leader").filter(uuid=uuid).first()
    if person is None:
        raise HttpError(404, "No such person")
    given = data.model_dump(exclude_unset=True)
    with transaction.atomic():
        try:
            organisation.person_update(
                actor=actor,
                person=person,
                email=given.get("email", person.email),
                full_name=given.get("full_name", person.full_name),
                unit=_unit(given["unit"]) if "unit" in given else person.unit,
                leader=_leader(given["leader"]) if "leader" in given else person.leader,
                is_hr=given.get("is_hr", person.is_hr),
            )
            if given.get("is_active") is False:
                organisation.person_deactivate(actor=actor, person=person)
            elif given.get("is_active") is True:
                organisation.person_reactivate(actor=actor, person=person)
        except ValidationError as error:
            raise _refused(error) from None
        action_log(actor=actor, action="api_person_update", obj=person)
    person.refresh_from_db()
    return _person_out(person)


class FiguresQuery(Schema):
    instrument: str = "aktivt-medarbeiderskap"
    quarter: str | None = None


@api.get("/insights/figures", auth=INSIGHTS, tags=["insights"])
def figures(request: HttpRequest, query: Query[FiguresQuery]) -> dict[str, Any]:
    """The figures of HR's page for one instrument and closed quarter: per unit, the
    dimension means, only where the anonymity gate shows them (otherwise `shown` is false
    and nothing else is said about the unit's answers)."""
    try:
        instrument = definitions.latest(query.instrument)
    except KeyError:
        raise HttpError(400, f"Unknown instrument {query.instrument}") from None
    quarters = closed_quarters(timezone.localdate())
    chosen = [q for q in quarters if q.end.isoformat() == query.quarter] or quarters[:1]
    result = instrument_figures(instrument=instrument, quarter=chosen[0])
    return {
        "instrument": instrument.key,
        "quarter_ends": result.window.end.isoformat(),
        "threshold": result.threshold,
        "units": [
            {
                "unit": row.unit.uuid if row.unit else None,
                "name": row.name,
                "shown": row.shown,
                "respondents": row.respondents if row.shown else None,
                "means": ({f.dimension.key: f.mean for f in row.dimensions} if row.shown else None),
            }
            for row in result.rows
        ],
    }
