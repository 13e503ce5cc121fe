"""The demo organisation's employee conversations: a period in progress with organisation
and unit goals, personal goals at every stage, and follow-ups held and planned. Everything
goes through the same services a person's clicks do."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from aktiv.goals import services as goal_services
from aktiv.goals.models import Goal, PersonalGoal, PersonalGoalRevision
from aktiv.lib.dates import next_working_day, same_weekday_months_later
from aktiv.people.models import Person

from .evaluation import services as evaluation_services
from .evaluation.services import Assessment
from .goals import services as record_goal_services
from .models import AgreedAction, ConversationRecord, FollowUp, Period
from .services import period_create

ORGANISATION_GOALS = [
    (
        "Innbyggerne opplever gode og helhetlige tjenester",
        "Vi samarbeider på tvers av enheter slik at innbyggerne slipper å være budbringere.",
    ),
    (
        "Fjordvik er en attraktiv arbeidsgiver",
        "Vi beholder og utvikler folkene våre gjennom tydelige forventninger og god oppfølging.",
    ),
    (
        "Vi tar i bruk digitale løsninger som frigjør tid",
        "Digitalisering skal gi mer tid til det som krever mennesker.",
    ),
]

UNIT_GOALS = {
    "Oppvekst og kultur": [
        ("Alle elever opplever mestring hver uke", 0),
        ("Et felles opplegg for overgangen fra barnehage til skole", 0),
    ],
    "Helse og omsorg": [
        ("Færre avvik i legemiddelhåndteringen", 0),
        ("Nyansatte får en fadder og en plan de første tre månedene", 1),
    ],
    "Teknisk drift": [
        ("Vedlikeholdsetterslepet på kommunale bygg går ned", 0),
        ("Alle arbeidsordrer registreres digitalt", 2),
    ],
    "Stab og støtte": [
        ("Ledere får bedre styringsinformasjon hver måned", 2),
        ("Rekrutteringstiden kortes ned til åtte uker", 1),
    ],
}

PERSONAL_GOALS = [
    ("professional", "Ta videreutdanning i veiledning", "Fullført første modul innen sommeren"),
    ("professional", "Bli superbruker i det nye fagsystemet", "Kan lære opp kolleger"),
    ("personal", "Bedre balanse mellom jobb og fritid", "Går hjem til normal tid fire dager i uka"),
    ("professional", "Lede et forbedringsprosjekt i teamet", "Prosjektplan godkjent av lederen"),
    ("personal", "Si fra tidligere når arbeidsmengden blir for stor", "Tar det opp i oppfølgingen"),
]


def _period(hr: Person) -> Period:
    today = timezone.localdate()
    existing = Period.objects.current(today)
    if existing is not None:
        return existing
    return period_create(
        name=str(today.year),
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year, 12, 31),
        followup_interval_months=1,
        reminder_days_before=3,
        actor=hr,
    )


def _goals(period: Period, hr: Person) -> None:
    if Goal.objects.filter(period=period).exists():
        return
    top = [
        goal_services.goal_create(
            period=period, actor=hr, level=Goal.Level.ORGANISATION, title=title, description=text
        )
        for title, text in ORGANISATION_GOALS
    ]
    for unit_name, goals in UNIT_GOALS.items():
        leader = Person.objects.filter(unit__name=unit_name, direct_reports__isnull=False).first()
        if leader is None or leader.unit is None:
            continue
        for title, parent in goals:
            goal_services.goal_create(
                period=period,
                actor=leader,
                level=Goal.Level.UNIT,
                title=title,
                unit=leader.unit,
                parent=top[parent],
            )


def _goal_conversation_day(record: ConversationRecord, rng: random.Random) -> date:
    """Most pairs hold their goal conversation in January or February, on a working day."""
    day = record.period.starts_on + timedelta(days=rng.randint(9, 52))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return min(day, timezone.localdate())


def _backdate_goals(record: ConversationRecord, day: date) -> None:
    """The services stamp goals with today; history is moved to the day it happened."""
    moment = timezone.make_aware(datetime.combine(day, time(10)))
    PersonalGoal.objects.filter(record=record).update(created_at=moment - timedelta(days=7))
    PersonalGoal.objects.filter(record=record, agreed_at__isnull=False).update(agreed_at=moment)
    PersonalGoalRevision.objects.filter(goal__record=record).update(at=moment)


def _personal_goals(record: ConversationRecord, rng: random.Random, showcase: bool) -> None:
    # The demo's named logins always have agreed goals to show; others vary as people do.
    if record.goals.exists() or (not showcase and rng.random() < 0.15):
        return
    day = _goal_conversation_day(record, rng)
    serves = list(record_goal_services.serves_choices(record))
    for index in rng.sample(range(len(PERSONAL_GOALS)), rng.choice([1, 2, 2, 3])):
        kind, title, measure = PERSONAL_GOALS[index]
        goal = record_goal_services.personal_goal_create(
            record=record,
            actor=record.employee,
            kind=kind,
            title=title,
            description="",
            success_measure=measure,
            serves=rng.choice(serves) if serves and kind == "professional" else None,
        )
        stage = max(rng.random(), 0.5) if showcase else rng.random()
        if stage < 0.15:
            continue  # still a draft
        record_goal_services.personal_goal_propose(goal=goal, actor=record.employee)
        if stage < 0.3:
            continue  # waiting for the leader
        record_goal_services.personal_goal_agree(goal=goal, actor=record.leader)
        record_goal_services.personal_goal_progress(
            goal=goal, actor=record.employee, progress=rng.choice([10, 25, 40, 60, 75])
        )
    if rng.random() < 0.8:
        record_goal_services.record_notes_save(
            record=record,
            actor=record.leader,
            tasks_and_roles="Hovedansvar for egne oppgaver i teamet; fadder for nyansatte.",
            expectations_note="Si fra tidlig om noe stopper opp; vi tar det i oppfølgingen.",
        )
        record_goal_services.record_goal_conversation_held(
            record=record, actor=record.leader, held_on=max(day, record.period.starts_on)
        )
    _backdate_goals(record, day)


PREPARATION = {
    "q1": "Jeg ligger godt an med de faglige målene; videreutdanningen har stått litt stille.",
    "q2": "Vi har fått to nye kolleger, og jeg har brukt tid på opplæring.",
    "q3": "Jeg har lært mye av å veilede – og av å si nei til noen oppgaver.",
    "q4": "Fullføre modul 1 og planlegge overgangen til nytt fagsystem.",
    "q5": "Hjelp til å prioritere når det kommer nye oppgaver midt i måneden.",
    "q6": "",
}
LEADER_SUPPORT = [
    "Jeg tar en prat med de andre teamlederne om fordelingen.",
    "Jeg skjermer deg for nye saker de neste to ukene.",
    "Jeg setter av en time til å gå gjennom planen med deg.",
    "Jeg sjekker om vi kan få dekket kurset fra kompetansebudsjettet.",
    "Jeg tar opp arbeidsmengden i ledermøtet.",
]
# What the last follow-up agreed and is still open (employee's, then leader's).
OPEN_ACTIONS = [
    "Lage et utkast til plan for neste halvår",
    "Avklare med HR om permisjon til modul 2",
]
ACTIONS = [
    "Avklare hvilke oppgaver som kan vente til etter sommeren",
    "Melde seg på modul 1 i veiledning",
    "Sette opp et møte med fadderen for de nye kollegene",
]


def _follow_ups(record: ConversationRecord, rng: random.Random) -> None:
    """Monthly follow-ups from the period's start: held ones with preparation, notes and
    agreed actions, and the coming ones planned (made directly: history sends no e-mail)."""
    if record.follow_ups.exists() or rng.random() < 0.06:
        return  # a few pairs have not started at all: the team page flags them
    # Some pairs fell behind after the spring: nothing held or planned for weeks, actions open.
    behind = rng.random() < 0.15
    stop = record.period.starts_on + timedelta(days=rng.randint(100, 150)) if behind else None
    now = timezone.now()
    hour = rng.choice([9, 10, 13, 14])
    first = record.period.starts_on + timedelta(days=rng.randint(14, 40))
    while first.weekday() >= 5:  # a working day; the series keeps its weekday
        first += timedelta(days=1)
    series = timezone.make_aware(datetime.combine(first, time(hour)))
    last_held: FollowUp | None = None
    while series.date() <= record.period.ends_on:
        # The series keeps its weekday; a meeting on a holiday moves to the next working day.
        moment = next_working_day(series)
        if stop is not None and moment.date() > stop:
            break
        if moment < now and rng.random() < 0.93:
            follow_up = FollowUp.objects.create(
                record=record,
                scheduled_at=moment,
                status=FollowUp.Status.HELD,
                preparation=PREPARATION,
                prepared_at=moment - timedelta(days=2),
                shared_notes=(
                    "Gikk gjennom målene. Enige om å prioritere opplæringen denne måneden."
                ),
                leader_support=rng.choice(LEADER_SUPPORT),
                held_at=moment + timedelta(minutes=45),
            )
            if rng.random() < 0.5:
                AgreedAction.objects.create(
                    record=record,
                    follow_up=follow_up,
                    text=rng.choice(ACTIONS),
                    owner=rng.choice([record.employee, record.leader]),
                    due_on=(moment + timedelta(days=21)).date(),
                    # Most past actions are done; those of pairs behind stay open.
                    done_at=(
                        moment + timedelta(days=rng.randint(5, 20))
                        if not behind and rng.random() < 0.85
                        else None
                    ),
                    created_by=record.leader,
                )
            last_held = follow_up
        elif moment >= now:
            FollowUp.objects.create(record=record, scheduled_at=moment)
        series = same_weekday_months_later(series, record.period.followup_interval_months)
    if last_held is not None and not behind:
        # What the last follow-up agreed is still open: one action each, due soon.
        for owner, text in zip((record.employee, record.leader), OPEN_ACTIONS, strict=True):
            AgreedAction.objects.create(
                record=record,
                follow_up=last_held,
                text=text,
                owner=owner,
                due_on=max(last_held.scheduled_at.date(), timezone.localdate())
                + timedelta(days=14),
                created_by=record.leader,
            )


def _evaluation(record: ConversationRecord) -> None:
    """One evaluation held and confirmed by both, as at the end of a period."""
    evaluation = evaluation_services.evaluation_for(record)
    if evaluation.employee_confirmed_at:
        return
    goals = evaluation_services.agreed_goals(record)
    for actor, rating, comment in (
        (record.employee, "partly", "Godt i gang; modul 2 gjenstår."),
        (record.leader, "achieved", "Du har nådd det vi avtalte for i år."),
    ):
        evaluation_services.assessments_save(
            evaluation=evaluation,
            entries={str(goal.uuid): Assessment(rating, comment) for goal in goals},
            submit=True,
            actor=actor,
        )
    evaluation.refresh_from_db()
    evaluation_services.evaluation_texts_save(
        evaluation=evaluation,
        held_on=timezone.localdate() - timedelta(days=7),
        results="Ny rutine for overgang barnehage–skole er i bruk på alle trinn.",
        learning="Jeg har lært å si tydeligere fra når jeg trenger å prioritere.",
        competence_note="Veiledning av nyansatte (spiss), foreldresamarbeid (bredde).",
        actor=record.employee,
    )
    for actor in (record.employee, record.leader):
        evaluation.refresh_from_db()
        evaluation_services.evaluation_confirm(evaluation=evaluation, actor=actor)


def load_conversations(
    hr: Person, seed: int = 2026, showcase: frozenset[str] = frozenset()
) -> None:
    """`showcase`: the e-mails of the demo's named logins, whose pages should show a year
    in full (agreed goals among them)."""
    period = _period(hr)
    _goals(period, hr)
    for record in ConversationRecord.objects.filter(period=period).select_related(
        "employee", "leader", "period"
    ):
        rng = random.Random(f"{seed}:goals:{record.employee.email}")  # nosec B311
        _personal_goals(record, rng, record.employee.email in showcase)
        _follow_ups(record, random.Random(f"{seed}:follow-ups:{record.employee.email}"))  # nosec B311
    with_goals = (
        ConversationRecord.objects.filter(period=period, goals__state="agreed")
        .select_related("employee", "leader", "period")
        .order_by("employee__email")
        .first()
    )
    if with_goals is not None:
        _evaluation(with_goals)
