from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from aktiv.lib.validation import check_lengths
from aktiv.people.models import Person

from .models import CompetenceArea, CompetenceChange, CompetenceProfile


def profile_for(person: Person) -> CompetenceProfile:
    """The person's profile, made on the first write."""
    profile, _ = CompetenceProfile.objects.get_or_create(person=person)
    return profile


def profile_of(person: Person) -> CompetenceProfile:
    """The person's profile to read: unsaved and empty until they first add an area."""
    return CompetenceProfile.objects.filter(person=person).first() or CompetenceProfile(
        person=person
    )


def _check(values: dict[str, Any]) -> None:
    texts = ("name", "evidence", "acquired")
    check_lengths(CompetenceArea, **{name: values[name] for name in texts if name in values})


@transaction.atomic
def area_add(*, profile: CompetenceProfile, values: dict[str, Any]) -> CompetenceArea:
    _check(values)
    area = CompetenceArea.objects.create(profile=profile, **values)
    CompetenceChange.objects.create(area=area, action="added", snapshot=area.snapshot())
    profile.save(update_fields=["updated_at"])
    return area


@transaction.atomic
def area_change(*, area: CompetenceArea, values: dict[str, Any]) -> None:
    _check(values)
    for field, value in values.items():
        setattr(area, field, value)
    area.save()
    CompetenceChange.objects.create(area=area, action="changed", snapshot=area.snapshot())
    area.profile.save(update_fields=["updated_at"])


@transaction.atomic
def area_remove(*, area: CompetenceArea) -> None:
    """Removed areas leave the profile but stay in its history."""
    area.removed_at = timezone.now()
    area.save(update_fields=["removed_at", "updated_at"])
    CompetenceChange.objects.create(area=area, action="removed", snapshot=area.snapshot())
    area.profile.save(update_fields=["updated_at"])
