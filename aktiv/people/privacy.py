"""Erasure and retention (GDPR art. 5(1)(e) and 17; PRODUCT.md section 3), and what the people
app itself stores about a person. Each app declares its own part in its `privacy.py`
(aktiv/lib/privacy.py); this module runs them all without importing any of them."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from aktiv.audit.services import action_log
from aktiv.lib.dates import add_months
from aktiv.lib.privacy import PersonData, iso, registered

from .models import ERASED_NAME, EmailChange, OrganisationSettings, Person, SignInIdentity


@transaction.atomic
def person_erase(*, person: Person, actor: Person) -> None:
    """HR erases a person who has left: everything they wrote and every conversation with
    them as the employee is deleted; their account stays, anonymised, so figures that count
    it and other people's records that name them as leader keep their shape."""
    if person.is_active:
        raise ValidationError(_("Deaktiver personen først; bare de som har sluttet kan slettes."))
    if person.pk == actor.pk:
        raise ValidationError(_("Du kan ikke slette deg selv."))
    for data in registered():
        if data.erase is not None:
            data.erase(person)
    _anonymise(person)
    action_log(actor=actor, action="person_erase", obj=person)


def _anonymise(person: Person) -> None:
    person.full_name = ERASED_NAME
    person.email = f"slettet-{uuid.uuid4().hex}@slettet.invalid"
    person.leader = None
    person.is_hr = person.is_staff = person.is_superuser = False
    person.set_unusable_password()
    person.save()


def retention_cutoff(today: date | None = None) -> date:
    months = OrganisationSettings.current().retention_months
    return add_months(today or timezone.localdate(), -months)


@transaction.atomic
def retention_apply(today: date | None = None) -> int:
    """Delete, in every app that keeps content for a limited time, what is older than HR's
    retention period (today: the conversations of periods that ended before the cutoff).
    Returns how many rows the apps counted (conversation records)."""
    cutoff = retention_cutoff(today)
    return sum(data.retain(cutoff) for data in registered() if data.retain is not None)


def _export(person: Person) -> dict[str, Any]:
    return {
        "person": {
            "id": str(person.uuid),
            "name": person.full_name,
            "email": person.email,
            "unit": person.unit.path if person.unit else None,
            "leader": person.leader.email if person.leader else None,
            "is_hr": person.is_hr,
            "date_joined": iso(person.date_joined),
            "last_login": iso(person.last_login),
            "two_factor": user_has_device(person),
            "language": person.language or None,
        },
        "people.emailchange": [
            {
                "at": iso(change.at),
                "old_email": change.old_email,
                "new_email": change.new_email,
                "changed_by": change.changed_by.full_name if change.changed_by else None,
                "undo_possible_until": iso(change.hold_until),
                "undone_at": iso(change.undone_at),
            }
            for change in person.email_changes.select_related("changed_by")
        ],
        "people.signinidentity": [
            {
                "issuer": identity.issuer,
                "claim": identity.claim,
                "subject": identity.subject,
                "linked_at": iso(identity.created_at),
                "last_used_at": iso(identity.last_used_at),
            }
            for identity in SignInIdentity.objects.filter(user=person)
        ],
    }


def _erase(person: Person) -> None:
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    # Erased, the account can no longer be reached from the provider either.
    SignInIdentity.objects.filter(user=person).delete()
    _login_history_erase(person)
    EmailChange.objects.filter(person=person).delete()
    # The admin's own log keeps that an operator changed the account, not whose it was.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
    ).update(object_repr=ERASED_NAME)


LOGIN_HISTORY = (AccessAttempt, AccessLog, AccessFailureLog)


def _login_history_erase(person: Person) -> None:
    """django-axes keeps sign-ins by the address typed, not by account: every address the
    person has had (their e-mail changes name the earlier ones)."""
    addresses = {person.email}
    for change in person.email_changes.all():
        addresses |= {change.old_email, change.new_email}
    typed = Q()
    for address in addresses:
        typed |= Q(username__iexact=address)
    for model in LOGIN_HISTORY:
        model.objects.filter(typed).delete()


def login_history_prune(now: datetime | None = None) -> int:
    """Delete sign-ins and failed attempts older than LOGIN_HISTORY_DAYS (run by the worker's
    retention sweep); returns how many rows went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.LOGIN_HISTORY_DAYS)
    return sum(model.objects.filter(attempt_time__lt=cutoff).delete()[0] for model in LOGIN_HISTORY)


# The account itself is anonymised by person_erase, not deleted.
ANONYMISED = (
    "the account stays with name, e-mail, password, leader and roles removed, so figures "
    "that count it and other people's records that name it keep their shape"
)

person_data = PersonData(
    export=_export,
    erase=_erase,
    not_exported={
        "admin.logentry": "the Django admin's own change log of operators",
        "axes.accessattempt": "failed login attempts, kept for minutes for throttling",
        "axes.accessfailurelog": "failed login attempts, kept for throttling",
        "axes.accesslog": "successful logins, kept LOGIN_HISTORY_DAYS for security monitoring",
        "otp_totp.totpdevice": "second-factor secrets: never exported (the export says it is on)",
        "otp_static.staticdevice": "backup codes: secrets, never exported",
        "people.importjob": "an import HR ran of a file about other people: the file is "
        "deleted when the job ends; what is left is the report about those people",
    },
    erased=(
        "otp_totp.totpdevice",
        "otp_static.staticdevice",
        "people.emailchange",
        "people.signinidentity",
        "axes.accessattempt",
        "axes.accesslog",
        "axes.accessfailurelog",
    ),
    not_erased={
        "people.importjob": "imports the person ran as HR: the organisation's history; "
        "the row names the anonymised account",
        "people.emailchange": "changes the person made to other people's addresses (as HR): "
        "those people's history; the row names the anonymised account, not the person",
        "people.person": ANONYMISED,
        "people.person_groups": "the admin groups the account had: not something the person "
        "wrote; the anonymised account cannot sign in and has no staff role",
        "people.person_user_permissions": "the admin permissions the account had: not "
        "something the person wrote; the anonymised account cannot sign in",
        "admin.logentry": "the Django admin's own change log of what operators did: the "
        "employer's account of changes made in the admin (an entry about the erased account "
        "keeps no name)",
    },
)
