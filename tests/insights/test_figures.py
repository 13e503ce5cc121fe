"""HR's instrument figures per unit and over time: correct means, the anonymity gate on every
figure, the heatmap with its table, refusals and a bounded number of queries."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aktiv.assessments import definitions
from aktiv.assessments.models import FocusArea, Response
from aktiv.insights.figures import Window, closed_quarters, instrument_figures, quarter_ends
from aktiv.lib.dates import add_months
from aktiv.people.models import Unit

from ..conftest import client_for
from ..factories import PersonFactory
from ..factories import submitted_response as _submitted
from .helpers import ask

KEY = "aktivt-medarbeiderskap"
URL = reverse("insights:figures")


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def in_the_last_quarter() -> datetime:
    """Figures are over closed quarters only: answers in the middle of the last one."""
    return at(quarter_ends(timezone.localdate())[0] - timedelta(days=45))


def submitted_response(person, key=KEY, value=3, **fields):
    fields.setdefault("submitted_at", in_the_last_quarter())
    return _submitted(person, key, value, **fields)


def answers(selvledelse: list[int], rest: int = 3) -> dict[str, int]:
    """Per-item values: the three Selvledelse items as given, every other item `rest`."""
    instrument = definitions.latest(KEY)
    values = {item.key: rest for item in instrument.items}
    for item, value in zip(instrument.dimensions[0].items, selvledelse, strict=True):
        values[item.key] = value
    return values


def row_of(page: str, name: str) -> str:
    return page.split(f">{name}</span>")[1].split("</tr>")[0]


@pytest.fixture
def tree(db):
    root = Unit.objects.create(name="Kommunen")
    return {
        "root": root,
        "skole": Unit.objects.create(name="Skole", parent=root),
        "helse": Unit.objects.create(name="Helse", parent=root),
    }


def test_means_per_unit_to_one_decimal_from_each_persons_latest_response(org, tree, settings):
    settings.ANONYMITY_THRESHOLD = 3
    skole = [PersonFactory.create(unit=tree["skole"]) for _ in range(4)]
    helse = [PersonFactory.create(unit=tree["helse"]) for _ in range(3)]
    for person, value in zip(skole, (4, 4, 5, 3), strict=True):
        submitted_response(person, KEY, value)
    for person, values in zip(helse, ([2, 2, 2], [3, 3, 3], [3, 4, 4]), strict=True):
        submitted_response(person, KEY, answers(values))
    # An older response of the same person, a draft and one outside the window don't count.
    submitted_response(skole[0], KEY, 1, submitted_at=in_the_last_quarter() - timedelta(days=30))
    submitted_response(helse[0], KEY, 5, submitted_at=in_the_last_quarter() - timedelta(days=400))
    submitted_response(helse[0], KEY, 5, submitted_at=timezone.now())  # the open quarter
    Response.objects.create(person=skole[1], instrument_key=KEY, instrument_version=1)

    figures = instrument_figures(
        instrument=definitions.latest(KEY),
        quarter=closed_quarters(timezone.localdate())[0],
        threshold=3,
    )
    rows = {row.name: row for row in figures.rows}
    selvledelse = {name: rows[name].dimensions[0].mean for name in ("Kommunen", "Skole", "Helse")}
    # Helse: 2, 3 and 3.67 → 2.9; Kommunen: (16 + 8.67) / 7 → 3.5.
    assert selvledelse == {"Kommunen": 3.5, "Skole": 4.0, "Helse": 2.9}
    assert rows["Helse"].dimensions[1].mean == 3.0
    assert (rows["Skole"].respondents, rows["Kommunen"].respondents) == (4, 7)
    # The distribution as shares: Skole has 3, 4, 4, 5 → a quarter in 3–3,9, the rest 4–5.
    assert rows["Skole"].dimensions[0].shares == (0, 0, 25, 75)
    assert rows["Helse"].dimensions[0].shares == (0, 33, 67, 0)

    page = client_for(org.hr).get(URL, {"instrument": KEY}).content.decode()
    assert '<td class="num">2,9</td>' in row_of(page, "Helse")
    assert '<td class="num">3,5</td>' in row_of(page, "Kommunen")
    assert "25 %" in page and "75 %" in page


def test_small_unit_hidden_and_a_sibling_hidden_to_protect_it(org, tree, settings):
    settings.ANONYMITY_THRESHOLD = 3
    museum = Unit.objects.create(name="Museum", parent=tree["root"])
    for unit, count in ((tree["skole"], 4), (tree["helse"], 3), (museum, 2)):
        for _ in range(count):
            submitted_response(PersonFactory.create(unit=unit), KEY, 2)
    page = client_for(org.hr).get(URL, {"instrument": KEY}).content.decode()
    assert "skjult" in row_of(page, "Museum") and "2,0" not in row_of(page, "Museum")
    # Kommunen (9) minus Skole (4) and Helse (3) would give Museum's two: Helse goes too.
    assert "skjult" in row_of(page, "Helse") and "2,0" not in row_of(page, "Helse")
    assert '<td class="num">4</td>' in row_of(page, "Skole")
    assert '<td class="num">9</td>' in row_of(page, "Kommunen")
    # The distribution is listed for shown units only.
    spread = page.split('id="spread-heading"')[1].split('id="time-heading"')[0]
    assert "Skole" in spread and "Museum" not in spread and "Helse" not in spread


def test_heatmap_has_one_rect_per_shown_cell_and_a_table_equivalent(org, tree, settings):
    settings.ANONYMITY_THRESHOLD = 3
    for _ in range(3):
        submitted_response(PersonFactory.create(unit=tree["skole"]), KEY, 4)
        submitted_response(PersonFactory.create(unit=tree["root"]), KEY, 3)
    submitted_response(PersonFactory.create(unit=tree["helse"]), KEY, 1)
    page = client_for(org.hr).get(URL, {"instrument": KEY}).content.decode()
    chart = page.split('<svg class="chart heatmap"')[1].split("</svg>")[0]
    dimensions = len(definitions.latest(KEY).dimensions)
    # Shown: the whole organisation, Kommunen and Skole; Helse's one person is hidden (and
    # cannot be subtracted: three more people sit directly in Kommunen).
    assert chart.count('class="heat-cell"') == 3 * dimensions
    hidden_rows = chart.count('class="heat-hidden"')
    assert hidden_rows >= 1 and 'role="img"' in page and "<title" in chart
    # Each cell and its text take their band's colours (the tokens of tests/test_colours.py).
    assert chart.count('class="heat-value" data-band="') == 3 * dimensions
    table = page.split('id="units-heading"')[1].split("<table")[1].split("</table>")[0]
    assert "<caption" in table and '<td class="num">4,0</td>' in table
    assert table.count("skjult") == hidden_rows * (dimensions + 1)


def test_over_time_each_closed_quarter_stands_alone(org, tree, settings):
    settings.ANONYMITY_THRESHOLD = 3
    end = quarter_ends(timezone.localdate())[0]
    last, previous, first = (
        end - timedelta(days=10),
        add_months(end, -3, keep_month_end=True),
        add_months(end, -9, keep_month_end=True),
    )
    people = [PersonFactory.create(unit=tree["skole"]) for _ in range(8)]
    for person in people[:4]:
        submitted_response(person, KEY, 4, submitted_at=at(last))
    for person in people[4:7]:
        submitted_response(person, KEY, 2, submitted_at=at(previous - timedelta(days=5)))
    # One person only in the first quarter, and one of the last quarter's also answered then.
    submitted_response(people[7], KEY, 5, submitted_at=at(first - timedelta(days=5)))
    submitted_response(people[0], KEY, 1, submitted_at=at(first - timedelta(days=5)))
    # The quarter in progress is never part of a figure.
    submitted_response(people[7], KEY, 1, submitted_at=timezone.now())

    quarter = Window.quarter_ending(end)
    figures = instrument_figures(instrument=definitions.latest(KEY), quarter=quarter, threshold=3)
    slices = figures.over_time
    assert [s.window for s in slices] == quarter.previous(4)
    assert slices[-1].window == quarter and figures.window == quarter
    # Two people, nobody, three, four: each quarter is gated alone (no figure spans two).
    assert [s.shown for s in slices] == [False, False, True, True]
    assert (slices[3].respondents, slices[3].means[0]) == (4, 4.0)
    assert (slices[2].respondents, slices[2].means[0]) == (3, 2.0)

    page = client_for(org.hr).get(URL, {"instrument": KEY, "quarter": end.isoformat()})
    time_table = page.content.decode().split('id="time-heading"')[1]
    assert time_table.count('class="is-hidden"') == 2


def test_an_earlier_quarter_leaves_out_later_responses(org, tree, settings):
    settings.ANONYMITY_THRESHOLD = 3
    end = quarter_ends(timezone.localdate())[1]
    for _ in range(3):
        person = PersonFactory.create(unit=tree["helse"])
        submitted_response(person, KEY, 2, submitted_at=at(end - timedelta(days=3)))
        submitted_response(person, KEY, 5, submitted_at=at(end + timedelta(days=3)))
    figures = instrument_figures(
        instrument=definitions.latest(KEY), quarter=Window.quarter_ending(end), threshold=3
    )
    assert {row.name: row.dimensions[0].mean for row in figures.rows if row.shown}["Helse"] == 2.0


def test_a_response_counts_where_its_person_stood_when_they_answered(org, tree, settings):
    """Moving or deactivating people afterwards changes no figure (differencing)."""
    settings.ANONYMITY_THRESHOLD = 3
    people = [PersonFactory.create(unit=tree["skole"]) for _ in range(3)]
    for person in people:
        submitted_response(person, KEY, 4)
    quarter = closed_quarters(timezone.localdate())[0]

    def skole() -> tuple[bool, int]:
        rows = instrument_figures(instrument=definitions.latest(KEY), quarter=quarter).rows
        row = {r.name: r for r in rows}["Skole"]
        return row.shown, row.respondents

    settings.ANONYMITY_THRESHOLD = 3
    before = skole()
    people[0].unit = tree["helse"]
    people[0].save()
    people[1].is_active = False
    people[1].save()
    assert skole() == before == (True, 3)


def test_no_free_text_on_the_page(org, tree, settings):
    settings.ANONYMITY_THRESHOLD = 3
    for _ in range(3):
        response = submitted_response(PersonFactory.create(unit=tree["skole"]), KEY, 3)
        FocusArea.objects.create(
            response=response, kind="strength", position=1, item_key="x", note="Hemmelig"
        )
    page = client_for(org.hr).get(URL, {"instrument": KEY}).content.decode()
    assert "Hemmelig" not in page


def test_bad_choice_is_a_clear_message_and_400(org):
    result = client_for(org.hr).get(URL, {"instrument": "finnes-ikke", "quarter": "1999-01-01"})
    assert result.status_code == 400
    assert "error-summary" in result.content.decode()


@pytest.mark.parametrize(
    "persona", ["employee", "leader", "colleague", "other_leader", "other_employee", "admin"]
)
def test_only_hr_gets_the_page_and_the_exports(org, persona):
    client = client_for(getattr(org, persona))
    assert client.get(URL).status_code == 404
    for name in ("insights:export", "insights:participation_export"):
        assert client.post(reverse(name), {"format": "csv", "instrument": KEY}).status_code == 404


def test_anonymous_is_sent_to_login(db):
    from django.test import Client

    result = Client().get(URL)
    assert result.status_code == 302 and reverse("login") in result["Location"]


def _queries(client, name: str, **params: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name), {"instrument": KEY, **params}).status_code == 200
    return len(captured)


def _export_queries(client) -> int:
    """The export's request and the worker's building of its file, together."""
    with CaptureQueriesContext(connection) as captured:
        ask(client, "insights:export", {"instrument": KEY, "format": "xlsx"})
    return len(captured)


def test_query_count_does_not_grow_with_units_people_or_responses(org, tree, settings):
    settings.ANONYMITY_THRESHOLD = 3
    client = client_for(org.hr)

    def add(units: int) -> None:
        for n in range(units):
            unit = Unit.objects.create(name=f"Lag {Unit.objects.count()} {n}", parent=tree["root"])
            for _ in range(3):
                person = PersonFactory.create(unit=unit)
                submitted_response(
                    person, KEY, 3, submitted_at=in_the_last_quarter() - timedelta(days=20)
                )
                submitted_response(person, KEY, 4)

    add(1)
    _queries(client, "insights:figures")  # the session's first request does more
    page, export = (
        _queries(client, "insights:figures"),
        _export_queries(client),
    )
    add(4)
    assert _queries(client, "insights:figures") == page
    assert _export_queries(client) == export
    assert page <= 12


def test_the_participation_page_links_to_the_figures(org):
    page = client_for(org.hr).get(reverse("insights:participation")).content.decode()
    assert f'href="{reverse("insights:figures")}"' in page
