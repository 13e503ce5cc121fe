"""A realistic demo organisation: Fjordvik kommune, about 30 people in four units, one HR
person, leaders with teams and a year of self-assessment history so trends show.

Loading is idempotent: people and units are matched by e-mail and name, and history is only
made for people who have none."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.assessments.services import focus_areas_save, response_start, response_submit
from aktiv.conversations.demo import load_conversations
from aktiv.conversations.models import ConversationRecord
from aktiv.expectations.demo import load_expectations
from aktiv.feedback.demo import load_feedback
from aktiv.insights.figures import quarter_ends
from aktiv.notifications.models import Kind, Notification
from aktiv.notifications.services import notify
from aktiv.people.models import Person, Unit
from aktiv.pulse.demo import load_pulse
from aktiv.reflections.demo import load_worksheets

# The published password of the demo users (bandit B105 is about real secrets).
DEMO_PASSWORD = "aktiv-demo"  # nosec B105
DOMAIN = "fjordvik.example"

ORGANISATION = "Fjordvik kommune"
# unit name -> (leader, [members]); the chief executive leads the four unit leaders.
CHIEF = "Ingrid Halvorsen"
UNITS: dict[str, tuple[str, list[str]]] = {
    "Stab og støtte": (
        "Erik Solberg",
        ["Marte Lunde", "Henrik Aas", "Camilla Berg", "Tor Inge Dahl"],
    ),
    "Oppvekst og kultur": (
        "Sigrid Bakken",
        [
            "Nora Haugen",
            "Lars Eriksen",
            "Ingeborg Nilsen",
            "Magnus Johansen",
            "Silje Larsen",
            "Øystein Pedersen",
            "Hanne Kristiansen",
        ],
    ),
    "Helse og omsorg": (
        "Anders Strand",
        [
            "Kristin Jensen",
            "Jørgen Karlsen",
            "Astrid Hansen",
            "Mohammed Ali",
            "Elin Olsen",
            "Bjørn Andersen",
            "Sofie Lie",
        ],
    ),
    "Teknisk drift": (
        "Jonas Moen",
        [
            "Per Arne Rønning",
            "Line Svendsen",
            "Kjetil Berge",
            "Maria Nguyen",
            "Vegard Holm",
            "Anne Grete Thorsen",
        ],
    ),
}
HR_PERSON = "Marte Lunde"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    name: str
    email: str


def email_for(name: str) -> str:
    ascii_name = (
        name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a").replace(" ", ".")
    )
    return f"{ascii_name}@{DOMAIN}"


def demo_logins() -> list[DemoLogin]:
    return [
        DemoLogin("HR", HR_PERSON, email_for(HR_PERSON)),
        DemoLogin("Leder (Oppvekst og kultur)", "Sigrid Bakken", email_for("Sigrid Bakken")),
        DemoLogin("Medarbeider (leder: Sigrid Bakken)", "Nora Haugen", email_for("Nora Haugen")),
        DemoLogin(
            "Medarbeider (leder: Anders Strand)", "Kristin Jensen", email_for("Kristin Jensen")
        ),
        DemoLogin("Kommunedirektør (leder for lederne)", CHIEF, email_for(CHIEF)),
    ]


def _person(name: str, unit: Unit, leader: Person | None) -> Person:
    person, created = Person.objects.update_or_create(
        email=email_for(name),
        defaults={"full_name": name, "unit": unit, "leader": leader, "is_hr": name == HR_PERSON},
    )
    if created:
        person.set_password(DEMO_PASSWORD)
        person.save(update_fields=["password"])
    return person


def _history(person: Person, rng: random.Random) -> None:
    """One to three earlier responses per instrument, drifting a little upwards."""
    if Response.objects.filter(person=person).exists():
        return
    # Figures are over closed quarters: the latest round falls in the last one that ended.
    last_closed = quarter_ends(timezone.localdate())[0]
    for instrument in definitions.available_to(is_leader=person.is_leader):
        if instrument.key == "karrierebevissthet" and rng.random() < 0.35:
            continue
        rounds = rng.choice([1, 2, 2, 3])
        base = {d.key: rng.uniform(2.2, 4.3) for d in instrument.dimensions}
        for round_index in range(rounds):
            days_before = 15 + 150 * (rounds - 1 - round_index) + rng.randint(0, 45)
            response = response_start(person=person, instrument=instrument)
            answers = {
                item.key: max(
                    1,
                    min(5, round(base[item.dimension_key] + 0.3 * round_index + rng.gauss(0, 0.7))),
                )
                for item in instrument.items
            }
            response_submit(response=response, answers=answers)
            Response.objects.filter(pk=response.pk).update(
                submitted_at=timezone.make_aware(
                    datetime.combine(last_closed - timedelta(days=days_before), time(10))
                )
            )
            if rng.random() < 0.7:
                lowest, highest = response.proposed_focus()
                focus_areas_save(
                    response=response,
                    development=[
                        (item.key, _DEVELOPMENT_NOTES[i]) for i, item in enumerate(lowest)
                    ],
                    strengths=[(item.key, _STRENGTH_NOTES[i]) for i, item in enumerate(highest)],
                )
                # Earlier rounds only: the team's latest answers stay a group figure.
                if person.leader and round_index < rounds - 1 and rng.random() < 0.6:
                    response.refresh_from_db()
                    response.share_with_leader()


_DEVELOPMENT_NOTES = [
    "Tar det opp i neste oppfølgingssamtale og avtaler ett konkret tiltak.",
    "Setter av en halvtime hver fredag til å reflektere over uka.",
]
_STRENGTH_NOTES = [
    "Vil bruke dette mer bevisst når vi får nye kolleger.",
    "Kan dele erfaringene mine på et personalmøte.",
]


@transaction.atomic
def load_demo(seed: int = 2026) -> list[DemoLogin]:
    root, _ = Unit.objects.get_or_create(name=ORGANISATION, parent=None)
    chief = _person(CHIEF, root, None)
    people = [chief]
    for unit_name, (leader_name, members) in UNITS.items():
        unit, _ = Unit.objects.get_or_create(name=unit_name, parent=root)
        leader = _person(leader_name, unit, chief)
        people.append(leader)
        people.extend(_person(name, unit, leader) for name in members)
    for person in people:
        # One generator per person: a second run makes the same choices, so it adds nothing.
        # Demo data wants repeatable choices, not secrets (bandit B311).
        _history(person, random.Random(f"{seed}:responses:{person.email}"))  # nosec B311
        load_worksheets(person, random.Random(f"{seed}:worksheets:{person.email}"))  # nosec B311
    hr = Person.objects.get(email=email_for(HR_PERSON))
    load_conversations(hr, seed, showcase=frozenset(login.email for login in demo_logins()))
    load_expectations(hr, seed)
    _inbox()
    load_pulse(seed)
    # Upward feedback and 180° (issue #15): a closed round for Sigrid Bakken.
    load_feedback(Person.objects.get(email=email_for("Sigrid Bakken")), seed)
    return demo_logins()


def _inbox() -> None:
    """What happened while the demo year was made is history: read, and not e-mailed. Then
    a few fresh items for the demo logins, so their inbox and header count show something.
    Each is made once (its once_key), so a second run adds nothing."""
    now = timezone.now()
    if not Notification.objects.filter(once_key__startswith="demo:").exists():
        Notification.objects.filter(read_at__isnull=True).update(read_at=now)
        Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=now)
    nora = Person.objects.get(email=email_for("Nora Haugen"))
    sigrid = Person.objects.get(email=email_for("Sigrid Bakken"))
    kristin = Person.objects.get(email=email_for("Kristin Jensen"))
    record = ConversationRecord.objects.live().filter(employee=nora, leader=sigrid).first()
    upcoming = record.follow_ups.upcoming().first() if record else None
    follow_up_url = upcoming.get_absolute_url() if upcoming else "/samtaler/"
    goals_url = reverse("conversations:record_goals", args=[record.uuid]) if record else "/"
    shared = Response.objects.filter(person=nora, submitted_at__isnull=False).first()
    items = [
        (nora, Kind.WELCOME, None, reverse("home"), 26),
        (nora, Kind.FOLLOW_UP_MOVED, sigrid, follow_up_url, 20),
        (nora, Kind.GOAL_AGREED, sigrid, goals_url, 3),
        (sigrid, Kind.PREPARATION_READY, nora, follow_up_url, 5),
        (sigrid, Kind.GOAL_PROPOSED, nora, goals_url, 30),
        (kristin, Kind.WELCOME, None, reverse("home"), 48),
    ]
    if shared is not None:
        if not shared.is_shared_with_current_leader:
            shared.share_with_leader()
        items.append((sigrid, Kind.SHARED, nora, shared.get_absolute_url(), 50))
    for n, (person, kind, actor, url, hours_ago) in enumerate(items):
        made = notify(person=person, kind=kind, url=url, actor=actor, once_key=f"demo:{n}")
        if made is not None:
            made_at = now - timedelta(hours=hours_ago)
            Notification.objects.filter(pk=made.pk).update(created_at=made_at, emailed_at=now)


DEMO_CODES = 10


def demo_backup_codes() -> list[str]:
    """Backup codes for the demo's HR person, so HR's pages can be tried without a phone
    (HR must sign in with a second factor). The codes are stored like anyone's backup codes:
    single use, and topped up to ten each time the demo command runs. An authenticator app
    can still be added under Sikkerhet."""
    hr = Person.objects.get(email=email_for(HR_PERSON))
    device, _created = StaticDevice.objects.get_or_create(user=hr, name="backup")
    missing = DEMO_CODES - device.token_set.count()
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=StaticToken.random_token()) for _ in range(missing)
    )
    return sorted(device.token_set.values_list("token", flat=True))
