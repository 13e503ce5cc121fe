"""HR manages the organisation (PRODUCT.md 2.5): the unit tree, people, leaders and the HR
role. Every change is validated here, saved in one transaction and written to the action
log."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextlib import nullcontext
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.audit.models import ActionEntry
from aktiv.audit.services import action_log
from aktiv.lib import hooks
from aktiv.lib.validation import check_lengths

from .. import tasks
from ..models import ImportJob, Person, Unit, UnitMove
from ..services import email_change, email_validate, sessions_end
from .importer import (
    ImportReport,
    ImportRow,
    ImportSummary,
    UnitKey,
    import_check,
    known_units,
    unit_key,
)


def _unit_validate(*, unit: Unit | None, name: str, parent: Unit | None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Skriv et navn på enheten.")})
    check_lengths(Unit, name=name)
    if "/" in name:
        # The import addresses units by path, with "/" between the levels.
        raise ValidationError({"name": _("Navnet kan ikke inneholde «/».")})
    node = parent
    while node is not None and unit is not None:
        if node.pk == unit.pk:
            raise ValidationError(
                {
                    "parent": _(
                        "En enhet kan ikke ligge under seg selv eller en av sine underenheter."
                    )
                }
            )
        node = node.parent
    siblings = Unit.objects.filter(parent=parent, name__iexact=name)
    if unit is not None:
        siblings = siblings.exclude(pk=unit.pk)
    if siblings.exists():
        raise ValidationError(
            {
                "name": _("Det finnes allerede en enhet som heter «%(name)s» på samme sted.")
                % {"name": name}
            }
        )
    return name


@transaction.atomic
def unit_create(*, actor: Person, name: str, parent: Unit | None) -> Unit:
    name = _unit_validate(unit=None, name=name, parent=parent)
    unit = Unit.objects.create(name=name, parent=parent)
    action_log(actor=actor, action="unit_create", obj=unit)
    return unit


@transaction.atomic
def unit_update(*, actor: Person, unit: Unit, name: str, parent: Unit | None) -> Unit:
    """Rename and/or move a unit; its people and sub-units move with it."""
    name = _unit_validate(unit=unit, name=name, parent=parent)
    if name == unit.name and parent == unit.parent:
        return unit
    if parent != unit.parent:
        # Kept, so that closed periods' figures stay drawn on the tree as it was.
        UnitMove.objects.create(unit=unit, from_parent_id=unit.parent_id)
    unit.name, unit.parent = name, parent
    unit.save(update_fields=["name", "parent"])
    action_log(actor=actor, action="unit_update", obj=unit)
    return unit


@transaction.atomic
def unit_delete(*, actor: Person, unit: Unit) -> None:
    """Only an empty leaf goes: people (also deactivated ones, whose history points at the
    unit) and sub-units must be moved first."""
    if Unit.objects.filter(parent=unit).exists():
        raise ValidationError(_("Enheten har underenheter. Flytt eller slett dem først."))
    if Person.objects.filter(unit=unit).exists():
        raise ValidationError(
            _(
                "Enheten har fortsatt personer (også deaktiverte teller). "
                "Flytt dem til en annen enhet først."
            )
        )
    action_log(actor=actor, action="unit_delete", obj=unit)
    unit.delete()


def leader_cycle(*, person: Person | None, leader: Person | None) -> bool:
    """Would `leader` as the leader of `person` make a loop (including leading oneself)?"""
    if person is None or person.pk is None or leader is None:
        return False
    seen: set[int] = set()
    node: Person | None = leader
    while node is not None and node.pk not in seen:
        if node.pk == person.pk:
            return True
        seen.add(node.pk)
        node = node.leader
    return False


def editable_people() -> QuerySet[Person]:
    """The people HR may change here and by import (Person.objects.hr_editable)."""
    return Person.objects.hr_editable()


def _person_validate(
    *, person: Person | None, email: str, full_name: str, leader: Person | None
) -> tuple[str, str]:
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": _("Skriv navnet.")})
    email = email_validate(person=person, email=email)
    check_lengths(Person, email=email, full_name=full_name)
    if leader is not None and person is not None and leader.pk == person.pk:
        raise ValidationError({"leader": _("En person kan ikke lede seg selv.")})
    if leader_cycle(person=person, leader=leader):
        raise ValidationError(
            {
                "leader": _(
                    "%(leader)s ledes allerede (direkte eller lenger ned) av denne personen. "
                    "Det ville gi en ring av ledere."
                )
                % {"leader": leader}
            }
        )
    if leader is not None and not leader.is_active:
        raise ValidationError({"leader": _("Lederen er deaktivert.")})
    return email, full_name


@transaction.atomic
def person_create(
    *,
    actor: Person,
    email: str,
    full_name: str,
    unit: Unit | None,
    leader: Person | None,
    is_hr: bool,
) -> Person:
    """A new person signs in by setting a password through "Glemt passordet?"; nobody,
    HR included, ever knows it."""
    email, full_name = _person_validate(
        person=None, email=email, full_name=full_name, leader=leader
    )
    person = Person(email=email, full_name=full_name, unit=unit, leader=leader, is_hr=is_hr)
    person.set_unusable_password()
    person.save()
    action_log(actor=actor, action="person_create", obj=person)
    hooks.people_changed([person])
    hooks.event("welcome", people=[person])
    return person


@transaction.atomic
def person_update(
    *,
    actor: Person,
    person: Person,
    email: str,
    full_name: str,
    unit: Unit | None,
    leader: Person | None,
    is_hr: bool,
) -> Person:
    """A new address goes through email_change: the person is signed out everywhere, and
    the old address is told and can undo it."""
    if person.pk == actor.pk and person.is_hr and not is_hr:
        # Otherwise the last HR person could lock the organisation out of its own setup.
        raise ValidationError({"is_hr": _("Du kan ikke fjerne din egen HR-rolle.")})
    email, full_name = _person_validate(
        person=person, email=email, full_name=full_name, leader=leader
    )
    email_change(actor=actor, person=person, email=email)
    person.full_name = full_name
    person.unit, person.leader, person.is_hr = unit, leader, is_hr
    person.save(update_fields=["full_name", "unit", "leader", "is_hr"])
    action_log(actor=actor, action="person_update", obj=person)
    hooks.people_changed([person])
    return person


@transaction.atomic
def person_deactivate(*, actor: Person, person: Person) -> None:
    """A person who has left keeps their history but can no longer sign in: every session
    of theirs ends at once."""
    if person.pk == actor.pk:
        raise ValidationError(_("Du kan ikke deaktivere deg selv."))
    if not person.is_active:
        return
    person.is_active = False
    person.save(update_fields=["is_active"])
    sessions_end(person)
    action_log(actor=actor, action="person_deactivate", obj=person)


@transaction.atomic
def person_reactivate(*, actor: Person, person: Person) -> None:
    if person.is_active:
        return
    person.is_active = True
    person.save(update_fields=["is_active"])
    action_log(actor=actor, action="person_reactivate", obj=person)
    hooks.people_changed([person])


def _units_ensure(*, actor: Person, rows: list[ImportRow]) -> dict[UnitKey, Unit]:
    """Every unit on every row's path, created top-down where missing (one insert per
    level of the tree, not per unit)."""
    ids, _paths = known_units()
    units = Unit.objects.in_bulk(list(ids.values()))
    by_key = {key: units[pk] for key, pk in ids.items()}
    depth = 1
    while True:
        level: dict[UnitKey, Unit] = {}
        for row in rows:
            if len(row.unit_path) < depth:
                continue
            key = unit_key(row.unit_path[:depth])
            if key not in by_key and key not in level:
                parent = by_key[key[:-1]] if depth > 1 else None
                level[key] = Unit(name=row.unit_path[depth - 1], parent=parent)
        if not level and all(len(row.unit_path) < depth for row in rows):
            break
        Unit.objects.bulk_create(level.values())
        by_key.update(level)
        _actions_log(actor, "unit_create", list(level.values()))
        depth += 1
    return by_key


def _actions_log(actor: Person, action: str, objects: list[Any]) -> None:
    """The action log's rows for many objects at once (audit.action_log's rows)."""
    ActionEntry.objects.bulk_create(
        (
            ActionEntry(
                actor=actor,
                action=action,
                object_type=obj._meta.label_lower,
                object_uuid=getattr(obj, "uuid", None),
            )
            for obj in objects
        ),
        batch_size=BATCH,
    )


def _people_imported(people: list[Person], *, created: bool = False) -> None:
    """THE place where the import's created and changed people are known, with their ids:
    the apps above follow through lib.hooks.people_changed (the conversation gives each new
    pair its record, provisioning invites them). Called once per batch, inside the batch's
    transaction; `created` are the ones the batch made, who get a welcome."""
    hooks.people_changed(people)
    if created:
        hooks.event("welcome", people=people)


# Rows are written this many at a time: one INSERT (or one UPDATE) per batch.
BATCH = 2000


def _new_batches(rows: list[ImportRow], created: set[str]) -> list[list[ImportRow]]:
    """New people in batches, each batch after the batches of its rows' new leaders (the
    check has refused rings), so every row is inserted with its leader already there."""
    by_email = {row.email: row for row in rows if row.email in created}
    placed: set[str] = set()
    batches: list[list[ImportRow]] = []
    pending = list(by_email.values())
    while pending:
        ready = [r for r in pending if r.leader_email not in by_email or r.leader_email in placed]
        if not ready:  # pragma: no cover - the check refuses rings
            raise ValidationError(_("Lederne går i ring."))
        placed.update(row.email for row in ready)
        batches += [ready[start : start + BATCH] for start in range(0, len(ready), BATCH)]
        pending = [r for r in pending if r.email not in placed]
    return batches


def import_apply(
    *,
    actor: Person,
    report: ImportReport,
    progress: Callable[[int], object] | None = None,
    atomic_batches: bool = False,
) -> None:
    """Write a clean report's plan: units level by level, new people in batches (leaders
    first), then the changed people in batches, each batch one INSERT or UPDATE, its
    action-log rows in one INSERT and one call to the people-changed hook.

    `progress(done)` is told after each batch. With `atomic_batches` (the worker's large
    imports) each batch commits on its own, so the progress page sees it; if the job stops
    half-way, running the same file again finishes it (an import changes nothing twice)."""
    batch_scope = transaction.atomic if atomic_batches else nullcontext
    done = 0
    with batch_scope():
        units = _units_ensure(actor=actor, rows=report.rows)
    created = {change.email for change in report.created}
    updated = {change.email for change in report.updated}
    touched = created | updated
    wanted = {row.leader_email for row in report.rows if row.email in touched}
    leaders = _people_by_email(wanted - created)
    for rows in _new_batches(report.rows, created):
        with batch_scope():
            batch = []
            for row in rows:
                person = Person(
                    email=row.email,
                    full_name=row.full_name,
                    unit=units[row.unit_key],
                    leader=leaders[row.leader_email] if row.leader_email else None,
                    is_hr=row.is_hr,
                    password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
                )
                batch.append(person)
            Person.objects.bulk_create(batch)
            leaders.update({person.email: person for person in batch})
            _actions_log(actor, "person_import_create", batch)
            _people_imported(batch, created=True)
            done += len(batch)
        if progress:
            progress(done)
    changed_rows = [row for row in report.rows if row.email in updated]
    for start in range(0, len(changed_rows), BATCH):
        with batch_scope():
            rows = changed_rows[start : start + BATCH]
            people = _people_by_email({row.email for row in rows})
            for row in rows:
                person = people[row.email]
                person.full_name, person.unit, person.is_hr = (
                    row.full_name,
                    units[row.unit_key],
                    row.is_hr,
                )
                person.leader = leaders[row.leader_email] if row.leader_email else None
            batch = [people[row.email] for row in rows]
            Person.objects.bulk_update(batch, ["full_name", "unit", "is_hr", "leader"])
            _actions_log(actor, "person_import_update", batch)
            _people_imported(batch)
            done += len(batch)
        if progress:
            progress(done)
    report.applied = True


def _people_by_email(emails: set[str]) -> dict[str, Person]:
    """People by lower-case e-mail, a few thousand addresses a query."""
    found: dict[str, Person] = {}
    ordered = sorted(emails)
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        people = Person.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=chunk)
        found.update({person.email.lower(): person for person in people})
    return found


@transaction.atomic
def organisation_import(*, actor: Person, filename: str, data: bytes, apply: bool) -> ImportReport:
    """Check a file and, when asked and the file is clean, apply it: units along every path,
    people created or updated by e-mail, then leaders once everyone exists. The check runs
    inside the same transaction, so what the report promises is what is written. People not
    in the file are left as they are: leaving is a deactivation, done one by one."""
    report = import_check(filename=filename, data=data, actor=actor)
    if apply and report.ok:
        import_apply(actor=actor, report=report)
    return report


def import_job_start(*, actor: Person, filename: str, data: bytes, apply: bool) -> ImportJob:
    """A large file goes to the worker: it is kept until the job ends, and HR follows the
    job's progress page."""
    job = ImportJob.objects.create(actor=actor, filename=filename, data=data, apply=apply)
    transaction.on_commit(lambda: tasks.run_import.enqueue(str(job.uuid)))
    return job


