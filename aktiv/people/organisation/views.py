"""HR: units and people (PRODUCT.md 2.5). Every page here is HR only; anyone else gets 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktiv.lib.permissions import hr_required
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt

from ..models import ImportJob, Person, Unit
from ..units import few_paths, opened_unit, outline, path_of, paths_of, tree_rows, units_named
from . import services
from .forms import ImportForm, PeopleFilterForm, PersonForm, UnitForm, UnitSearchForm
from .importer import LARGE_BYTES, ImportSummary

PAGE_SIZE = 50
# A text search lists at most this many people. Counting every match of a short one ("a" is
# in nearly every name) would read every person on each page; asking for more letters is
# what helps HR find someone among more than a thousand anyway.
SEARCH_LIMIT = 1000


class FirstHits(Paginator):  # type: ignore[type-arg]
    """Pages over the first `limit` matches of a search, and says whether there were more.
    The count stops after limit + 1 matches, read in the table's own order (not by name): a
    search that matches nearly everyone stops early instead of reading every person."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, limit: int) -> None:
        super().__init__(object_list, per_page)
        self.hits = object_list
        self.limit = limit
        self.more = False

    @cached_property
    def count(self) -> int:
        hits = self.hits.order_by()[: self.limit + 1].count()
        self.more = hits > self.limit
        return min(hits, self.limit)

    @property
    def limit_text(self) -> str:
        """The limit as the language writes it ("1 000", "1,000")."""
        return number_format(self.limit, force_grouping=True)


@hr_required
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    """The unit tree's top (or `?enhet=` and the units right under it) with head counts, and
    the people list (searched, filtered by a unit with the units below it, 50 a page).
    Only the rows shown are read and drawn, however large the organisation."""
    top = opened_unit(request)
    tree = outline(top)
    filters = PeopleFilterForm(request.GET or None)
    people = Person.objects.order_by("full_name", "email")
    chosen: Unit | None = None
    query = ""
    if filters.is_valid():
        query, chosen = filters.cleaned_data["q"].strip(), filters.cleaned_data["unit"]
        if query:
            people = people.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
        if chosen is not None:
            people = people.filter(unit_id__in=tree.below(chosen.pk))
    page = _people_page(people, request.GET.get("side"), searched=bool(query))
    unit_search = UnitSearchForm(request.GET or None)
    unit_query = unit_search.cleaned_data["enhetsok"].strip() if unit_search.is_valid() else ""
    found, more = units_named(unit_query) if unit_query else ([], False)
    paths = paths_of([person.unit for person in page if person.unit] + ([chosen] if chosen else []))
    for person in page:
        person.unit_path = paths.get(person.unit_id or 0, "")
    return render(
        request,
        "organisation/index.html",
        {
            "rows": tree_rows(top, tree),
            "top": top,
            "top_path": paths_of([top])[top.pk] if top else "",
            "filters": filters,
            "chosen_path": paths[chosen.pk] if chosen else "",
            "page": page,
            "unit_search": unit_search,
            "unit_query": unit_query,
            "found": found,
            "more": more,
        },
        status=400 if filters.errors or unit_search.errors else 200,
    )


def _people_page(people: QuerySet[Person], number: str | None, *, searched: bool) -> Page[Any]:
    """One page of people: the page's ids first (on PostgreSQL a walk of the (full_name,
    email) index alone), then those 50 with their unit and leader, so a late page does not
    join every person before it. A text search pages over its first SEARCH_LIMIT matches."""
    ids = people.values_list("pk", flat=True)
    paginator = FirstHits(ids, PAGE_SIZE, SEARCH_LIMIT) if searched else Paginator(ids, PAGE_SIZE)
    page: Page[Any] = paginator.get_page(number)
    found = Person.objects.select_related("unit", "leader").in_bulk(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list]
    return page


