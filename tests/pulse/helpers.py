from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from aktiv.people.models import Unit
from aktiv.pulse import definitions
from aktiv.pulse.models import Answer, Round


def full_answers(value: int = 4) -> dict[str, int]:
    return {item.key: value for item in definitions.latest().items}


def form_data(value: int = 4) -> dict[str, Any]:
    return {key: str(v) for key, v in full_answers(value).items()}


def open_round(*units: Unit, name: str = "Puls nå") -> Round:
    today = timezone.localdate()
    round_ = Round.objects.create(
        name=name, opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=7)
    )
    round_.units.set(units)
    return round_


def closed_round(*units: Unit, name: str = "Puls før", days_ago: int = 10) -> Round:
    today = timezone.localdate()
    round_ = Round.objects.create(
        name=name,
        opens_on=today - timedelta(days=days_ago + 10),
        closes_on=today - timedelta(days=days_ago),
    )
    round_.units.set(units)
    return round_


def add_answers(round_: Round, unit: Unit | None, count: int, value: int = 4) -> None:
    Answer.objects.bulk_create(
        Answer(id=uuid.uuid4(), round=round_, unit=unit, values=full_answers(value))
        for _ in range(count)
    )