# A checked file is kept this long for "Importer denne filen", so HR need not choose it again.
STAGED_MINUTES = 60


def import_stage(*, actor: Person, filename: str, data: bytes, summary: ImportSummary) -> str:
    """Keep a clean, checked file server side for a while; the uuid names it in the form."""
    job = ImportJob.objects.create(
        actor=actor,
        filename=filename,
        data=data,
        apply=False,
        status=ImportJob.Status.DONE,
        summary=summary.to_json(),
        finished_at=timezone.now(),
    )
    return str(job.uuid)


def staged_imports() -> QuerySet[ImportJob]:
    """Checked files still kept (the worker forgets them after STAGED_MINUTES)."""
    return ImportJob.objects.filter(
        apply=False,
        status=ImportJob.Status.DONE,
        finished_at__gte=timezone.now() - timedelta(minutes=STAGED_MINUTES),
    ).exclude(data=b"")


def staged_take(*, actor: Person, uuid: str) -> tuple[str, bytes] | None:
    """The kept file (name and bytes) of this HR person's check, once: it is forgotten as
    it is taken, so a second press imports nothing twice."""
    with transaction.atomic():
        job = staged_imports().select_for_update().filter(uuid=uuid, actor=actor).first()
        if job is None:
            return None
        data = bytes(job.data)
        ImportJob.objects.filter(pk=job.pk).update(data=b"")
    return job.filename, data


