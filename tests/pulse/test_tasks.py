"""The worker invites to a round once, and reminds once, only those who have not answered."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from aktiv.pulse.models import Round
from aktiv.pulse.services import pulse_submit
from aktiv.pulse.tasks import remind_on, send_pulse_mail

from .helpers import full_answers


def test_invitations_go_once_to_everyone_the_round_asks(org, mailoutbox):
    today = timezone.localdate()
    round_ = Round.objects.create(name="Puls", opens_on=today, closes_on=today + timedelta(days=10))
    round_.units.set([org.other_unit])
    send_pulse_mail.call()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [org.other_leader.email, org.other_employee.email]
    )
    assert "Puls" in mailoutbox[0].subject
    assert f"/puls/runde/{round_.uuid}/" in mailoutbox[0].body
    assert "uten navn" in mailoutbox[0].body
    send_pulse_mail.call()
    assert len(mailoutbox) == 2


def test_the_reminder_goes_to_those_who_have_not_answered(org, mailoutbox):
    today = timezone.localdate()
    round_ = Round.objects.create(
        name="Puls",
        opens_on=today - timedelta(days=8),
        closes_on=today + timedelta(days=2),
        invited_at=timezone.now(),
    )
    round_.units.set([org.other_unit])
    pulse_submit(round_=round_, person=org.other_employee, answers=full_answers())
    send_pulse_mail.call()
    assert [m.to for m in mailoutbox] == [[org.other_leader.email]]
    assert "Påminnelse" in mailoutbox[0].subject
    send_pulse_mail.call()
    assert len(mailoutbox) == 1


def test_no_mail_before_a_round_opens_or_after_it_closes(org, mailoutbox):
    today = timezone.localdate()
    Round.objects.create(
        name="Snart", opens_on=today + timedelta(1), closes_on=today + timedelta(9)
    )
    Round.objects.create(name="Før", opens_on=today - timedelta(9), closes_on=today - timedelta(1))
    send_pulse_mail.call()
    assert mailoutbox == []


def test_the_reminder_day():
    today = timezone.localdate()
    long = Round(opens_on=today, closes_on=today + timedelta(days=14))
    short = Round(opens_on=today, closes_on=today + timedelta(days=2))
    assert remind_on(long) == today + timedelta(days=11)
    assert remind_on(short) == today + timedelta(days=1)
    assert remind_on(Round(opens_on=today, closes_on=today)) is None
