"""The demo's pulse history (called by home/demo.py): three closed rounds, one a quarter, with
anonymous answers from most of each unit, an open round to try, and sick-leave figures per
unit and month for the same three quarters. Idempotent: rounds are matched by name, figures
by unit and month."""

from __future__ import annotations

import calendar
import random
import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.insights.figures import quarter_ends
from aktiv.people.models import Person, Unit

from . import definitions
from .models import Answer, Participation, Round, SickLeave
from .results import quarter_label, quarter_of

# Per unit: the level of each driver in the oldest round, the change per round, the share of
# people who answer, and the sick leave (percent) in the oldest quarter and its change.
PROFILES: dict[str, tuple[dict[str, float], float, float, float, float]] = {
    "Helse og omsorg": ({"lederstotte": 2.9, "jobbautonomi": 2.7}, -0.2, 0.9, 8.5, 1.0),
    "Oppvekst og kultur": ({"kollegastotte": 4.3, "identitet": 4.2}, 0.0, 0.8, 6.0, -0.2),
    "Teknisk drift": ({"maal-resultat": 2.8, "talentutnyttelse": 3.1}, 0.25, 0.8, 6.5, -0.8),
    "Stab og støtte": ({}, 0.0, 0.6, 3.2, 0.1),
}
BASE = 3.7


def _value(rng: random.Random, level: float) -> int:
    return max(1, min(5, round(rng.gauss(level, 0.8))))


def _round(name: str, opens_on: date, closes_on: date) -> tuple[Round, bool]:
    existing = Round.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    return Round.objects.create(
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        pulse_version=definitions.latest().version,
        invited_at=timezone.now(),
    ), True


def _answers(round_: Round, step: int, rng: random.Random) -> None:
    pulse = definitions.get(round_.pulse_version)
    answers, participants = [], []
    for unit in Unit.objects.filter(name__in=PROFILES):
        levels, trend, share, _sick, _change = PROFILES[unit.name]
        for person in Person.objects.filter(unit=unit, is_active=True).order_by("pk"):
            if rng.random() > share:
                continue
            participants.append(Participation(round=round_, person=person))
            values = {}
            for driver in pulse.drivers:
                level = levels.get(driver.key, BASE) + trend * step
                for item in driver.items:
                    values[item.key] = _value(rng, level)
            answers.append(Answer(id=uuid.uuid4(), round=round_, unit=unit, values=values))
    rng.shuffle(answers)
    rng.shuffle(participants)
    Participation.objects.bulk_create(participants)
    Answer.objects.bulk_create(answers)


def _sick_leave(quarter_end: date, step: int, rng: random.Random) -> None:
    for unit in Unit.objects.filter(name__in=PROFILES):
        _levels, _trend, _share, sick, change = PROFILES[unit.name]
        people = Person.objects.filter(unit=unit, is_active=True).count()
        for month in range(quarter_end.month - 2, quarter_end.month + 1):
            first = date(quarter_end.year, month, 1)
            last = date(quarter_end.year, month, calendar.monthrange(first.year, month)[1])
            possible = Decimal(people * 21)
            percent = max(0.5, sick + change * step + rng.uniform(-0.8, 0.8))
            lost = possible * Decimal(str(round(percent, 1))) / 100
            own = (lost * Decimal("0.3")).quantize(Decimal("0.1"))
            SickLeave.objects.get_or_create(
                unit=unit,
                starts_on=first,
                ends_on=last,
                defaults={
                    "possible_days": possible,
                    "self_certified_days": own,
                    "doctor_certified_days": (lost - own).quantize(Decimal("0.1")),
                    "head_count": people,
                },
            )


def load_pulse(seed: int) -> None:
    today = timezone.localdate()
    # Demo data wants repeatable choices, not secrets (bandit B311).
    rng = random.Random(f"{seed}:pulse")  # nosec B311
    for step, end in enumerate(reversed(quarter_ends(today, 3))):
        name = _("Puls %(quarter)s") % {"quarter": quarter_label(quarter_of(end))}
        round_, created = _round(name, end - timedelta(days=20), end - timedelta(days=6))
        if created:
            _answers(round_, step, rng)
        _sick_leave(end, step, rng)
    name = _("Puls %(quarter)s") % {"quarter": quarter_label(quarter_of(today))}
    _round(name, today - timedelta(days=2), today + timedelta(days=12))
