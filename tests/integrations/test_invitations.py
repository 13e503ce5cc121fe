"""Every new person gets one welcome e-mail from the worker: from HR's form, the import and
SCIM; a link to choose a password (once, for INVITATION_DAYS), or to the sign-in page when
single sign-on is on. HR sees who has not signed in and can send it again."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from aktiv.audit.models import ActionEntry
from aktiv.integrations.invitations import invitation_tokens
from aktiv.integrations.models import Invitation
from aktiv.integrations.tasks import send_invitations
from aktiv.people.models import Person
from aktiv.people.organisation.services import organisation_import, person_create

from ..conftest import client_for
from ..factories import PersonFactory
from ..organisation.helpers import HEADER, csv_bytes
from .conftest import user_body

pytestmark = pytest.mark.django_db


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+", str(message.body))
    assert found, message.body
    return found.group(0).removeprefix("http://127.0.0.1:8000")


def _new(org, email: str = "ny@example.no") -> Person:
    return person_create(
        actor=org.hr, email=email, full_name="Nina Ny", unit=org.unit, leader=None, is_hr=False
    )


def test_hr_form_invites_once_and_the_link_sets_a_password_once(org, settings):
    settings.OIDC_ISSUER = ""
    person = _new(org)
    assert send_invitations.call() == 1
    assert send_invitations.call() == 0  # nothing sent twice
    assert [m.to for m in mail.outbox] == [["ny@example.no"]]
    assert "Velkommen til Aktiv" in mail.outbox[0].subject
    link = _link(mail.outbox[0])
    assert "/invitasjon/" in link
    anonymous = client_for(None)
    page = anonymous.get(link, follow=True)
    assert "Velkommen til Aktiv" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    done = anonymous.post(
        form_url,
        {"new_password1": "en lang og god setning", "new_password2": "en lang og god setning"},
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password("en lang og god setning")
    again = client_for(None).get(link, follow=True)
    assert "ugyldig, utløpt eller allerede brukt" in again.content.decode()


def test_the_link_expires_after_invitation_days(org, settings):
    person = _new(org)
    token = invitation_tokens.make_token(person)
    assert invitation_tokens.check_token(person, token)
    later = invitation_tokens._now() + timedelta(days=settings.INVITATION_DAYS, hours=1)
    invitation_tokens._now = lambda: later
    try:
        assert not invitation_tokens.check_token(person, token)
    finally:
        del invitation_tokens._now


def test_with_sso_the_invitation_points_to_the_sign_in_page(org, settings):
    settings.OIDC_ISSUER = "https://login.microsoftonline.com/tenant/v2.0"
    _new(org)
    send_invitations.call()
    assert _link(mail.outbox[0]) == reverse("login")


def test_import_invites_only_the_new_people(org):
    rows = [
        HEADER,
        ["a@fjordvik.no", "Anne A", "Oppvekst", "", ""],
        ["b@fjordvik.no", "Bjørn B", "Oppvekst", "a@fjordvik.no", ""],
        [org.employee.email, "Emma Medarbeider", "Oppvekst", org.leader.email, ""],
    ]
    report = organisation_import(
        actor=org.hr, filename="folk.csv", data=csv_bytes(rows), apply=True
    )
    assert report.applied
    assert send_invitations.call() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@fjordvik.no", "b@fjordvik.no"]
    # The same file again: nobody new, nothing sent.
    organisation_import(actor=org.hr, filename="folk.csv", data=csv_bytes(rows), apply=True)
    assert send_invitations.call() == 0


def test_scim_creation_invites(org, scim):
    assert scim.post("Users", user_body("scim@example.no")).status_code == 201
    assert send_invitations.call() == 1
    assert mail.outbox[0].to == ["scim@example.no"]


def test_a_person_created_inactive_gets_none(org, scim):
    scim.post("Users", user_body("av@example.no", active=False))
    assert send_invitations.call() == 0


def test_a_failed_send_is_tried_again(org, settings):
    _new(org)
    settings.EMAIL_BACKEND = "tests.integrations.test_invitations.BrokenBackend"
    assert send_invitations.call() == 0
    assert Invitation.objects.get().sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_invitations.call() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise OSError("SMTP is down")


def test_hr_sees_who_has_not_signed_in_and_resends(org):
    person = _new(org)
    send_invitations.call()
    hr = client_for(org.hr)
    page = hr.get(reverse("organisation:index")).content.decode()
    assert "Ikke logget inn ennå" in page
    assert reverse("integrations:invitation_send", args=[person.uuid]) in page
    assert reverse("integrations:invitation_send", args=[org.hr.uuid]) not in page  # signed in
    result = hr.post(reverse("integrations:invitation_send", args=[person.uuid]))
    assert result.status_code == 302
    assert send_invitations.call() == 1
    assert len(mail.outbox) == 2
    assert Invitation.objects.get(person=person).times_sent == 2
    assert ActionEntry.objects.filter(action="invitation_resend").exists()


def test_no_resend_to_someone_who_has_signed_in(org):
    org.employee.last_login = timezone.now()
    org.employee.save()
    hr = client_for(org.hr)
    hr.post(reverse("integrations:invitation_send", args=[org.employee.uuid]), follow=True)
    assert send_invitations.call() == 0
    assert mail.outbox == []


def test_only_hr_can_resend(org):
    person = _new(org)
    for who in (org.employee, org.leader, org.admin):
        result = client_for(who).post(reverse("integrations:invitation_send", args=[person.uuid]))
        assert result.status_code == 404
    assert not ActionEntry.objects.filter(action="invitation_resend").exists()


def test_someone_made_with_a_password_or_long_ago_is_not_invited(org):
    from aktiv.integrations.invitations import invitations_for_people

    with_password = PersonFactory.create()
    old = PersonFactory.create(date_joined=timezone.now() - timedelta(days=30))
    old.set_unusable_password()
    old.save()
    invitations_for_people([with_password, old])
    assert not Invitation.objects.exists()