@hr_required
@require_GET
def unit_rows(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The rows under one unit, for the tree's "Vis enhetene under" (HTMX): the unit's own
    row, now opened, and its children's."""
    unit = get_object_or_404(Unit.objects.select_related("parent"), uuid=uuid)
    value = request.GET.get("dybde", "")
    depth = min(int(value), 20) if value.isdigit() and len(value) < 3 else 0
    return render(
        request,
        "organisation/index.html#unit_rows",
        {"rows": tree_rows(unit, outline(unit), depth=depth)},
    )


@hr_required
@require_http_methods(["GET", "POST"])
def unit_new(request: AuthedRequest) -> HttpResponse:
    paths = few_paths()
    form = UnitForm(request.POST or None, paths=paths)
    if form.is_valid() and (
        done := attempt(
            request,
            lambda: services.unit_create(actor=request.user, **form.cleaned_data),
            form=form,
        )
    ):
        messages.success(request, _("Enheten «%(name)s» er opprettet.") % {"name": done.value})
        return redirect("organisation:index")
    return render(
        request,
        "organisation/unit_form.html",
        {"form": form, "unit": None, "paths": paths},
        status=400 if form.errors else 200,
    )


@hr_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), uuid=uuid)
    paths = few_paths()
    initial = {"name": unit.name, "parent": path_of(unit.parent) if unit.parent else ""}
    form = UnitForm(request.POST or None, paths=paths, initial=initial)
    if form.is_valid() and attempt(
        request,
        lambda: services.unit_update(actor=request.user, unit=unit, **form.cleaned_data),
        form=form,
        success=_("Enheten «%(name)s» er lagret.") % {"name": form.cleaned_data["name"]},
    ):
        return redirect("organisation:index")
    return render(
        request,
        "organisation/unit_form.html",
        {
            "form": form,
            "unit": unit,
            "path": path_of(unit),
            "child_count": unit.children.count(),
            "members": unit.members.count(),
            "paths": paths,
        },
        status=400 if form.errors else 200,
    )


@hr_required
@require_POST
def unit_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.all(), uuid=uuid)
    if not attempt(
        request,
        lambda: services.unit_delete(actor=request.user, unit=unit),
        success=_("Enheten «%(name)s» er slettet.") % {"name": unit.name},
    ):
        return redirect("organisation:unit_edit", uuid=unit.uuid)
    return redirect("organisation:index")


def _person_page(
    request: AuthedRequest, form: PersonForm, person: Person | None, paths: list[str]
) -> HttpResponse:
    return render(
        request,
        "organisation/person_form.html",
        {
            "form": form,
            "person": person,
            "paths": paths,
            "reports": person.active_direct_reports().count() if person else 0,
        },
        status=400 if form.errors else 200,
    )


@hr_required
@require_http_methods(["GET", "POST"])
def person_new(request: AuthedRequest) -> HttpResponse:
    paths = few_paths()
    form = PersonForm(request.POST or None, paths=paths)
    if form.is_valid() and (
        done := attempt(
            request,
            lambda: services.person_create(actor=request.user, **form.cleaned_data),
            form=form,
        )
    ):
        person = done.value
        messages.success(
            request,
            _(
                "%(name)s er lagt til. Ingen har fått noe passord: be %(name)s gå til "
                "innloggingen, velge «Glemt passordet?» og skrive %(email)s."
            )
            % {"name": person.full_name, "email": person.email},
        )
        return redirect("organisation:person_edit", uuid=person.uuid)
    return _person_page(request, form, None, paths)


@hr_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    person = get_object_or_404(
        services.editable_people().select_related("unit", "leader"), uuid=uuid
    )
    initial: dict[str, Any] = {
        "full_name": person.full_name,
        "email": person.email,
        "unit": path_of(person.unit) if person.unit else "",
        "leader": person.leader.email if person.leader else "",
        "is_hr": person.is_hr,
    }
    paths = few_paths()
    form = PersonForm(request.POST or None, paths=paths, initial=initial)
    old_email = person.email
    if form.is_valid() and attempt(
        request,
        lambda: services.person_update(actor=request.user, person=person, **form.cleaned_data),
        form=form,
    ):
        messages.success(request, _("%(name)s er lagret.") % {"name": person.full_name})
        if person.email != old_email:
            _email_changed(request, person)
        return redirect("organisation:person_edit", uuid=person.uuid)
    return _person_page(request, form, person, paths)


