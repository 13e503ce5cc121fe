"""Erasing a person who has left, and the retention period for conversation content."""

from datetime import date, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aktiv.assessments.models import Response
from aktiv.audit.models import ActionEntry
from aktiv.conversations.models import ConversationRecord, FollowUp, Period
from aktiv.lib.dates import add_months
from aktiv.lib.privacy import registered
from aktiv.people import views as people_views
from aktiv.people.models import EmailChange, OrganisationSettings
from aktiv.people.privacy import login_history_prune, person_erase, retention_apply
from aktiv.people.tasks import apply_retention
from aktiv.reflections.models import Worksheet

from ..conftest import client_for
from ..factories import PASSWORD, PersonFactory, submitted_response
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


def test_erasure_leaves_the_name_and_address_in_no_table(org):
    """Every row of every table, read as text: the erased person's name and every address
    they had are gone (their sign-ins, their e-mail changes, the admin's log of them)."""
    employee = org.employee
    everything_about(employee, hr=org.hr)
    everything_about(org.colleague, hr=org.hr)
    Client().post(reverse("login"), {"username": employee.email, "password": "feil"})
    Client().post(reverse("login"), {"username": employee.email.upper(), "password": PASSWORD})
    LogEntry.objects.log_actions(
        user_id=org.admin.pk, queryset=[employee], action_flag=CHANGE, change_message="[]"
    )
    needles = {employee.full_name, employee.email, f"tidligere.{employee.email}"}
    assert _tables_holding(needles), "the test must find them before the erasure"
    employee.is_active = False
    employee.save()

    person_erase(person=employee, actor=org.hr)

    assert _tables_holding(needles) == set()
    # The colleague's login history and changes are theirs: still there.
    assert AccessLog.objects.filter(username=org.colleague.email).exists()
    assert EmailChange.objects.filter(person=org.colleague).exists()


def _tables_holding(needles: set[str]) -> set[tuple[str, str]]:
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for row in model._base_manager.values_list():
            text = " ".join(str(value) for value in row).casefold()
            found |= {
                (model._meta.label_lower, needle) for needle in needles if needle.casefold() in text
            }
    return found


def test_login_history_is_pruned_after_the_retention_period(org, settings):
    settings.LOGIN_HISTORY_DAYS = 90
    now = timezone.now()
    for days, username in ((91, "gammel@example.no"), (89, "ny@example.no")):
        seen = {"ip_address": "10.0.0.1", "user_agent": "x", "username": username}
        AccessLog.objects.create(**seen)
        AccessFailureLog.objects.create(**seen)
        AccessAttempt.objects.create(failures_since_start=1, **seen)
        for model in (AccessLog, AccessFailureLog, AccessAttempt):
            model.objects.filter(username=username).update(attempt_time=now - timedelta(days=days))
    apply_retention.call()
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        assert list(model.objects.values_list("username", flat=True)) == ["ny@example.no"]
    assert login_history_prune() == 0


def test_the_departed_are_paged_and_searched_at_a_constant_cost(
    org, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(people_views, "DEPARTED_PAGE", 3)
    hr = client_for(org.hr)
    url = reverse("hr_privacy")
    for n in range(2):
        PersonFactory.create(full_name=f"Avgått {n}", is_active=False)
    hr.get(url)  # the first request also writes the session
    with django_assert_num_queries(8) as small:
        hr.get(url)
    for n in range(2, 8):
        PersonFactory.create(full_name=f"Avgått {n}", is_active=False)
    with django_assert_num_queries(len(small.captured_queries)):
        page = hr.get(url).content.decode()
    assert "8 personer" in page and "Side 1 av 3" in page
    assert "Avgått 0" in page and "Avgått 3" not in page
    last = hr.get(url, {"side": "3"}).content.decode()
    assert "Avgått 6" in last and "Avgått 7" in last and "Avgått 0" not in last
    found = hr.get(url, {"q": "gått 5"}).content.decode()
    assert "1 person" in found and "Avgått 5" in found and "Avgått 4" not in found
    assert "Ingen personer passer med søket." in hr.get(url, {"q": "zzz"}).content.decode()
    assert hr.get(url, {"q": "x" * 201}).status_code == 400
