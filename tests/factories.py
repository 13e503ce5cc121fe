from __future__ import annotations

import factory
from django.utils import timezone

from aktiv.assessments import definitions
from aktiv.assessments.models import Answer, Response
from aktiv.people.models import Person, Unit

PASSWORD = "riktig-hest-batteri-stift"


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Enhet {n}")


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    full_name = factory.Sequence(lambda n: f"Person Nummer{n}")
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password(PASSWORD)


def submitted_response(
    person: Person, key: str = "aktivt-medarbeiderskap", value: int | dict[str, int] = 3, **fields
) -> Response:
    """A submitted response with every item answered (one value for all, or per item)."""
    instrument = definitions.latest(key)
    response = Response.objects.create(
        person=person,
        instrument_key=key,
        instrument_version=instrument.version,
        status=Response.Status.SUBMITTED,
        submitted_at=fields.pop("submitted_at", timezone.now()),
        unit_at_submission=fields.pop("unit_at_submission", person.unit),
        leader_at_submission=fields.pop("leader_at_submission", person.leader),
        **fields,
    )
    values = value if isinstance(value, dict) else {i.key: value for i in instrument.items}
    Answer.objects.bulk_create(
        Answer(
            response=response, item_key=k, dimension_key=instrument.item(k).dimension_key, value=v
        )
        for k, v in values.items()
    )
    return response