def _email_changed(request: AuthedRequest, person: Person) -> None:
    """HR changing their own address stays signed in here (every other session of theirs
    ends); anyone else's change is told to the old address."""
    if person.pk == request.user.pk:
        update_session_auth_hash(request, person)
        return
    messages.info(
        request,
        _(
            "%(name)s er logget ut overalt. Den gamle adressen har fått e-post om endringen "
            "og kan angre den i %(hours)s timer; så lenge kan ingen få nytt passord sendt til "
            "den nye adressen."
        )
        % {"name": person.full_name, "hours": settings.EMAIL_CHANGE_HOLD_HOURS},
    )


@hr_required
@require_POST
def person_deactivate(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    person = get_object_or_404(services.editable_people(), uuid=uuid)
    attempt(
        request,
        lambda: services.person_deactivate(actor=request.user, person=person),
        success=_("%(name)s er deaktivert og logget ut overalt.") % {"name": person.full_name},
    )
    return redirect("organisation:person_edit", uuid=person.uuid)


@hr_required
@require_POST
def person_reactivate(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    person = get_object_or_404(services.editable_people(), uuid=uuid)
    services.person_reactivate(actor=request.user, person=person)
    messages.success(request, _("%(name)s er aktiv igjen.") % {"name": person.full_name})
    return redirect("organisation:person_edit", uuid=person.uuid)


@hr_required
@require_http_methods(["GET", "POST"])
def import_people(request: AuthedRequest) -> HttpResponse:
    """Upload, check ("Prøv først") or apply ("Importer"). The result is shown directly, not
    after a redirect: sending the same file again changes nothing, so a reload is harmless.
    A large file goes to the worker, and HR is sent to the job's progress page."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        apply = request.POST.get("action") == "apply"
        if upload.size > LARGE_BYTES:
            job = services.import_job_start(
                actor=request.user, filename=upload.name or "", data=upload.read(), apply=apply
            )
            return redirect("organisation:import_job", uuid=job.uuid)
        data = upload.read()
        full = services.organisation_import(
            actor=request.user, filename=upload.name or "", data=data, apply=apply
        )
        report = ImportSummary.of(full)
        if not apply and full.ok and (full.created or full.updated):
            report.staged = services.import_stage(
                actor=request.user, filename=upload.name or "", data=data, summary=report
            )
    bad = bool(form.errors) or (report is not None and not report.ok)
    return render(
        request,
        "organisation/import.html",
        {"form": form, "report": report},
        status=400 if bad else 200,
    )


@hr_required
@require_POST
def import_staged(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """ "Importer denne filen" after a clean check: the file kept server side, so HR need not
    choose it again. A file no longer kept (taken already, or over an hour old) is refused
    with a message and nothing changes."""
    taken = services.staged_take(actor=request.user, uuid=str(uuid))
    if taken is None:
        messages.error(
            request,
            _("Filen er ikke lagret lenger. Velg den på nytt og prøv først."),
        )
        return redirect("organisation:import")
    filename, data = taken
    if len(data) > LARGE_BYTES:
        job = services.import_job_start(
            actor=request.user, filename=filename, data=data, apply=True
        )
        return redirect("organisation:import_job", uuid=job.uuid)
    report = ImportSummary.of(
        services.organisation_import(actor=request.user, filename=filename, data=data, apply=True)
    )
    return render(
        request,
        "organisation/import.html",
        {"form": ImportForm(), "report": report},
        status=200 if report.ok else 400,
    )


@hr_required
@require_GET
def import_job(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """A large import's progress, then its report (the HR person who sent it only)."""
    job = get_object_or_404(ImportJob, uuid=uuid, actor=request.user)
    report = ImportSummary.from_json(job.summary) if job.status == job.Status.DONE else None
    return render(request, "organisation/import_job.html", {"job": job, "report": report})
