"""The SCIM 2.0 service provider at /scim/v2/ (RFC 7644): Users with the enterprise
extension, and the three discovery endpoints. No session: every request carries an
integration token with the `scim` scope. scim2-models parses, validates, patches and
serialises; the writes go through services.py."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from pydantic import ValidationError as PydanticError
from scim2_models import (
    Context,
    Error,
    ListResponse,
    PatchOp,
    ResourceType,
    ResponseParameters,
    Schema,
    SCIMException,
    ScimPolicy,
    SearchRequest,
)

from aktiv.people.models import Person

from ..models import IntegrationToken, Scope
from ..tokens import TokenRefused, token_from_request
from . import resources, services
from .resources import ENTERPRISE, MAX_RESULTS, ScimUser
from .services import ScimError

CONTENT_TYPE = "application/scim+json"
# What Microsoft Entra ID sends beyond the strict reading of RFC 7644: attributes Aktiv does
# not keep, a remove that names its value, a filter path on an entry not there yet.
ENTRA = ScimPolicy(
    unknown=ScimPolicy.Unknown.ignore,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)
View = Callable[..., HttpResponse]


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, content_type=CONTENT_TYPE, safe=False)


def _error(status: int, detail: str, scim_type: str | None = None) -> JsonResponse:
    error = Error(status=status, detail=detail, scim_type=scim_type)
    response = _json(error.model_dump(), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="Aktiv SCIM"'
    return response


def scim_endpoint(*methods: str) -> Callable[[View], View]:
    """A SCIM view: no session or CSRF (a bearer token instead), SCIM errors as JSON."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                token = token_from_request(request, Scope.SCIM)
                with ENTRA:
                    return view(request, token, *args, **kwargs)
            except TokenRefused as refused:
                return _error(refused.status, refused.detail)
            except ScimError as error:
                return _error(error.status, error.detail, error.scim_type)
            except SCIMException as error:
                return _error(error.status, error.detail, error.scim_type)
            except PydanticError as error:
                return _error(400, _pydantic_detail(error), _scim_type(error))
            except ValidationError as error:
                return _error(400, " ".join(error.messages), "invalidValue")

        return csrf_exempt(login_not_required(require_http_methods(list(methods))(wrapper)))

    return decorate


def _pydantic_detail(error: PydanticError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())[
        :1000
    ]


def _scim_type(error: PydanticError) -> str:
    for item in error.errors():
        if str(item.get("type", "")).startswith("scim_"):
            return str(item["type"]).removeprefix("scim_")
    return "invalidValue"


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ScimError(400, "The body is not JSON", "invalidSyntax") from None
    if not isinstance(body, dict):
        raise ScimError(400, "The body must be a JSON object", "invalidSyntax")
    return body


def _people() -> Any:
    """The people provisioning may see and change: those HR may (no administrators, no
    erased accounts), less those deleted over SCIM."""
    return (
        Person.objects.hr_editable()
        .exclude(scim_link__deleted=True)
        .select_related("unit", "leader", "scim_link")
        .order_by("pk")
    )


def _person(user_id: str) -> Person:
    if not services._uuidish(user_id):
        raise ScimError(404, f"User {user_id} not found")
    person: Person | None = _people().filter(uuid=user_id).first()
    if person is None:
        raise ScimError(404, f"User {user_id} not found")
    return person


def _user(person: Person, parameters: ResponseParameters[Any] | None = None) -> dict[str, Any]:
    user = ScimUser.model_validate(resources.user_document(person))
    return user.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=parameters)


def _parameters(request: HttpRequest) -> ResponseParameters[Any]:
    return ResponseParameters[ScimUser].model_validate(
        {
            "attributes": request.GET.get("attributes") or None,
            "excludedAttributes": request.GET.get("excludedAttributes") or None,
        }
    )


FILTER = re.compile(
    r'^\s*(userName|externalId|id|emails(?:\.value)?)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.I
)


def _filtered(people: Any, expression: str | None) -> Any:
    """Only `attribute eq "value"` on userName, externalId, id and emails: what identity
    systems send to match an account before they create it."""
    if not expression:
        return people
    match = FILTER.match(expression)
    if match is None:
        raise ScimError(
            400,
            "Only 'userName eq \"…\"' (or externalId, id, emails) is supported",
            "invalidFilter",
        )
    attribute, value = match.group(1).lower(), json.loads(f'"{match.group(2)}"')
    if attribute == "username":
        return people.filter(scim_link__user_name__iexact=value) | people.filter(
            scim_link__isnull=True, email__iexact=value
        )
    if attribute == "externalid":
        return people.filter(scim_link__external_id=value)
    if attribute == "id":
        return people.filter(uuid=value) if services._uuidish(value) else people.none()
    return people.filter(email__iexact=value)


def _list(people: Any, search: SearchRequest[Any]) -> dict[str, Any]:
    start = max(1, search.start_index or 1)
    count = MAX_RESULTS if search.count is None else max(0, min(search.count, MAX_RESULTS))
    total = people.count()
    page = list(people[start - 1 : start - 1 + count]) if count else []
    listed = ListResponse[ScimUser](
        total_results=total,
        start_index=start,
        items_per_page=len(page),
        resources=[ScimUser.model_validate(resources.user_document(p)) for p in page],
    )
    return listed.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=search)


