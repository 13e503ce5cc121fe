"""What upward feedback and the 180° view store about a person (aktiv/lib/privacy.py).

An upward answer is stored without any link to the person who gave it, so it cannot be
exported or erased as theirs: only that they answered a round is (UpwardParticipation)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from aktiv.lib.privacy import PersonData, iso

from .models import UpwardParticipation, UpwardRound, ViewRequest


def _export(person: Any) -> dict[str, Any]:
    requests = ViewRequest.objects.filter(Q(employee=person) | Q(leader=person)).select_related(
        "employee", "leader"
    )
    return {
        "feedback.upwardround": [
            {
                "id": str(r.uuid),
                "opened_on": iso(r.opened_on),
                "closed_on": iso(r.closed_on),
                "answers": r.submissions.count(),
            }
            for r in UpwardRound.objects.filter(leader=person)
        ],
        "feedback.upwardparticipation": [
            {"round_leader": p.round.leader.full_name, "round_opened_on": iso(p.round.opened_on)}
            for p in UpwardParticipation.objects.filter(person=person).select_related(
                "round__leader"
            )
        ],
        "feedback.viewrequest": [_request(r, person) for r in requests],
    }


def _request(request: ViewRequest, person: Any) -> dict[str, Any]:
    return {
        "id": str(request.uuid),
        "role": "employee" if request.employee_id == person.pk else "leader",
        "employee": request.employee.full_name,
        "leader": request.leader.full_name,
        "created_at": iso(request.created_at),
        "answered_at": iso(request.answered_at),
        "leader_answers": request.leader_values,
    }


def _erase(person: Any) -> None:
    ViewRequest.objects.filter(employee=person).delete()
    UpwardParticipation.objects.filter(person=person).delete()
    UpwardRound.objects.filter(leader=person).delete()


person_data = PersonData(
    export=_export,
    erase=_erase,
    erased=(
        "feedback.viewrequest",
        "feedback.upwardparticipation",
        "feedback.upwardround",
    ),
    not_erased={
        "feedback.viewrequest": "a leader's answers about another employee are that "
        "employee's; they stay with the employee's request",
        "feedback.upwardround": "rounds opened by HR name HR as opener only; the round is "
        "the leader's",
    },
)
