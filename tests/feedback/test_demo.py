from __future__ import annotations

from aktiv.feedback.models import UpwardRound, ViewRequest
from aktiv.home.demo import email_for, load_demo
from aktiv.people.models import Person

from ..conftest import client_for


def test_the_demo_leader_has_a_closed_round_that_passes_the_gate(db, settings):
    settings.ANONYMITY_THRESHOLD = 5
    load_demo()
    load_demo()  # a second run adds nothing
    sigrid = Person.objects.get(email=email_for("Sigrid Bakken"))
    round = UpwardRound.objects.get(leader=sigrid)
    assert not round.is_open and round.submissions.count() == 6
    page = client_for(sigrid).get(round.get_absolute_url()).content.decode()
    assert "<svg" in page and "Min leder er en god rollemodell" in page
    assert ViewRequest.objects.waiting().filter(leader=sigrid).count() == 1
