"""Demo data for upward feedback and the 180° view, called from `aktiv/home/demo.py`: a
closed upward round for one leader with enough answers to pass the gate, and one 180°
request that waits for that leader."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from aktiv.assessments.models import Response
from aktiv.people.models import Person

from . import definitions
from .models import UpwardParticipation, UpwardRound, UpwardSubmission, ViewRequest
from .services import EMPLOYEE_ASSESSMENT


def load_feedback(leader: Person, seed: int) -> None:
    """Idempotent: a leader who already has a round gets nothing more."""
    if UpwardRound.objects.filter(leader=leader).exists():
        return
    rng = random.Random(f"{seed}:upward:{leader.email}")  # nosec B311  (demo data)
    today = timezone.localdate()
    instrument = definitions.upward()
    round = UpwardRound.objects.create(
        leader=leader,
        opened_by=leader,
        instrument_version=instrument.version,
        opened_on=today - timedelta(days=40),
        closed_on=today - timedelta(days=26),
    )
    reports = list(leader.active_direct_reports().order_by("email"))
    answering = reports[:-1]  # all but one answered
    # The team sees the leader a little lower on power sharing than on relations.
    base = {d.key: rng.uniform(2.8, 4.2) for d in instrument.dimensions}
    UpwardParticipation.objects.bulk_create(
        UpwardParticipation(round=round, person=person) for person in answering
    )
    UpwardSubmission.objects.bulk_create(
        UpwardSubmission(
            round=round,
            values={
                item.key: max(1, min(5, round_half(base[item.dimension_key] + rng.gauss(0, 0.8))))
                for item in instrument.items
            },
        )
        for _person in answering
    )
    # One report has asked the leader for their view of them (180°); it waits for the leader.
    for person in reports[1:]:
        response = (
            Response.objects.owned_by(person).submitted().for_instrument(EMPLOYEE_ASSESSMENT)
        ).first()
        if response is not None:
            ViewRequest.objects.create(
                employee=person,
                leader=leader,
                response=response,
                instrument_version=definitions.one_eighty().version,
            )
            break


def round_half(value: float) -> int:
    return int(value + 0.5)
