"""The second factor: required for HR and administrators, offered to everyone."""

import re
import time
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from aktiv.audit.models import ActionEntry
from aktiv.people.models import OrganisationSettings
from aktiv.people.twofactor import SETUP_KEY_SESSION

from ..conftest import client_for
from ..factories import PASSWORD, PersonFactory


def sign_in(person, client=None):
    client = client or Client()
    result = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert result.status_code == 302
    return client


def current_code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def pending_device(client):
    """The authenticator being set up: its secret waits in the session until a code is tried."""
    return TOTPDevice(key=client.session[SETUP_KEY_SESSION])


def set_up(client, person):
    client.get(reverse("twofactor_setup"))
    device = pending_device(client)
    page = client.post(reverse("twofactor_setup"), {"code": current_code(device)}).content.decode()
    return re.findall(r"<li><code>(\w+)</code></li>", page)


@pytest.fixture
def hr(db):
    return PersonFactory.create(email="hr@example.no", is_hr=True)


def test_hr_must_set_up_second_factor_before_anything_else(hr):
    client = sign_in(hr)
    result = client.get(reverse("home"))
    assert result.status_code == 302
    assert result["Location"].startswith(reverse("twofactor_setup"))
    page = client.get(result["Location"]).content.decode()
    assert "Med HR- eller administratortilgang må du logge inn med to trinn" in page
    assert '<svg role="img" aria-label="QR-kode"' in page
    assert re.search(r'<code class="secret">([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>', page)


def test_wrong_code_is_refused_and_changes_nothing(hr):
    client = sign_in(hr)
    client.get(reverse("twofactor_setup"))
    result = client.post(reverse("twofactor_setup"), {"code": "000000"})
    assert result.status_code == 400
    assert "Koden stemmer ikke" in result.content.decode()
    assert not TOTPDevice.objects.filter(user=hr, confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 302


def test_setup_gives_backup_codes_and_access(hr):
    client = sign_in(hr)
    codes = set_up(client, hr)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=hr).count() == 10
    assert client.get(reverse("home")).status_code == 200


def test_next_sign_in_asks_for_the_code(hr):
    codes = set_up(sign_in(hr), hr)
    client = sign_in(hr)
    result = client.get(reverse("home"))
    assert result["Location"].startswith(reverse("twofactor_verify"))
    assert client.post(reverse("twofactor_verify"), {"code": "123456"}).status_code == 400
    device = TOTPDevice.objects.get(user=hr, confirmed=True)
    # The code used at setup cannot be replayed; pretend 30 seconds have passed (and the
    # growing delay after failed tries, django-otp's throttling, with them).
    replay = client.post(reverse("twofactor_verify"), {"code": current_code(device)})
    assert replay.status_code == 400
    device = TOTPDevice.objects.get(user=hr, confirmed=True)
    device.last_t = -1
    device.throttle_reset(commit=False)
    device.save()
    ok = client.post(reverse("twofactor_verify"), {"code": current_code(device), "next": "/"})
    assert ok.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    # A backup code works once (past the delay the failed tries above put on it).
    backup = StaticDevice.objects.get(user=hr)
    backup.throttle_reset()
    other = sign_in(hr)
    assert other.post(reverse("twofactor_verify"), {"code": codes[0]}).status_code == 302
    assert other.get(reverse("home")).status_code == 200
    third = sign_in(hr)
    assert third.post(reverse("twofactor_verify"), {"code": codes[0]}).status_code == 400


def test_administrators_need_it_for_the_admin_too(db):
    admin = PersonFactory.create(email="admin@example.no", is_staff=True, is_superuser=True)
    client = sign_in(admin)
    assert client.get("/admin/")["Location"].startswith(reverse("twofactor_setup"))


def test_employee_is_offered_not_forced(db):
    person = PersonFactory.create(email="ansatt@example.no")
    client = sign_in(person)
    assert client.get(reverse("home")).status_code == 200
    assert "Slå på totrinnsinnlogging" in client.get(reverse("twofactor_manage")).content.decode()
    set_up(client, person)
    again = sign_in(person)
    assert again.get(reverse("home"))["Location"].startswith(reverse("twofactor_verify"))


def test_password_reset_does_not_sign_in(hr):
    from django.core import mail

    client = Client()
    client.post(reverse("password_reset"), {"email": hr.email})
    link = re.search(r"http://testserver(/glemt-passord/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    client.post(
        form_url, {"new_password1": "en helt ny setning", "new_password2": "en helt ny setning"}
    )
    result = client.get(reverse("home"))
    assert result.status_code == 302 and result["Location"].startswith(reverse("login"))


def test_next_never_leaves_the_site(hr):
    client = sign_in(hr)
    client.get(reverse("twofactor_setup"))
    device = pending_device(client)
    page = client.post(
        reverse("twofactor_setup") + "?next=//evil.example/", {"code": current_code(device)}
    ).content.decode()
    assert "evil.example" not in page


EVIL = "/\\evil.example/"


