"""A synthetic organisation for benchmarks (`aktiv synth --people N`): a unit tree four levels
deep, leaders with 5 to 15 reports each, and two years of history (self-assessments with their
answers, conversation records, goals, follow-ups with actions, evaluations, two pulse rounds
and four quarters of sick leave). Everything is
written with bulk inserts in batches, so 100,000 people take minutes, not hours; the content
is plausible but meaningless, and every address ends in @synth.example.

Deterministic for a given seed. Not for a live organisation's database: it refuses to run
where synthetic people already exist unless asked to add more."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from django.db import models, transaction
from django.utils import timezone

from aktiv.assessments import definitions
from aktiv.assessments.models import Answer, Response
from aktiv.conversations.models import (
    AgreedAction,
    ConversationRecord,
    Evaluation,
    FollowUp,
    Period,
)
from aktiv.expectations.models import SECTION_FIELDS, Acknowledgement, ExpectationsVersion
from aktiv.expectations.services import defaults
from aktiv.goals.models import PersonalGoal
from aktiv.people.models import Person, Unit
from aktiv.pulse import definitions as pulse_definitions
from aktiv.pulse.models import Answer as PulseAnswer
from aktiv.pulse.models import Participation, Round, SickLeave

DOMAIN = "synth.example"
BATCH = 5_000
# Django's mark of an unusable password: nobody signs in as a synthetic person.
UNUSABLE = "!"  # nosec B105

M = TypeVar("M", bound=models.Model)


@dataclass
class Counts:
    units: int = 0
    people: int = 0
    responses: int = 0
    answers: int = 0
    records: int = 0
    goals: int = 0
    follow_ups: int = 0
    actions: int = 0
    evaluations: int = 0
    pulse_rounds: int = 0
    pulse_answers: int = 0
    sick_leave: int = 0
    acknowledgements: int = 0


def _batched(rows: Iterable[M]) -> Iterator[list[M]]:
    batch: list[M] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(model: type[M], rows: Iterable[M]) -> int:
    """Bulk insert in batches; returns how many rows."""
    total = 0
    for batch in _batched(rows):
        model._default_manager.bulk_create(batch, batch_size=BATCH)
        total += len(batch)
    return total


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 15))))


class Synth:
    def __init__(self, people: int, seed: int = 1) -> None:
        self.target = max(people, 20)
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311: made-up data, not secrets
        self.counts = Counts()
        self.today = timezone.localdate()

    # The organisation ---------------------------------------------------------------------

    def _person(self, n: int, unit: Unit, leader_id: int | None) -> Person:
        return Person(
            email=f"person{n}@{DOMAIN}",
            full_name=f"Syntetisk Person {n}",
            unit=unit,
            leader_id=leader_id,
            password=UNUSABLE,
        )

    def organisation(self) -> list[Person]:
        """Chief → sector leaders → department leaders → team leaders → team members, each
        group in its own unit, so the unit tree is four levels under the root."""
        rng = self.rng
        root = Unit.objects.create(name=f"Syntetisk organisasjon {self.target}")
        chief = self._person(0, root, None)
        chief.save()
        teams = max(1, self.target // 11)
        departments = max(1, teams // 8)
        sectors = max(1, departments // 6)
        sector_units = Unit.objects.bulk_create(
            Unit(name=f"Sektor {s}", parent=root) for s in range(sectors)
        )
        department_units = Unit.objects.bulk_create(
            Unit(name=f"Avdeling {d}", parent=sector_units[d % sectors]) for d in range(departments)
        )
        team_units = Unit.objects.bulk_create(
            Unit(name=f"Team {t}", parent=department_units[t % departments]) for t in range(teams)
        )
        self.counts.units = 1 + sectors + departments + teams
        n = 1
        sector_leaders = []
        for unit in sector_units:
            sector_leaders.append(self._person(n, unit, chief.pk))
            n += 1
        Person.objects.bulk_create(sector_leaders)
        department_leaders = []
        for d, unit in enumerate(department_units):
            department_leaders.append(self._person(n, unit, sector_leaders[d % sectors].pk))
            n += 1
        Person.objects.bulk_create(department_leaders)
        team_leaders = []
        for t, unit in enumerate(team_units):
            team_leaders.append(self._person(n, unit, department_leaders[t % departments].pk))
            n += 1
        Person.objects.bulk_create(team_leaders)
        members: list[Person] = []
        while n < self.target:
            t = len(members) % teams
            members.append(self._person(n, team_units[t], team_leaders[t].pk))
            n += 1
        for batch in _batched(members):
            Person.objects.bulk_create(batch)
        everyone = list(Person.objects.filter(email__endswith=f"@{DOMAIN}"))
        self.counts.people = len(everyone)
        rng.shuffle(everyone)
        return everyone

    # Self-assessments ---------------------------------------------------------------------

    def responses(self, people: list[Person]) -> None:
        """About three responses a person over two years, each with every item answered."""
        rng = self.rng
        everyone = definitions.latest("aktivt-medarbeiderskap")
        career = definitions.latest("karrierebevissthet")
        rows: list[Response] = []
        for person in people:
            for instrument, rounds in ((everyone, 2), (career, 1)):
                for _round in range(rounds):
                    day = self.today - timedelta(days=rng.randint(20, 700))
                    rows.append(
                        Response(
                            person_id=person.pk,
                            instrument_key=instrument.key,
                            instrument_version=instrument.version,
                            status=Response.Status.SUBMITTED,
                            submitted_at=_moment(day, rng),
                            unit_at_submission_id=person.unit_id,
                            leader_at_submission_id=person.leader_id,
                        )
                    )
        self.counts.responses = _insert(Response, rows)
        instruments = {everyone.key: everyone, career.key: career}
        answers = (
            Answer(
                response_id=pk,
                item_key=item.key,
                dimension_key=item.dimension_key,
                value=rng.randint(1, 5),
            )
            for pk, key in Response.objects.filter(person__email__endswith=f"@{DOMAIN}")
            .values_list("pk", "instrument_key")
            .iterator(chunk_size=BATCH)
            for item in instruments[key].items
        )
        self.counts.answers = _insert(Answer, answers)

    # The employee conversation ------------------------------------------------------------

    def periods(self) -> list[Period]:
        """Last year's period and this year's: an existing one where it covers the year."""
        found = []
        for year in (self.today.year - 1, self.today.year):
            first, last = date(year, 1, 1), date(year, 12, 31)
            period = Period.objects.filter(starts_on__lte=last, ends_on__gte=first).first()
            found.append(
                period
                or Period.objects.create(name=f"Syntetisk {year}", starts_on=first, ends_on=last)
            )
        return found

    def conversations(self, people: list[Person], periods: list[Period]) -> None:
        rng = self.rng
        led = [(p.pk, p.leader_id) for p in people if p.leader_id is not None]
        self.counts.records = _insert(
            ConversationRecord,
            (
                ConversationRecord(period=period, employee_id=employee, leader_id=leader)
                for period in periods
                for employee, leader in led
            ),
        )
        records = list(
            ConversationRecord.objects.filter(period__in=periods, employee__email__endswith=DOMAIN)
            .values_list("pk", "period__starts_on", "employee_id", "leader_id")
            .iterator(chunk_size=BATCH)
        )
        self.counts.goals = _insert(
            PersonalGoal,
            (
                PersonalGoal(
                    record_id=pk,
                    kind=PersonalGoal.Kind.PROFESSIONAL if g else PersonalGoal.Kind.PERSONAL,
                    title=f"Mål {g + 1}",
                    state=PersonalGoal.State.AGREED,
                    progress=rng.choice([0, 25, 50, 75, 100]),
                )
                for pk, _start, _employee, _leader in records
                for g in range(2)
            ),
        )
        self.counts.follow_ups = _insert(
            FollowUp,
            (
                FollowUp(
                    record_id=pk,
                    scheduled_at=_moment(start + timedelta(days=61 * m + 3), rng),
                    status=self._status(start + timedelta(days=61 * m + 3)),
                    held_at=_moment(start + timedelta(days=61 * m + 3), rng)
                    if start + timedelta(days=61 * m + 3) < self.today
                    else None,
                )
                for pk, start, _employee, _leader in records
                for m in range(6)
            ),
        )
        self.counts.actions = _insert(
            AgreedAction,
            (
                AgreedAction(
                    record_id=pk,
                    text="Et avtalt tiltak",
                    owner_id=employee if rng.random() < 0.7 else leader,
                    due_on=start + timedelta(days=rng.randint(30, 330)),
                )
                for pk, start, employee, leader in records
                if rng.random() < 0.6
            ),
        )
        now = timezone.now()
        self.counts.evaluations = _insert(
            Evaluation,
            (
                Evaluation(record_id=pk, employee_confirmed_at=now, leader_confirmed_at=now)
                for pk, start, _employee, _leader in records
                if start.year < self.today.year
            ),
        )

    def _status(self, day: date) -> str:
        return FollowUp.Status.HELD if day < self.today else FollowUp.Status.PLANNED

    # The team pulse and sick leave --------------------------------------------------------

    def pulse(self, people: list[Person]) -> None:
        """Two closed pulse rounds for everyone, answered by about 40 % (a participation row
        and an anonymous answer in the person's unit each), and each unit's sick leave for
        the last four closed quarters, as an import would store it."""
        rng = self.rng
        pulse = pulse_definitions.latest()
        items = [item.key for item in pulse.items]
        for days_ago in (100, 10):
            closes = self.today - timedelta(days=days_ago)
            round_ = Round.objects.create(
                name=f"Puls {closes:%Y-%m}",
                pulse_version=pulse.version,
                opens_on=closes - timedelta(days=14),
                closes_on=closes,
            )
            self.counts.pulse_rounds += 1
            answering = [p for p in people if p.unit_id is not None and rng.random() < 0.4]
            _insert(Participation, (Participation(round=round_, person=p) for p in answering))
            self.counts.pulse_answers += _insert(
                PulseAnswer,
                (
                    PulseAnswer(
                        round=round_,
                        unit_id=p.unit_id,
                        values={key: rng.randint(2, 5) for key in items},
                    )
                    for p in answering
                ),
            )
        members: dict[int, int] = {}
        for person in people:
            if person.unit_id is not None:
                members[person.unit_id] = members.get(person.unit_id, 0) + 1
        quarter = date(self.today.year, 3 * ((self.today.month - 1) // 3) + 1, 1)
        for _step in range(4):
            end = quarter - timedelta(days=1)
            quarter = date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
            self.counts.sick_leave += _insert(
                SickLeave,
                (
                    SickLeave(
                        unit_id=unit,
                        starts_on=quarter,
                        ends_on=end,
                        possible_days=count * 63,
                        self_certified_days=round(count * 63 * rng.uniform(0.01, 0.03), 1),
                        doctor_certified_days=round(count * 63 * rng.uniform(0.02, 0.06), 1),
                        head_count=count,
                    )
                    for unit, count in members.items()
                ),
            )

    # Everything ---------------------------------------------------------------------------

    def run(self) -> Counts:
        with transaction.atomic():
            people = self.organisation()
        with transaction.atomic():
            self.responses(people)
        periods = self.periods()
        with transaction.atomic():
            self.conversations(people, periods)
        with transaction.atomic():
            self.pulse(people)
        with transaction.atomic():
            self.expectations(people)
        return self.counts

    def expectations(self, people: list[Person]) -> None:
        """The seed's expectations published, and acknowledged by about 60 % (each in the
        unit they belong to), as HR's expectations page and start page would find them."""
        texts = defaults("nb")
        number = (ExpectationsVersion.objects.aggregate(n=models.Max("number"))["n"] or 0) + 1
        version = ExpectationsVersion.objects.create(
            number=number, published_at=timezone.now(), **{n: texts[n] for n in SECTION_FIELDS}
        )
        self.counts.acknowledgements += _insert(
            Acknowledgement,
            (
                Acknowledgement(version=version, person=person, unit_id=person.unit_id)
                for person in people
                if person.unit_id is not None and self.rng.random() < 0.6
            ),
        )
