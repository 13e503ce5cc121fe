"""Erasure and retention (GDPR art. 5(1)(e) and 17; PRODUCT.md section 3)."""

from __future__ import annotations

import calendar
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from aktiv.assessments.models import Response
from aktiv.audit.services import action_log
from aktiv.competence.models import CompetenceProfile
from aktiv.conversations.models import ConversationRecord
from aktiv.reflections.models import PendingAgendaItem, Worksheet

from .models import OrganisationSettings, Person

ERASED_NAME = "Slettet person"


@transaction.atomic
def person_erase(*, person: Person, actor: Person) -> None:
    """HR erases a person who has left: everything they wrote and every conversation with
    them as the employee is deleted; their account stays, anonymised, so figures that count
    it and other people's records that name them as leader keep their shape."""
    if person.is_active:
        raise ValidationError(_("Deaktiver personen først; bare de som har sluttet kan slettes."))
    if person.pk == actor.pk:
        raise ValidationError(_("Du kan ikke slette deg selv."))
    Response.objects.filter(person=person).delete()
    Worksheet.objects.filter(person=person).delete()
    PendingAgendaItem.objects.filter(person=person).delete()
    CompetenceProfile.objects.filter(person=person).delete()
    ConversationRecord.objects.filter(employee=person).delete()
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    person.full_name = ERASED_NAME
    person.email = f"slettet-{uuid.uuid4().hex}@slettet.invalid"
    person.leader = None
    person.is_hr = person.is_staff = person.is_superuser = False
    person.set_unusable_password()
    person.save()
    action_log(actor=actor, action="person_erase", obj=person)


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def retention_cutoff(today: date | None = None) -> date:
    months = OrganisationSettings.current().retention_months
    return months_before(today or timezone.localdate(), months)


@transaction.atomic
def retention_apply(today: date | None = None) -> int:
    """Delete the conversations of periods that ended longer ago than HR's retention period
    (records, with their goals, follow-ups, notes and actions). Returns how many records."""
    old = ConversationRecord.objects.filter(period__ends_on__lt=retention_cutoff(today))
    count = old.count()
    old.delete()
    return count
