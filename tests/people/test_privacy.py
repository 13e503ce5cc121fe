"""Erasing a person who has left, and the retention period for conversation content."""

from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from aktiv.assessments.models import Response
from aktiv.audit.models import ActionEntry
from aktiv.conversations.models import ConversationRecord, FollowUp, Period
from aktiv.lib.dates import add_months
from aktiv.lib.privacy import registered
from aktiv.people.models import OrganisationSettings
from aktiv.people.privacy import person_erase, retention_apply
from aktiv.reflections.models import Worksheet

from ..conftest import client_for
from ..factories import submitted_response
from .helpers import everything_about, models_pointing_at_person


def test_add_months_clamps_the_day():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -24) == date(2024, 1, 15)
    assert add_months(date(2026, 2, 28), -1, keep_month_end=True) == date(2026, 1, 31)


def test_hr_erases_a_person_who_has_left(org):
    submitted_response(org.employee, "aktivt-medarbeiderskap", 3)
    Worksheet.objects.create(person=org.employee, tool_key="tre-sporsmal", data={"who": "x"})
    period = Period.objects.create(name="p", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    ConversationRecord.objects.create(period=period, employee=org.employee, leader=org.leader)
    hr = client_for(org.hr)
    # Still employed: refused, nothing deleted.
    assert hr.post(reverse("hr_erase", args=[org.employee.uuid])).status_code == 404
    org.employee.is_active = False
    org.employee.save()
    assert "Emma Medarbeider" in hr.get(reverse("hr_privacy")).content.decode()
    assert hr.post(reverse("hr_erase", args=[org.employee.uuid])).status_code == 302
    org.employee.refresh_from_db()
    assert org.employee.full_name == "Slettet person"
    assert org.employee.email.endswith("@slettet.invalid")
    assert not org.employee.has_usable_password()
    assert not Response.objects.exists() and not Worksheet.objects.exists()
    assert not ConversationRecord.objects.exists()
    assert ActionEntry.objects.filter(actor=org.hr, action="person_erase").exists()
    assert "Emma Medarbeider" not in hr.get(reverse("hr_privacy")).content.decode()


def test_every_model_about_a_person_is_erased_or_excused():
    erased = {label for part in registered() for label in part.erased}
    not_erased = {label for part in registered() for label in part.not_erased}
    about_people = models_pointing_at_person(include_auto_created=True)
    assert about_people - erased - not_erased == set(), (
        "add new models to their app's privacy.py: erase the person's rows or say why not"
    )


def test_every_declared_model_exists():
    """A renamed or removed model must not leave a stale excuse behind."""
    declared = {
        label
        for part in registered()
        for labels in (part.not_exported, part.erased, part.not_erased)
        for label in labels
    }
    models = {model._meta.label_lower for model in apps.get_models(include_auto_created=True)}
    assert declared - models == set()


def _rows(labels: set[str]) -> dict[str, set[object]]:
    return {
        label: set(apps.get_model(label)._base_manager.values_list("pk", flat=True))
        for label in labels
    }


def test_erasure_deletes_the_persons_rows_in_every_model_it_declares(org):
    erased = {label for part in registered() for label in part.erased}
    everything_about(org.colleague, hr=org.hr)
    others = _rows(erased)
    everything_about(org.employee, hr=org.hr)
    mine = {label: pks - others[label] for label, pks in _rows(erased).items()}
    assert {label for label, pks in mine.items() if not pks} == set(), "give the person rows here"
    org.employee.is_active = False
    org.employee.save()

    person_erase(person=org.employee, actor=org.hr)

    left = _rows(erased)
    assert {label for label in erased if mine[label] & left[label]} == set(), "not erased"
    assert {label for label in erased if others[label] - left[label]} == set(), "not theirs"


def test_retention_deletes_old_periods_only(org):
    today = timezone.localdate()
    old = Period.objects.create(
        name="gammel", starts_on=date(2020, 1, 1), ends_on=date(2020, 12, 31)
    )
    recent = Period.objects.create(
        name="ny", starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31)
    )
    old_record = ConversationRecord.objects.create(
        period=old, employee=org.employee, leader=org.leader
    )
    FollowUp.objects.create(record=old_record, scheduled_at=timezone.now(), shared_notes="gammelt")
    ConversationRecord.objects.create(period=recent, employee=org.employee, leader=org.leader)
    assert retention_apply() == 1
    assert list(ConversationRecord.objects.values_list("period__name", flat=True)) == ["ny"]
    assert not FollowUp.objects.exists()


def test_hr_sets_the_retention_period(org):
    hr = client_for(org.hr)
    assert hr.post(reverse("hr_privacy"), {"retention_months": "36"}).status_code == 302
    assert OrganisationSettings.current().retention_months == 36


@pytest.mark.parametrize("value", ["0", "121", "tre", ""])
def test_bad_retention_is_refused(org, value):
    result = client_for(org.hr).post(reverse("hr_privacy"), {"retention_months": value})
    assert result.status_code == 400
    assert OrganisationSettings.current().retention_months == 24


def test_only_hr(org):
    for person in (org.employee, org.leader, org.admin):
        assert client_for(person).get(reverse("hr_privacy")).status_code == 404
        assert (
            client_for(person).post(reverse("hr_privacy"), {"retention_months": "1"}).status_code
            == 404
        )
    assert OrganisationSettings.current().retention_months == 24
