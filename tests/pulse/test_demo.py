"""The demo's pulse history: three closed rounds with answers, an open round to try, and
sick-leave figures, shown to the leader and HR; loading twice adds nothing."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from aktiv.home.demo import email_for, load_demo
from aktiv.people.models import Person
from aktiv.pulse.models import Answer, Participation, Round, SickLeave

from ..conftest import client_for


def test_the_demo_has_a_pulse_history(db):
    load_demo()
    today = timezone.localdate()
    closed = Round.objects.closed_before(today)
    assert closed.count() == 3
    assert Round.objects.open_on(today).count() == 1
    for round_ in closed:
        assert round_.answers.count() >= 15
        assert round_.answers.count() == round_.participations.count()
    assert SickLeave.objects.count() == 4 * 9
    counts = (Round.objects.count(), Answer.objects.count(), SickLeave.objects.count())
    participations = Participation.objects.count()
    load_demo()
    assert (Round.objects.count(), Answer.objects.count(), SickLeave.objects.count()) == counts
    assert Participation.objects.count() == participations

    sigrid = Person.objects.get(email=email_for("Sigrid Bakken"))
    page = client_for(sigrid).get(reverse("pulse:team")).content.decode()
    assert "Oppvekst og kultur" in page
    assert "endring fra" in page
    hr = Person.objects.get(email=email_for("Marte Lunde"))
    health = client_for(hr).get(reverse("pulse:health")).content.decode()
    assert "Helse og omsorg" in health
