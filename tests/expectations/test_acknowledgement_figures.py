"""Who has acknowledged, per unit, is counted by the worker's sweep and stored: HR's pages read
the stored rows (no count over people or acknowledgements), say when they were counted, show
the same as counting now, and count anew when the threshold has changed since."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aktiv.expectations.models import AcknowledgementFigure, AcknowledgementRefresh
from aktiv.expectations.services import (
    acknowledgement_figures,
    acknowledgement_record,
    acknowledgements_by_unit,
    acknowledgements_refresh,
    draft_start,
    version_publish,
)
from aktiv.expectations.tasks import refresh_acknowledgements
from aktiv.lib import hooks
from aktiv.people.models import Person, Unit
from aktiv.people.units import build_tree

from ..conftest import client_for
from ..factories import PersonFactory


def _publish(actor: Person):
    draft = draft_start(actor=actor)
    version_publish(draft=draft, actor=actor)
    return draft


def _school(version, size: int, acknowledged: int) -> Unit:
    root = Unit.objects.create(name="Kommunen")
    school = Unit.objects.create(name="Skole", parent=root)
    people = [PersonFactory.create(unit=school) for _ in range(size)]
    for person in people[:acknowledged]:
        acknowledgement_record(person=person, version=version)
    return school


def _manage(org, **params) -> tuple[str, list[str]]:
    client = client_for(org.hr)
    url = reverse("expectations:manage")
    client.get(url, params)  # the first request also writes the session
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, params).content.decode()
    return page, [query["sql"] for query in queries.captured_queries]


def test_the_page_reads_the_stored_counts_until_the_next_refresh(org, settings):
    settings.ANONYMITY_THRESHOLD = 3
    version = _publish(org.hr)
    school = _school(version, size=8, acknowledged=4)
    assert refresh_acknowledgements in hooks.sweep_tasks()
    refresh_acknowledgements.call()

    # Acknowledged after the count: not on the page until the sweep counts again.
    late = PersonFactory.create(unit=school)
    acknowledgement_record(person=late, version=version)
    page, queries = _manage(org, enhet=str(school.parent.uuid))
    assert "4 av 8 har bekreftet" in page
    assert "Tallene ble beregnet" in page
    assert not any('expectations_acknowledgement"' in sql for sql in queries)

    acknowledgements_refresh()
    page, _queries = _manage(org, enhet=str(school.parent.uuid))
    assert "5 av 9 har bekreftet" in page


def test_before_the_first_count_the_page_counts_now(org, settings):
    settings.ANONYMITY_THRESHOLD = 3
    version = _publish(org.hr)
    school = _school(version, size=8, acknowledged=4)
    page, queries = _manage(org, enhet=str(school.parent.uuid))
    assert "4 av 8 har bekreftet" in page
    assert "Tallene ble beregnet" not in page
    assert any('expectations_acknowledgement"' in sql for sql in queries)


def test_a_higher_threshold_is_never_shown_stale(org, settings):
    """HR raises the threshold after the count: the stored rows were gated under the old one,
    so the page counts anew and hides what the new threshold hides."""
    settings.ANONYMITY_THRESHOLD = 3
    version = _publish(org.hr)
    school = _school(version, size=8, acknowledged=4)
    acknowledgements_refresh()
    settings.ANONYMITY_THRESHOLD = 5
    page, _queries = _manage(org, enhet=str(school.parent.uuid))
    assert "4 av 8" not in page
    assert "Skjult: for få til å vises anonymt (minst 5)" in page
    assert "Tallene ble beregnet" not in page


def test_the_stored_rows_are_the_counted_rows_for_every_unit(org, settings):
    settings.ANONYMITY_THRESHOLD = 3
    version = _publish(org.hr)
    school = _school(version, size=9, acknowledged=5)
    library = Unit.objects.create(name="Bibliotek", parent=school.parent)
    for index, person in enumerate(PersonFactory.create_batch(4, unit=library)):
        if index < 2:
            acknowledgement_record(person=person, version=version)
    class_ = Unit.objects.create(name="Klasse 1", parent=school)
    for person in PersonFactory.create_batch(3, unit=class_):
        acknowledgement_record(person=person, version=version)

    units = list(Unit.objects.all())
    with_children = {unit.parent_id for unit in units}
    rows = [(node.unit, node.depth, node.unit.pk in with_children) for node in build_tree(units)]
    counted = acknowledgements_by_unit(version, 3, rows)
    assert acknowledgements_refresh() == len(units)
    stored = acknowledgement_figures(version, rows)
    assert stored.counted_at is not None
    assert stored.rows == counted
    assert any(row.shown for row in counted) and any(not row.shown for row in counted)


def test_a_unit_made_after_the_count_is_hidden(org, settings):
    settings.ANONYMITY_THRESHOLD = 3
    version = _publish(org.hr)
    school = _school(version, size=8, acknowledged=4)
    acknowledgements_refresh()
    new = Unit.objects.create(name="Ny enhet", parent=school.parent)
    [row] = acknowledgement_figures(version, [(new, 1, False)]).rows
    assert (row.shown, row.acknowledged, row.people) == (False, 0, 0)


def test_a_new_version_replaces_the_old_counts(org, settings):
    settings.ANONYMITY_THRESHOLD = 3
    first = _publish(org.hr)
    _school(first, size=8, acknowledged=4)
    acknowledgements_refresh()
    second = _publish(org.hr)
    acknowledgements_refresh()
    assert set(AcknowledgementRefresh.objects.values_list("version", flat=True)) == {second.pk}
    assert set(AcknowledgementFigure.objects.values_list("version", flat=True)) == {second.pk}
    assert not any(
        row.acknowledged
        for row in acknowledgement_figures(
            second, [(unit, 0, False) for unit in Unit.objects.all()]
        ).rows
    )


def test_the_hr_start_page_reads_the_stored_counts(org, settings):
    settings.ANONYMITY_THRESHOLD = 3
    version = _publish(org.hr)
    school = _school(version, size=8, acknowledged=4)
    acknowledgements_refresh()
    acknowledgement_record(person=PersonFactory.create(unit=school), version=version)
    client = client_for(org.hr)
    client.get(reverse("hr_home"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("hr_home")).content.decode()
    assert "4 av 8 i Kommunen" in page
    assert not any(
        'expectations_acknowledgement"' in query["sql"] for query in queries.captured_queries
    )
