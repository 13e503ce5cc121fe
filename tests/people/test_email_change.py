"""Nobody can become another person (PRODUCT.md section 3): an e-mail address changed by
someone else is told to the old address, which can undo it; every session and reset link of
the person ends; and for a waiting period no password reset goes to the new address."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from aktiv.audit.models import ActionEntry
from aktiv.people.models import EmailChange, Person
from aktiv.people.organisation.services import organisation_import, person_create

from ..conftest import client_for
from ..factories import PASSWORD, PersonFactory
from ..organisation.helpers import HEADER, csv_bytes

NEW = "lena.privat@angriper.example"
UNDO_LINK = re.compile(r"http://127\.0\.0\.1:8000(/e-post/angre/[^/\s]+/)")


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "http://127.0.0.1:8000"


def form_data(person: Person, **changes: str) -> dict[str, str]:
    data = {
        "full_name": person.full_name,
        "email": person.email,
        "unit": person.unit.name if person.unit else "",
        "leader": person.leader.email if person.leader else "",
    }
    if person.is_hr:
        data["is_hr"] = "on"
    return data | changes


def hr_changes_email(org, person: Person, email: str = NEW, client=None):
    client = client or client_for(org.hr)
    url = reverse("organisation:person_edit", args=[person.uuid])
    return client.post(url, form_data(person, email=email))


def sign_in(email: str, password: str = PASSWORD) -> Client:
    client = Client()
    result = client.post(reverse("login"), {"username": email, "password": password})
    assert result.status_code == 302, "could not sign in"
    return client


def undo_path():
    [notice] = [m for m in mail.outbox if "endret" in m.subject]
    return UNDO_LINK.search(notice.body).group(1)


def test_the_old_address_is_told_what_changed_when_and_by_whom(org):
    old = org.leader.email
    hr = client_for(org.hr)
    result = hr_changes_email(org, org.leader, client=hr)
    assert result.status_code == 302
    org.leader.refresh_from_db()
    assert org.leader.email == NEW
    [notice] = mail.outbox
    assert notice.to == [old]
    assert notice.subject == "E-postadressen din i Aktiv er endret"
    body = notice.body
    assert "Hanne HR endret e-postadressen du logger inn i Aktiv med" in body
    assert f"fra {old}" in body and f"til {NEW}" in body
    assert timezone.localtime().strftime("%Y") in body and " kl. " in body
    assert "Du kan fortsatt logge inn med passordet du har, men nå med den nye adressen" in body
    assert "Angre endringen:" in body and UNDO_LINK.search(body)
    change = EmailChange.objects.get(person=org.leader)
    assert (change.old_email, change.new_email, change.changed_by) == (old, NEW, org.hr)
    hours = (change.hold_until - change.at) / timedelta(hours=1)
    assert hours == 72
    assert ActionEntry.objects.filter(actor=org.hr, action="email_change").exists()
    page = hr.get(result["Location"]).content.decode()
    assert "Den gamle adressen har fått e-post om endringen" in page


def test_the_notice_goes_through_the_worker_queue(org, settings):
    """With the real queue the notice is a task committed with the change."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    hr_changes_email(org, org.leader)
    assert mail.outbox == []
    [task] = DBTaskResult.objects.filter(task_path__endswith="send_email_change_notice")
    change = EmailChange.objects.get(person=org.leader)
    assert task.args_kwargs["args"] == [str(change.uuid)]


def test_the_hold_is_a_setting(org, settings):
    settings.EMAIL_CHANGE_HOLD_HOURS = 24
    hr_changes_email(org, org.leader)
    change = EmailChange.objects.get(person=org.leader)
    assert change.hold_until - change.at == timedelta(hours=24)


def test_every_session_of_the_person_ends(org):
    by_password = sign_in(org.leader.email)
    forced = client_for(org.leader)
    for client in (by_password, forced):
        assert client.get(reverse("home")).status_code == 200
    hr = client_for(org.hr)
    hr_changes_email(org, org.leader, client=hr)
    for client in (by_password, forced):
        result = client.get(reverse("home"))
        assert result.status_code == 302 and result["Location"].startswith(reverse("login"))
    # HR, who made the change, is still signed in; so is everyone else.
    assert hr.get(reverse("organisation:index")).status_code == 200


