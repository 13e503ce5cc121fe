"""No query can join a pulse answer to a person (docs/privacy.md, "The team pulse").

An answer row holds the round, a unit and the values: no key to a person, no time, no
sequence. The participation row holds the round and the person: no key to an answer. And
the database's own order gives nothing away: each submission writes its unit's answers
again in a random order with new random ids."""

from __future__ import annotations

import json
import uuid

from django.db import connection, models
from django.urls import reverse

from aktiv.people.models import Person
from aktiv.pulse.models import Answer, Participation

from ..conftest import client_for
from ..factories import PersonFactory
from .helpers import full_answers, open_round


def test_an_answer_has_no_field_that_points_at_a_person_or_a_time():
    related = {f.name: f.related_model for f in Answer._meta.concrete_fields if f.is_relation}
    assert Person not in related.values()
    assert set(related) == {"round", "unit"}
    assert not [
        f
        for f in Answer._meta.concrete_fields
        if isinstance(f, models.DateField | models.TimeField)
    ]
    # No auto-increment: the primary key is a random UUID.
    assert isinstance(Answer._meta.pk, models.UUIDField)
    assert Answer._meta.pk.default is uuid.uuid4


def test_participation_shares_nothing_with_answers_but_the_round():
    answer_fields = {f.column for f in Answer._meta.concrete_fields}
    participation_fields = {f.column for f in Participation._meta.concrete_fields}
    assert answer_fields & participation_fields == {"id", "round_id"}
    assert isinstance(Participation._meta.pk, models.UUIDField)
    assert not [f for f in Participation._meta.concrete_fields if f.related_model is Answer]
    assert not [f for f in Answer._meta.concrete_fields if f.related_model is Participation]
    assert not [
        f
        for f in Participation._meta.concrete_fields
        if isinstance(f, models.DateField | models.TimeField)
    ]
    # Nothing else in the project points at an answer either.
    assert not [rel for rel in Answer._meta.related_objects]


def _submit(person, round_, value_marker: int) -> None:
    answers = full_answers(3)
    answers["innsats-mye"] = 1 + value_marker % 5
    answers["innsats-ekstra"] = 1 + (value_marker // 5) % 5
    response = client_for(person).post(
        reverse("pulse:submit", args=[round_.uuid]), {k: str(v) for k, v in answers.items()}
    )
    assert response.status_code == 302


def test_each_submission_rewrites_the_units_answers_with_new_ids(org):
    round_ = open_round()
    _submit(org.employee, round_, 0)
    first_ids = set(Answer.objects.values_list("id", flat=True))
    _submit(org.colleague, round_, 1)
    second_ids = set(Answer.objects.values_list("id", flat=True))
    assert len(second_ids) == 2
    assert first_ids.isdisjoint(second_ids)


# The database's own order of rows: SQLite's hidden rowid, PostgreSQL's physical place.
ROW_ORDER = {"sqlite": "rowid", "postgresql": "ctid"}


def test_the_databases_row_order_does_not_follow_the_order_of_submissions(org):
    """Twenty people with different marks answer in turn; the table's own order (SQLite's
    rowid, PostgreSQL's ctid) is not the order they answered in (a chance of 1 in 20! of a
    false failure)."""
    round_ = open_round()
    people = [PersonFactory.create(unit=org.unit) for _ in range(20)]
    for n, person in enumerate(people):
        _submit(person, round_, n)
    order = ROW_ORDER[connection.vendor]
    table = Answer._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "values" FROM {table} ORDER BY {order}')  # noqa: S608
        rows = [row[0] for row in cursor.fetchall()]
    marks = []
    for values in rows:
        data = json.loads(values) if isinstance(values, str) else values
        marks.append((data["innsats-mye"] - 1) + 5 * (data["innsats-ekstra"] - 1))
    assert sorted(marks) == list(range(20))
    assert marks != list(range(20))
    assert marks != list(reversed(range(20)))
    # Every participation is there, and none says anything about an answer.
    participants = Participation.objects.filter(round=round_).values_list("person_id", flat=True)
    assert sorted(participants) == sorted(p.pk for p in people)
