from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from aktiv.assessments.models import Response
from aktiv.conversations.models import Evaluation, FollowUp
from aktiv.goals.models import PersonalGoal
from aktiv.home.demo import DEMO_PASSWORD, demo_logins, load_demo
from aktiv.people.models import Person, Unit
from aktiv.reflections.models import Worksheet


def counts():
    return (
        Person.objects.count(),
        Unit.objects.count(),
        Response.objects.count(),
        Worksheet.objects.count(),
    )


def test_demo_is_realistic_and_loads_only_once(db):
    load_demo()
    first = counts()
    people, units, responses, worksheets = first
    assert 25 <= people <= 35 and units == 5
    assert Person.objects.filter(is_hr=True).count() == 1
    assert responses > people and worksheets > 0
    year_ago = timezone.now() - timedelta(days=300)
    assert Response.objects.filter(submitted_at__lt=year_ago).exists()
    assert Response.objects.exclude(shared_with=None).exists()
    for login in demo_logins():
        person = Person.objects.get(email=login.email)
        assert person.check_password(DEMO_PASSWORD)
    assert Person.objects.get(email="sigrid.bakken@fjordvik.example").is_leader
    # A period in progress: agreed goals, held follow-ups and one confirmed evaluation.
    assert PersonalGoal.objects.filter(state="agreed").count() > 10
    assert FollowUp.objects.filter(status="held").count() > 20
    assert Evaluation.objects.filter(
        employee_confirmed_at__isnull=False, leader_confirmed_at__isnull=False
    ).exists()
    load_demo()
    assert counts() == first


def test_demo_command_prints_logins(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for login in demo_logins():
        assert login.email in out


def test_demo_hr_can_sign_in_without_a_phone(db, capsys):
    """The demo prints backup codes for HR, and one of them passes the second factor."""
    from django.test import Client
    from django.urls import reverse

    call_command("demo")
    out = capsys.readouterr().out
    codes = out.split("reservekodene", 1)[1].split(":", 1)[1].split()
    assert len(codes) == 10
    hr = next(login for login in demo_logins() if login.role == "HR")
    client = Client()
    client.post(reverse("login"), {"username": hr.email, "password": DEMO_PASSWORD})
    result = client.post(reverse("twofactor_verify"), {"code": codes[0]}, follow=True)
    assert result.redirect_chain and "Du brukte en reservekode" in result.content.decode()
    assert client.get(reverse("hr_home")).status_code == 200
    # Running the demo again tops the used code back up.
    call_command("demo")
    assert len(capsys.readouterr().out.split("reservekodene", 1)[1].split(":", 1)[1].split()) == 10


def test_the_demo_logins_have_an_inbox_and_the_year_is_on_working_days(db):
    from aktiv.lib.dates import is_working_day
    from aktiv.notifications.models import Notification

    load_demo()
    nora = Person.objects.get(email="nora.haugen@fjordvik.example")
    sigrid = Person.objects.get(email="sigrid.bakken@fjordvik.example")
    for person in (nora, sigrid):
        assert Notification.objects.for_person(person).unread().count() >= 3
    # What the demo year made on its way is history: read, and never e-mailed.
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    made = Notification.objects.count()
    load_demo()
    assert Notification.objects.count() == made
    days = {timezone.localtime(f.scheduled_at).date() for f in FollowUp.objects.all()}
    assert all(is_working_day(day) for day in days)
