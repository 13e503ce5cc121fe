"""Filled-in worksheets for the demo organisation. Each is entered through the tool's own
form, exactly as a person would, so demo data is always valid data."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from aktiv.people.models import Person

from . import registry, services
from .models import Worksheet

# Form input per tool: one entry per version, oldest first.
DEMO_INPUT: dict[str, list[dict[str, Any]]] = {
    "selvledelse": [
        {
            "strengths": ["initiativ", "arbeidspress"],
            "demanding": ["prioritering", "forankring"],
            "improve": "Skrive ned ukas tre viktigste oppgaver hver mandag.",
            "help_needed": "Å prioritere når alt haster samtidig.",
        },
        {
            "strengths": ["initiativ", "prioritere", "arbeidspress"],
            "demanding": ["forankring"],
            "improve": "Avklare forventninger med de som har «aksjer» i oppgavene mine tidlig.",
            "help_needed": "Tydeligere rammer for hva jeg kan bestemme selv i prosjektet.",
            "bring_to_follow_up": "on",
        },
    ],
    "tre-sporsmal": [
        {
            "who": (
                "Jeg er opptatt av folk og av at ting blir gjort ordentlig. "
                "Familien og friluftsliv gir meg balanse."
            ),
            "can": (
                "Jeg er god til å se hva som trengs, og til å få ting til å skje sammen med andre."
            ),
            "want": "Jeg vil lære mer om veiledning og ta mer ansvar for nye kolleger.",
        },
    ],
    "kompetansereisen": [
        {
            "where_now": "Trygg i faget, men ny i rollen som fagansvarlig.",
            "where_been": "Fem år i tjenesten, to år i et digitaliseringsprosjekt.",
            "heading": "Mer koordinering og mindre egen saksbehandling.",
            "wish": "Leder et fagteam om tre år.",
            "what_it_takes": "Kurs i veiledning, og at lederen min gir meg ansvar for opplæringen.",
        },
    ],
    "prioritering": [
        {
            "task_1_title": "Svare på e-post og henvendelser",
            "task_1_today": "important_urgent",
            "task_1_should": "urgent_not_important",
            "task_2_title": "Planlegge neste halvår",
            "task_2_today": "neither",
            "task_2_should": "important_not_urgent",
            "task_3_title": "Oppfølging av nye kolleger",
            "task_3_today": "urgent_not_important",
            "task_3_should": "important_not_urgent",
            "task_4_title": "Rapportering til ledelsen",
            "task_4_today": "important_urgent",
            "task_4_should": "important_urgent",
            "less": "Sjekke e-post hele dagen; to faste tider holder.",
            "more": "Sette av tid til planlegging hver uke.",
            "clarify": "Hva som er viktigst av prosjektene når fristene kolliderer.",
        },
    ],
    "fire-jobber": [
        {
            "today_deliver": 70,
            "today_improve": 15,
            "today_develop_people": 10,
            "today_develop_self": 5,
            "should_deliver": 45,
            "should_improve": 20,
            "should_develop_people": 25,
            "should_develop_self": 10,
            "more": "Faste oppfølgingssamtaler med hver medarbeider.",
            "less": "Løse oppgaver selv som andre i teamet kan gjøre.",
            "first_step": "Sette opp månedlige oppfølgingssamtaler for hele teamet.",
        },
    ],
    "karriereposisjon": [
        {
            "rating_adapt-1": 3,
            "rating_adapt-2": 2,
            "rating_adapt-3": 3,
            "rating_adapt-4": 2,
            "rating_adapt-5": 3,
            "self_awareness": "3,2",
            "adaptability": "2,6",
            "reflection": (
                "Jeg vet hva jeg vil, men blir lett stående på stedet hvil når ting endrer seg."
            ),
        },
        {
            "rating_adapt-1": 4,
            "rating_adapt-2": 3,
            "rating_adapt-3": 4,
            "rating_adapt-4": 3,
            "rating_adapt-5": 4,
            "self_awareness": "3,8",
            "adaptability": "3,6",
            "reflection": "Prosjektet i høst ga meg mer tro på at jeg takler endringer.",
            "towards_proactive": "Be om å få lede neste forbedringsprosjekt.",
        },
    ],
    "kan-liker": [
        {
            "can": "Sykepleie\nVeiledning av studenter\nKvalitetsarbeid",
            "like": "Å lære bort\nSystemer som virker\nMøte mennesker",
            "needs": "Flere veiledere for nyansatte\nBedre rutiner for pasientforløp",
            "core": ["Veiledning av studenter", "Å lære bort"],
            "meaning": "Et mål om å ta ansvar for opplæringen av nyansatte.",
        },
    ],
    "kjernekvadranten": [
        {
            "core_quality": "Besluttsomhet",
            "pitfall": "Pågåenhet",
            "challenge": "Tålmodighet",
            "allergy": "Passivitet",
            "notice_pitfall": "Når møtene drar ut og jeg vil ha en beslutning.",
            "practice": "Å spørre hva de andre trenger før jeg konkluderer.",
        },
    ],
}


def _without(values: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k != key}


def _as_post(values: dict[str, Any]) -> QueryDict:
    post = QueryDict(mutable=True)
    for key, value in values.items():
        if isinstance(value, list):
            post.setlist(key, [str(v) for v in value])
        else:
            post[key] = str(value)
    return post


def load_worksheets(person: Person, rng: random.Random) -> None:
    """Some finished worksheets with history for about half of the people."""
    if Worksheet.objects.filter(person=person).exists() or rng.random() < 0.45:
        return
    now = timezone.now()
    for tool in registry.available_to(is_leader=person.is_leader):
        versions = DEMO_INPUT.get(tool.key)
        if not versions or rng.random() < 0.3:
            continue
        for index, values in enumerate(versions):
            worksheet = services.worksheet_start(person=person, tool=tool)
            # Like a person: save first (some choices, e.g. KAN–LIKER's core area, are made
            # among what was saved), then mark done.
            for completing in (False, True):
                form = tool.form_class(
                    _as_post(values if completing else _without(values, "core")),
                    tool=tool,
                    person=person,
                    initial=tool.form_class.initial_from(worksheet.data),
                    completing=completing,
                )
                if not form.is_valid():
                    raise ValueError(f"demo input for {tool.key}: {form.errors.as_text()}")
                services.worksheet_save(worksheet=worksheet, data=form.to_data(), done=completing)
            when = now - timedelta(days=30 * (len(versions) - index) * 4 + rng.randint(0, 25))
            data = worksheet.data | (
                {"saved_on": when.date().isoformat()} if "saved_on" in worksheet.data else {}
            )
            Worksheet.objects.filter(pk=worksheet.pk).update(
                created_at=when, completed_at=when, data=data
            )
            if person.leader and rng.random() < 0.5:
                worksheet.share_with_leader()