def test_next_with_a_backslash_never_leaves_the_site(hr):
    """`/\\evil.example/` is read by browsers as `//evil.example/`: not in a link, a hidden
    field or a redirect, on any of the second-factor pages."""
    client = sign_in(hr)
    setup_page = client.get(reverse("twofactor_setup"), {"next": EVIL}).content.decode()
    assert "evil.example" not in setup_page
    device = pending_device(client)
    codes_page = client.post(
        reverse("twofactor_setup"), {"code": current_code(device), "next": EVIL}
    ).content.decode()
    assert "Reservekodene dine" in codes_page and "evil.example" not in codes_page
    again = sign_in(hr)
    verify_page = again.get(reverse("twofactor_verify"), {"next": EVIL}).content.decode()
    assert "evil.example" not in verify_page
    device = TOTPDevice.objects.get(user=hr, confirmed=True)
    device.last_t = -1
    device.save()
    result = again.post(reverse("twofactor_verify"), {"code": current_code(device), "next": EVIL})
    assert result.status_code == 302 and result["Location"] == reverse("home")


def test_the_way_back_after_the_second_factor_is_kept_whole(hr):
    client = sign_in(hr)
    result = client.get(reverse("home"), {"a": "1", "b": "2"})
    assert result["Location"] == reverse("twofactor_setup") + "?next=%2F%3Fa%3D1%26b%3D2"


def test_login_page_drops_a_next_off_the_site(db):
    page = Client().get(reverse("login"), {"next": EVIL}).content.decode()
    assert "evil.example" not in page


def test_hr_can_require_the_second_factor_of_leaders(org):
    # Off by default: a leader signs in with a password alone.
    assert sign_in(org.leader).get(reverse("home")).status_code == 200
    hr = client_for(org.hr)
    page = hr.get(reverse("hr_privacy")).content.decode()
    assert "To-trinns innlogging for ledere" in page
    result = hr.post(reverse("hr_second_factor"), {"leaders_need_second_factor": "on"})
    assert result.status_code == 302 and result["Location"] == reverse("hr_privacy")
    assert OrganisationSettings.current().leaders_need_second_factor
    assert ActionEntry.objects.filter(actor=org.hr, action="leaders_second_factor_on").exists()

    client = sign_in(org.leader)
    result = client.get(reverse("home"))
    assert result["Location"].startswith(reverse("twofactor_setup"))
    assert "Organisasjonen krever at ledere" in client.get(result["Location"]).content.decode()
    # A leader already signed in is asked at their next click, too.
    assert client.get(reverse("team"))["Location"].startswith(reverse("twofactor_setup"))
    # An employee who leads no one is not.
    assert sign_in(org.employee).get(reverse("home")).status_code == 200

    hr.post(reverse("hr_second_factor"), {})
    assert not OrganisationSettings.current().leaders_need_second_factor
    assert ActionEntry.objects.filter(action="leaders_second_factor_off").count() == 1
    assert sign_in(org.leader).get(reverse("home")).status_code == 200
    # HR and administrators need it either way (HR has set it up: asked for the code).
    assert sign_in(org.hr).get(reverse("home"))["Location"].startswith(reverse("twofactor_verify"))


def test_only_hr_sets_the_second_factor_of_leaders(org):
    for person in (org.leader, org.employee, org.admin):
        result = client_for(person).post(
            reverse("hr_second_factor"), {"leaders_need_second_factor": "on"}
        )
        assert result.status_code == 404
    assert not OrganisationSettings.current().leaders_need_second_factor


def device_queries(queries):
    return [q["sql"] for q in queries if "otp_" in q["sql"] and "device" in q["sql"]]


def test_no_device_is_asked_once_a_minute_not_on_every_request(db, monkeypatch):
    """Performance (docs/performance.md): a person without a second factor costs no device
    query on each page; a device set up in another session is asked for within a minute."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from aktiv.people import twofactor

    person = PersonFactory.create(email="ansatt@example.no")
    phone = sign_in(person)  # signed in first: a later sign-in elsewhere is checked at once
    laptop = sign_in(person)
    started = int(time.time())
    assert laptop.get(reverse("notifications:inbox")).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert laptop.get(reverse("notifications:inbox")).status_code == 200
    assert device_queries(queries.captured_queries) == []

    set_up(phone, person)
    # The clock of the check only (TOTP keeps the real one).
    monkeypatch.setattr(twofactor, "time", SimpleNamespace(time=lambda: started + 30))
    assert laptop.get(reverse("notifications:inbox")).status_code == 200
    monkeypatch.setattr(twofactor, "time", SimpleNamespace(time=lambda: started + 61))
    answer = laptop.get(reverse("notifications:inbox"))
    assert answer["Location"].startswith(reverse("twofactor_verify"))


def test_a_new_sign_in_checks_the_device_again(db):
    person = PersonFactory.create(email="ansatt@example.no")
    client = sign_in(person)
    assert client.get(reverse("home")).status_code == 200
    other = sign_in(person)
    set_up(other, person)
    # Signing in again in the first browser, within the minute: the code is asked for.
    sign_in(person, client)
    assert client.get(reverse("home"))["Location"].startswith(reverse("twofactor_verify"))