def test_the_session_hash_covers_the_address(db):
    person = PersonFactory.create(email="a@example.no")
    before = person.get_session_auth_hash()
    person.email = "b@example.no"
    assert person.get_session_auth_hash() != before


def test_reset_links_sent_before_the_change_stop_working(org):
    """Django's reset token hashes the e-mail field: a link to the old address dies with it."""
    token = default_token_generator.make_token(org.leader)
    assert default_token_generator.check_token(org.leader, token)
    hr_changes_email(org, org.leader)
    org.leader.refresh_from_db()
    assert not default_token_generator.check_token(org.leader, token)


def test_reset_link_in_a_mail_from_before_the_change_shows_invalid(org):
    client = Client()
    client.post(reverse("password_reset"), {"email": org.leader.email})
    [reset] = mail.outbox
    link = re.search(r"http://testserver(/glemt-passord/\S+/)", reset.body).group(1)
    hr_changes_email(org, org.leader)
    page = client.get(link, follow=True).content.decode()
    assert "Lenken er ugyldig eller allerede brukt" in page


def test_no_password_reset_goes_to_the_new_address_during_the_hold(org):
    old = org.leader.email
    hr_changes_email(org, org.leader)
    mail.outbox.clear()
    result = Client().post(reverse("password_reset"), {"email": NEW})
    # The same "sent" page as always: nothing tells whoever asked that it was held back.
    assert result.status_code == 302 and result["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
    # The old address belongs to no one now; the new one gets mail once the hold is over.
    Client().post(reverse("password_reset"), {"email": old})
    EmailChange.objects.update(hold_until=timezone.now() - timedelta(minutes=1))
    Client().post(reverse("password_reset"), {"email": NEW})
    assert [m.to for m in mail.outbox] == [[NEW]]


def test_the_person_still_signs_in_with_their_password_at_the_new_address(org):
    hr_changes_email(org, org.leader)
    client = sign_in(NEW)
    assert client.get(reverse("home")).status_code == 200
    page = client.get(reverse("audit:my_data")).content.decode()
    assert "Endringer av e-postadressen din" in page
    assert "Hanne HR" in page and NEW in page
    assert "Den gamle adressen har fått e-post og kan angre til" in page
    data = json.loads(client.get(reverse("audit:export")).content)
    [row] = data["people.emailchange"]
    assert row["new_email"] == NEW and row["changed_by"] == "Hanne HR"


def test_the_undo_link_asks_first_then_restores_the_address_and_ends_sessions(org):
    old = org.leader.email
    hr_changes_email(org, org.leader)
    at_new_address = sign_in(NEW)
    path = undo_path()
    anyone = Client()
    page = anyone.get(path)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hanne HR endret e-postadressen din" in text and old in text and NEW in text
    assert 'method="post"' in text and "Angre endringen" in text
    org.leader.refresh_from_db()
    assert org.leader.email == NEW, "a GET changes nothing"

    result = anyone.post(path)
    assert result.status_code == 302 and result["Location"] == reverse("login")
    org.leader.refresh_from_db()
    assert org.leader.email == old
    assert EmailChange.objects.get().undone_at is not None
    assert ActionEntry.objects.filter(action="email_change_undo").count() == 1
    after = at_new_address.get(reverse("home"))
    assert after.status_code == 302 and after["Location"].startswith(reverse("login"))
    assert "Adressen er satt tilbake" in anyone.get(reverse("login")).content.decode()
    sign_in(old)
    # Used once: a second POST is refused with a message and changes nothing.
    again = anyone.post(path)
    assert again.status_code == 400
    assert "allerede angret" in again.content.decode()
    # And the old address may ask for a new password again.
    mail.outbox.clear()
    Client().post(reverse("password_reset"), {"email": old})
    assert [m.to for m in mail.outbox] == [[old]]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_or_garbled_link_is_refused_and_changes_nothing(org, method):
    hr_changes_email(org, org.leader)
    change = EmailChange.objects.get()
    forged = [
        "tull",
        change.undo_token() + "x",
        signing.dumps(str(change.uuid), salt="annet-formål"),
        signing.dumps("ikke-en-uuid", salt="aktiv.people.EmailChange.undo"),
    ]
    for token in forged:
        result = getattr(Client(), method)(reverse("email_change_undo", args=[token]))
        assert result.status_code == 400
        assert "Lenken er ugyldig eller for gammel" in result.content.decode()
    org.leader.refresh_from_db()
    assert org.leader.email == NEW


def test_the_link_expires_with_the_waiting_period(org):
    hr_changes_email(org, org.leader)
    path = undo_path()
    EmailChange.objects.update(hold_until=timezone.now() - timedelta(seconds=1))
    page = Client().get(path)
    assert page.status_code == 400
    assert "Fristen for å angre endringen er ute" in page.content.decode()
    refused = Client().post(path)
    assert refused.status_code == 400 and "Fristen" in refused.content.decode()
    org.leader.refresh_from_db()
    assert org.leader.email == NEW


def test_a_signed_link_older_than_the_hold_is_refused(org, settings):
    hr_changes_email(org, org.leader)
    path = undo_path()
    settings.EMAIL_CHANGE_HOLD_HOURS = 0  # max_age 0: every signature is too old
    assert Client().get(path).status_code == 400


def test_undoing_the_first_of_two_changes_gives_the_first_address_back(org):
    """A second change (whose notice goes to an address the changer may control) cannot
    shut the real owner out."""
    old = org.leader.email
    hr_changes_email(org, org.leader, email="mellom@angriper.example")
    org.leader.refresh_from_db()
    first = undo_path()
    mail.outbox.clear()
    hr_changes_email(org, org.leader, email=NEW)
    assert Client().post(first).status_code == 302
    org.leader.refresh_from_db()
    assert org.leader.email == old
    assert not EmailChange.objects.filter(undone_at__isnull=True).exists()


def test_the_old_address_stays_reserved_for_its_owner_during_the_hold(org):
    old = org.leader.email
    hr_changes_email(org, org.leader)
    client = client_for(org.hr)
    data = {"full_name": "Lena Kopi", "email": old, "unit": org.unit.name}
    result = client.post(reverse("organisation:person_new"), data)
    assert result.status_code == 400
    assert "nylig tatt fra en annen person" in result.content.decode()
    other = hr_changes_email(org, org.colleague, email=old, client=client)
    assert other.status_code == 400
    report = organisation_import(
        actor=org.hr,
        filename="f.csv",
        data=csv_bytes([HEADER, [old, "Lena Kopi", "Oppvekst", "", ""]]),
        apply=True,
    )
    assert not report.applied
    assert "nylig tatt fra en annen person" in report.errors[0].message
    assert not Person.objects.filter(email=old).exists()
    # Once the hold is over the address is free again.
    EmailChange.objects.update(hold_until=timezone.now() - timedelta(seconds=1))
    person_create(actor=org.hr, email=old, full_name="Ny", unit=org.unit, leader=None, is_hr=False)


def test_hr_changing_their_own_address_stays_signed_in(org):
    hr = client_for(org.hr)
    result = hr_changes_email(org, org.hr, email="hanne.ny@example.no", client=hr)
    assert result.status_code == 302
    assert hr.get(reverse("organisation:index")).status_code == 200
    change = EmailChange.objects.get(person=org.hr)
    assert change.hold_until == change.at
    assert mail.outbox == []


def test_an_unchanged_address_records_nothing(org):
    hr_changes_email(org, org.leader, email=org.leader.email.upper())
    assert not EmailChange.objects.exists() and mail.outbox == []


def test_the_import_cannot_change_an_address(org):
    """People are matched by address: a row with the leader's name and another address is
    a new person, and the leader keeps theirs."""
    old = org.leader.email
    organisation_import(
        actor=org.hr,
        filename="f.csv",
        data=csv_bytes([HEADER, [NEW, "Lena Leder", "Oppvekst", "", ""]]),
        apply=True,
    )
    org.leader.refresh_from_db()
    assert org.leader.email == old
    assert Person.objects.filter(email=NEW).exclude(pk=org.leader.pk).exists()
