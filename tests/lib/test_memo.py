"""Per-request lookups (aktiv/lib/memo.py): asked once in a request, never kept beyond it,
and forgotten when the looked-up row is saved."""

from datetime import date

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from aktiv.conversations.models import Period
from aktiv.lib.memo import request_memo
from aktiv.people.models import OrganisationSettings

pytestmark = pytest.mark.django_db


def in_request(view):
    """Run view(request) inside the memo middleware, as a real request is."""
    return request_memo(view)(RequestFactory().get("/"))


def period(name: str, year: int) -> Period:
    return Period.objects.create(name=name, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31))


def test_the_current_period_is_read_once_a_request():
    today = date.today()
    made = period("I år", today.year)
    seen = []

    def view(request):
        with CaptureQueriesContext(connection) as queries:
            seen.extend([Period.objects.current(), Period.objects.current()])
        seen.append(len(queries))
        return HttpResponse()

    in_request(view)
    assert seen == [made, made, 1]


def test_outside_a_request_every_call_asks(django_assert_num_queries):
    period("I år", date.today().year)
    with django_assert_num_queries(2):
        Period.objects.current()
        Period.objects.current()


def test_a_period_saved_in_the_request_is_read_again():
    today = date.today()
    old = period("Gammel", today.year - 1)
    answers = []

    def view(request):
        answers.append(Period.objects.current())  # none covers today yet
        old.ends_on = date(today.year + 1, 1, 1)
        old.save()
        answers.append(Period.objects.current())
        old.delete()
        answers.append(Period.objects.current())
        return HttpResponse()

    in_request(view)
    assert answers[0] is None
    assert answers[1].name == "Gammel"
    assert answers[2] is None


def test_a_filtered_or_dated_question_is_never_memoised():
    today = date.today()
    this = period("I år", today.year)
    last = period("I fjor", today.year - 1)
    answers = []

    def view(request):
        answers.append(Period.objects.current())
        answers.append(Period.objects.current(date(today.year - 1, 6, 1)))
        answers.append(Period.objects.exclude(pk=this.pk).current())
        return HttpResponse()

    in_request(view)
    assert answers == [this, last, None]


def test_two_requests_do_not_share():
    counts = []

    def view(request):
        counts.append(OrganisationSettings.current().retention_months)
        return HttpResponse()

    in_request(view)
    settings = OrganisationSettings.current()
    settings.retention_months = 7
    settings.save()
    in_request(view)
    assert counts[1] == 7 and counts[0] != 7


def test_settings_saved_in_the_request_are_read_again():
    seen = []

    def view(request):
        first = OrganisationSettings.current()
        seen.append(first.retention_months)
        fresh = OrganisationSettings.objects.get_or_create(pk=1)[0]
        fresh.retention_months = 9
        fresh.save()
        seen.append(OrganisationSettings.current().retention_months)
        return HttpResponse()

    in_request(view)
    assert seen[1] == 9
