"""Changes to a person's sign-in and to the organisation's security settings: each checks
its rules, saves in one transaction and is written to the action log."""

from __future__ import annotations

from datetime import time, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.audit.services import action_log
from aktiv.lib.dates import local_date

from . import tasks
from .models import LANGUAGE_CHOICES, EmailChange, OrganisationSettings, Person


def email_validate(*, person: Person | None, email: str) -> str:
    """A free address, normalised: not another person's, and not one that a change still in
    its waiting period took from someone, who may yet take it back."""
    email = email.strip().lower()
    taken = Person.objects.filter(email__iexact=email)
    reserved = EmailChange.objects.holding().filter(old_email__iexact=email)
    if person is not None and person.pk is not None:
        taken = taken.exclude(pk=person.pk)
        reserved = reserved.exclude(person=person)
    if taken.exists():
        raise ValidationError({"email": _("Det finnes allerede en person med denne e-posten.")})
    if change := reserved.order_by("-hold_until").first():
        raise ValidationError(
            {
                "email": _(
                    "Adressen ble nylig tatt fra en annen person, som kan angre endringen til "
                    "%(until)s. Velg en annen adresse, eller vent til da."
                )
                % {"until": local_date(timezone.localtime(change.hold_until), "j. F Y H:i")}
            }
        )
    return email


def sessions_end(person: Person) -> int:
    """End every session of the person now (not only at their next request, when Django
    would refuse an inactive person): deactivation by HR or by provisioning. Returns how
    many ended."""
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(person.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
    # Sessions kept in the shared cache as well (cached_db) end there too.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    prefix = getattr(store, "cache_key_prefix", None)
    if prefix and mine:
        caches[settings.SESSION_CACHE_ALIAS].delete_many([prefix + key for key in mine])
    return len(mine)


@transaction.atomic
def email_change(*, actor: Person, person: Person, email: str) -> EmailChange | None:
    """Every change of an address comes here (HR's person form, the admin). Every session of
    the person ends (Person.get_session_auth_hash hashes the address), and so does every
    password-reset link (Django's token hashes it too). Made by someone else, the change
    is also told to the old address with a link to undo it, and no password reset goes to
    the new address for EMAIL_CHANGE_HOLD_HOURS: whoever controls the new address cannot
    sign in as the person meanwhile."""
    email = email_validate(person=person, email=email)
    old = person.email
    if email == old.lower():
        return None
    person.email = email
    person.save(update_fields=["email"])
    now = timezone.now()
    by_someone_else = actor.pk != person.pk
    hold = timedelta(hours=settings.EMAIL_CHANGE_HOLD_HOURS if by_someone_else else 0)
    change = EmailChange.objects.create(
        person=person,
        old_email=old,
        new_email=email,
        changed_by=actor,
        at=now,
        hold_until=now + hold,
    )
    if by_someone_else:
        # With the database queue the task commits with the change, or not at all.
        tasks.send_email_change_notice.enqueue(str(change.uuid))
    action_log(actor=actor, action="email_change", obj=person)
    return change


@transaction.atomic
def email_change_undo(*, change: EmailChange) -> Person:
    """The holder of the old address takes it back, through the link sent there. Every
    session ends again; this change and any later one of the same person are marked undone,
    so a second change cannot shut the first address out."""
    change = EmailChange.objects.select_for_update().select_related("person").get(pk=change.pk)
    if change.undone_at is not None:
        raise ValidationError(_("Endringen er allerede angret."))
    if change.hold_until <= timezone.now():
        raise ValidationError(_("Fristen for å angre endringen er ute. Kontakt HR."))
    person = change.person
    if Person.objects.filter(email__iexact=change.old_email).exclude(pk=person.pk).exists():
        raise ValidationError(
            _("Adressen %(email)s brukes nå av en annen person. Kontakt HR.")
            % {"email": change.old_email}
        )
    person.email = change.old_email
    person.save(update_fields=["email"])
    EmailChange.objects.filter(person=person, undone_at__isnull=True, at__gte=change.at).update(
        undone_at=timezone.now()
    )
    action_log(actor=person, action="email_change_undo", obj=person)
    return person


@transaction.atomic
def second_factor_policy_set(*, actor: Person, leaders: bool) -> OrganisationSettings:
    """Whether leaders, too, must sign in with a second factor. Leaders without one are
    sent to set it up at their next click (twofactor.require_second_factor)."""
    OrganisationSettings.objects.get_or_create(pk=1)  # a write: the defaults are stored now
    current = OrganisationSettings.objects.select_for_update().get(pk=1)
    if current.leaders_need_second_factor == leaders:
        return current
    current.leaders_need_second_factor = leaders
    current.save(update_fields=["leaders_need_second_factor", "updated_at"])
    action = "leaders_second_factor_on" if leaders else "leaders_second_factor_off"
    action_log(actor=actor, action=action, obj=current)
    return current


@transaction.atomic
def sign_in_policy_set(
    *, actor: Person, password_login: bool, create_people: bool
) -> OrganisationSettings:
    """With single sign-on: whether people may still sign in with a password (administrators
    always may), and whether an unknown person gets an account at their first sign-in."""
    OrganisationSettings.objects.get_or_create(pk=1)  # a write: the defaults are stored now
    current = OrganisationSettings.objects.select_for_update().get(pk=1)
    changes = {"password_login": password_login, "sso_create_people": create_people}
    changed = [name for name, value in changes.items() if getattr(current, name) != value]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, changes[name])
    current.save(update_fields=[*changed, "updated_at"])
    action_log(actor=actor, action="sign_in_policy_set", obj=current)
    return current


def digest_time_set(*, actor: Person, at: time) -> OrganisationSettings:
    """When those who chose a daily digest of their notifications get it."""
    OrganisationSettings.objects.get_or_create(pk=1)
    current = OrganisationSettings.objects.select_for_update().get(pk=1)
    if current.digest_time != at:
        current.digest_time = at.replace(second=0, microsecond=0)
        current.save(update_fields=["digest_time", "updated_at"])
        action_log(actor=actor, action="digest_time_set", obj=current)
    return current


def person_language_set(*, person: Person, language: str) -> Person:
    """A person's own language ("" for the organisation's default), on every device."""
    if language not in {"", *dict(LANGUAGE_CHOICES)}:
        raise ValidationError({"language": _("Velg et av språkene i lista.")})
    person.language = language
    person.save(update_fields=["language"])
    return person


@transaction.atomic
def organisation_language_set(*, actor: Person, language: str) -> OrganisationSettings:
    """The language of everyone who has not chosen their own, and of the default
    expectations seeded from now on."""
    if language not in dict(LANGUAGE_CHOICES):
        raise ValidationError({"default_language": _("Velg et av språkene i lista.")})
    OrganisationSettings.objects.get_or_create(pk=1)  # a write: the defaults are stored now
    current = OrganisationSettings.objects.select_for_update().get(pk=1)
    if current.default_language != language:
        current.default_language = language
        current.save(update_fields=["default_language", "updated_at"])
        action_log(actor=actor, action="default_language_set", obj=current)
    return current
