"""The demo's expectations: HR has published the defaults (seed 000), most people have read
and acknowledged them, and HR has answered the five questions once."""

from __future__ import annotations

import random

from aktiv.people.models import Person

from . import services
from .models import SelfCheck

SELF_CHECK = {
    "q1": "Delvis. Forventningene står i personalhåndboka, men få kjenner dem.",
    "q2": "Lederne kjenner de fire jobbene etter lederprogrammet i vår.",
    "q3": "Mange venter fortsatt på at lederen tar initiativ til utvikling.",
    "q4": "Vi trenger å øve mer på coachende samtaler.",
    "q5": "Ja, nå: målsamtale, månedlig oppfølging og evaluering i Aktiv.",
}


def load_expectations(hr: Person, seed: int = 2026) -> None:
    if services.current_published() is None:
        draft = services.draft_start(actor=hr)
        services.version_publish(draft=draft, actor=hr)
    version = services.current_published()
    if version is None:  # publishing failed validation: nothing to acknowledge
        return
    for person in Person.objects.filter(is_active=True).order_by("email"):
        rng = random.Random(f"{seed}:expectations:{person.email}")  # nosec B311
        if rng.random() < 0.7:
            services.acknowledgement_record(person=person, version=version)
    if not SelfCheck.objects.exists():
        services.self_check_save(actor=hr, answers=SELF_CHECK)