@scim_endpoint("GET", "POST")
def users(request: HttpRequest, token: IntegrationToken) -> HttpResponse:
    if request.method == "POST":
        document = _document(_body(request), Context.RESOURCE_CREATION_REQUEST)
        person = services.user_create(token=token, document=document)
        response = _json(_user(_people().get(pk=person.pk)), status=201)
        response["Location"] = resources.user_location(person)
        return response
    search = SearchRequest[ScimUser].model_validate(
        {key: request.GET.get(key) for key in request.GET}, scim_ctx=Context.SEARCH_REQUEST
    )
    return _json(_list(_filtered(_people(), request.GET.get("filter")), search))


@scim_endpoint("POST")
def users_search(request: HttpRequest, token: IntegrationToken) -> HttpResponse:
    body = _body(request)
    search = SearchRequest[ScimUser].model_validate(body, scim_ctx=Context.SEARCH_REQUEST)
    return _json(_list(_filtered(_people(), body.get("filter")), search))


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def user(request: HttpRequest, token: IntegrationToken, user_id: str) -> HttpResponse:
    person = _person(user_id)
    if request.method == "GET":
        return _json(_user(person, _parameters(request)))
    if request.method == "DELETE":
        services.user_delete(token=token, person=person)
        return HttpResponse(status=204)
    if request.method == "PUT":
        document = _document(_body(request), Context.RESOURCE_REPLACEMENT_REQUEST)
    else:
        document = _patched(person, _body(request))
    services.user_replace(token=token, person=person, document=document)
    return _json(_user(_people().get(pk=person.pk)))


def _document(body: dict[str, Any], context: Context) -> dict[str, Any]:
    user = ScimUser.model_validate(_entra(body), scim_ctx=context)
    return user.model_dump(scim_ctx=Context.DEFAULT, mode="json")


def _manager(value: Any) -> Any:
    """Entra ID sends the enterprise manager as a bare id, and without the `$ref` RFC 7643
    requires: make it the complex value {"value": id, "$ref": its URL}."""
    if isinstance(value, str):
        value = {"value": value}
    if isinstance(value, dict) and value.get("value") and not value.get("$ref"):
        value["$ref"] = f"{resources.base_url()}/Users/{value['value']}"
    return value


def _entra(body: dict[str, Any]) -> dict[str, Any]:
    """The manager wherever it appears: in a User, a PATCH path or a path-less value."""
    if isinstance(body.get(ENTERPRISE), dict) and "manager" in body[ENTERPRISE]:
        body[ENTERPRISE]["manager"] = _manager(body[ENTERPRISE]["manager"])
    for operation in body.get("Operations") or []:
        if not isinstance(operation, dict):
            continue
        path, value = str(operation.get("path") or ""), operation.get("value")
        if path.lower().endswith(":manager") or path.lower() == "manager":
            operation["value"] = _manager(value)
        elif isinstance(value, dict):
            for key, item in list(value.items()):
                if key.lower().endswith(":manager"):
                    value[key] = _manager(item)
                elif key == ENTERPRISE and isinstance(item, dict) and "manager" in item:
                    item["manager"] = _manager(item["manager"])
    return body


def _patched(person: Person, body: dict[str, Any]) -> dict[str, Any]:
    current = ScimUser.model_validate(resources.user_document(person))
    patch = PatchOp[ScimUser].model_validate(_entra(body), scim_ctx=Context.RESOURCE_PATCH_REQUEST)
    patch.patch(current)
    document = current.model_dump(scim_ctx=Context.DEFAULT, mode="json")
    if ENTERPRISE in document and document[ENTERPRISE] is None:
        del document[ENTERPRISE]
    return document


@scim_endpoint("GET")
def service_provider_config(request: HttpRequest, token: IntegrationToken) -> HttpResponse:
    config = resources.service_provider_config()
    return _json(config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


@scim_endpoint("GET")
def resource_types(request: HttpRequest, token: IntegrationToken) -> HttpResponse:
    found = resources.resource_types()
    listed = ListResponse[ResourceType](
        total_results=len(found), start_index=1, items_per_page=len(found), resources=found
    )
    return _json(listed.model_dump(scim_ctx=Context.SEARCH_RESPONSE))


@scim_endpoint("GET")
def resource_type(request: HttpRequest, token: IntegrationToken, name: str) -> HttpResponse:
    for found in resources.resource_types():
        if found.id == name:
            return _json(found.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
    raise ScimError(404, f"ResourceType {name} not found")


@scim_endpoint("GET")
def schemas(request: HttpRequest, token: IntegrationToken) -> HttpResponse:
    found = resources.schemas()
    listed = ListResponse[Schema](
        total_results=len(found), start_index=1, items_per_page=len(found), resources=found
    )
    return _json(listed.model_dump(scim_ctx=Context.SEARCH_RESPONSE))


@scim_endpoint("GET")
def schema(request: HttpRequest, token: IntegrationToken, schema_id: str) -> HttpResponse:
    for found in resources.schemas():
        if found.id == schema_id:
            return _json(found.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
    raise ScimError(404, f"Schema {schema_id} not found")


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def not_found(request: HttpRequest, token: IntegrationToken, rest: str) -> HttpResponse:
    """Any other address under /scim/v2/: a SCIM error, not an HTML page."""
    raise ScimError(404, "No such endpoint")