def staged_forget() -> int:
    """The sweep: checked files older than STAGED_MINUTES are deleted (their reports stay)."""
    cutoff = timezone.now() - timedelta(minutes=STAGED_MINUTES)
    return (
        ImportJob.objects.filter(apply=False, finished_at__lt=cutoff)
        .exclude(data=b"")
        .update(data=b"")
    )


def import_job_run(job_uuid: str) -> None:
    """The worker checks the job's file and, when asked and the file is clean, imports it,
    batch by batch: each batch commits with the job's progress, so the page follows it.
    The file is deleted when the job ends, whatever the outcome."""
    claimed = ImportJob.objects.filter(uuid=job_uuid, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("actor").get(uuid=job_uuid)
    mine = ImportJob.objects.filter(pk=job.pk)
    try:
        report = import_check(filename=job.filename, data=bytes(job.data), actor=job.actor)
        if job.apply and report.ok and job.actor is not None:
            mine.update(total=len(report.created) + len(report.updated))
            import_apply(
                actor=job.actor,
                report=report,
                progress=lambda done: mine.update(done=done),
                atomic_batches=True,
            )
        summary = ImportSummary.of(report)
        # A clean check keeps its file for "Importer denne filen" (forgotten by the sweep).
        keep = not job.apply and report.ok and bool(report.created or report.updated)
        if keep:
            summary.staged = str(job.uuid)
        mine.update(
            status=ImportJob.Status.DONE,
            summary=summary.to_json(),
            **({} if keep else {"data": b""}),
            finished_at=timezone.now(),
        )
    except Exception:
        mine.update(status=ImportJob.Status.FAILED, data=b"", finished_at=timezone.now())
        raise
