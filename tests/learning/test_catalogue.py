"""The seed catalogue as the data migration loads it, and the catalogue page."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.urls import reverse

from aktiv.assessments import definitions
from aktiv.learning.models import Job, LearningSession, Recommendation
from aktiv.learning.seed import catalogue_load, catalogue_unload, read_catalogue
from tests.conftest import client_for

SEED_TITLES = {
    "deliver": [
        "Ditt handlingsrom som leder",
        "Ulike innfallsvinkler til hva god ledelse er",
        "Fra mål til strategi",
        "Fra strategi til resultat",
        "Delegering",
        "Utvikling av ønsket kultur",
    ],
    "improve": [
        "Innovasjon og nyskaping",
        "Metodikk og prosess for evaluering av prosjekter og prosesser",
        "Grunnleggende om endringsledelse",
        "Metoder for problemløsning og kontinuerlig forbedring",
        "Møteledelse og fasiliteringsteknikker",
        "Oppfølging av medarbeiderundersøkelsen",
        "Hvordan lykkes med organisasjonsutvikling?",
    ],
    "develop_people": [
        "Hva motiverer folk?",
        "Lederskap som utvikler aktivt medarbeiderskap",
        "Grunnleggende om utvikling av grupper og team",
        "Relasjonsledelse og coachende lederstil",
        "Aktivt medarbeiderskap",
        "Individuell oppfølging og tilbakemeldinger",
        "Hvordan gjennomføre vanskelige samtaler?",
        "Mål- og utviklingssamtalen",
        "Konflikthåndtering",
        "Dynamisk kompetanseledelse i praksis",
    ],
    "develop_self": [
        "Tillitsbasert ledelse",
        "Selvinnsikt og livslang læring",
        "Personlig lederplattform og utviklingsplan",
        "Prioritering og personlig effektivitet",
        "Formidling, retorikk og presentasjonsteknikk",
        "Fjernledelse i hjemmekontorets tid",
        "Deg i samarbeid med andre",
        "Dine styrker, allergier og overslag – (kjernekvadranten)",
        "Ledelse av generasjon Z",
        "God seniorpolitikk og ledelse av seniorer",
    ],
}


@pytest.mark.django_db
def test_the_migration_loaded_the_seed_catalogue():
    sessions = list(LearningSession.objects.all())
    assert len(sessions) == 33
    for job, titles in SEED_TITLES.items():
        stored = LearningSession.objects.filter(job=job).order_by("order")
        assert list(stored.values_list("title", flat=True)) == titles
    assert {s.job for s in sessions} == {job.value for job in Job}
    assert all(15 <= s.duration_minutes <= 25 for s in sessions)
    assert len({s.duration_minutes for s in sessions}) > 1  # varied, not one number for all
    assert all(s.description and s.is_active and not s.link for s in sessions)
    assert all(s.created_by is None for s in sessions)


@pytest.mark.django_db
def test_every_dimension_of_every_instrument_has_default_recommendations():
    dimensions = {d.key for i in definitions.all_latest() for d in i.dimensions}
    mapped = {r.dimension_key: r.sessions.count() for r in Recommendation.objects.all()}
    assert set(mapped) == dimensions
    assert all(count >= 2 for count in mapped.values())


@pytest.mark.django_db
def test_the_migration_reverses_and_keeps_the_organisations_own_sessions(org):
    session_model = apps.get_model("learning", "LearningSession")
    recommendation_model = apps.get_model("learning", "Recommendation")
    entry_model = apps.get_model("learning", "RecommendedSession")
    own = LearningSession.objects.create(
        title="Vår egen økt", job="deliver", duration_minutes=20, created_by=org.hr
    )
    catalogue_unload(session_model, recommendation_model, entry_model)
    assert list(LearningSession.objects.all()) == [own]
    assert not Recommendation.objects.exists()
    catalogue_load(session_model, recommendation_model, entry_model)
    assert LearningSession.objects.count() == 34


def test_the_seed_file_is_well_formed():
    catalogue = read_catalogue()
    assert len(catalogue.sessions) == 33
    assert len({s.title for s in catalogue.sessions}) == 33
    for session in catalogue.sessions:
        sentences = [p for p in re.split(r"[.!?](?:\s|$)", session.description) if p.strip()]
        assert 1 <= len(sentences) <= 2, session.title


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["employee", "leader", "colleague", "other_leader", "other_employee", "hr", "admin"]
)
def test_everyone_signed_in_sees_the_catalogue(org, persona):
    page = client_for(getattr(org, persona)).get(reverse("learning:catalogue"))
    assert page.status_code == 200
    text = page.content.decode()
    for job in Job:
        assert str(job.label) in text
    assert "Oppfølging av medarbeiderundersøkelsen" in text
    # Every session opens its own page in Aktiv.
    assert text.count('href="/laering/okter/') == 33
    assert ("Forvalt katalogen" in text) is (persona == "hr")


@pytest.mark.django_db
def test_the_catalogue_is_not_public():
    page = client_for(None).get(reverse("learning:catalogue"))
    assert page.status_code == 302 and reverse("login") in page["Location"]


@pytest.mark.django_db
def test_a_set_link_opens_the_session_and_hidden_sessions_are_not_listed(org):
    delegering = LearningSession.objects.get(title="Delegering")
    delegering.link = "https://laering.example.no/delegering"
    delegering.save()
    LearningSession.objects.filter(title="Konflikthåndtering").update(is_active=False)

    text = client_for(org.employee).get(reverse("learning:catalogue")).content.decode()
    assert (
        '<a class="button button-small" href="https://laering.example.no/delegering" '
        'rel="noopener">Åpne læringsøkten' in text
    )
    assert 'target="_blank"' not in text
    assert text.count('href="/laering/okter/') == 32
    assert "Konflikthåndtering" not in text


@pytest.mark.django_db
def test_every_session_has_a_page_with_its_link_or_a_note(org):
    delegering = LearningSession.objects.get(title="Delegering")
    page = client_for(org.employee).get(reverse("learning:session", args=[delegering.uuid]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Delegering" in text and delegering.description[:40] in text
    assert "Organisasjonen har ikke lagt inn en lenke" in text
    assert "Anbefalt når du vil utvikle" in text  # the seed maps Delegering to a dimension
    delegering.link = "https://laering.example.no/delegering"
    delegering.save()
    text = client_for(org.employee).get(reverse("learning:session", args=[delegering.uuid]))
    assert 'href="https://laering.example.no/delegering"' in text.content.decode()
    delegering.is_active = False
    delegering.save()
    hidden = reverse("learning:session", args=[delegering.uuid])
    assert client_for(org.employee).get(hidden).status_code == 404
    assert client_for(org.hr).get(hidden).status_code == 200


@pytest.mark.django_db
def test_the_catalogue_query_count_does_not_grow(org, django_assert_max_num_queries):
    # Five for signing in, the second factor and the menu; one for the whole catalogue.
    client = client_for(org.employee)
    client.get(reverse("learning:catalogue"))
    with django_assert_max_num_queries(7):  # +1: the header's unread count
        client.get(reverse("learning:catalogue"))
    LearningSession.objects.bulk_create(
        LearningSession(title=f"Ekstra {n}", job="improve", duration_minutes=15, order=100 + n)
        for n in range(40)
    )
    with django_assert_max_num_queries(7):
        assert "Ekstra 39" in client.get(reverse("learning:catalogue")).content.decode()
