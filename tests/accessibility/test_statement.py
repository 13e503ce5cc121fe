"""The accessibility statement (issue #13): open without signing in, linked from every
footer, in Digdir's structure; its feedback form stores a message (throttled per address),
lists it for HR and administrators, who answer by e-mail through the worker."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from aktiv.accessibility.models import Feedback
from aktiv.accessibility.services import FEEDBACK_PER_HOUR
from aktiv.accessibility.statement import DEVIATIONS

from ..conftest import Org, client_for

STATEMENT = "/tilgjengelighet/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_statement_is_open_and_says_what_digdir_asks(db) -> None:
    page = Client().get(STATEMENT)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tilgjengelighetserklæring for Aktiv" in text
    assert "WCAG 2.1" in text and "47 suksesskriterier" in text  # the standard
    assert "delvis i samsvar" in text  # the status
    for deviation in DEVIATIONS:  # each deviation with its criterion and plan
        assert deviation.criterion in text and str(deviation.plan) in text
    assert "sist kontrollert 30. november 2026" in text  # the date of the last check
    assert 'name="message"' in text  # the feedback form
    assert "uutilsynet.no" in text  # where to complain


@pytest.mark.parametrize("path", ["/logg-inn/", "/", STATEMENT])
def test_every_footer_links_the_statement(org: Org, path: str) -> None:
    client = client_for(org.employee) if path == "/" else Client()
    text = client.get(path).content.decode()
    footer = text[text.index('<footer class="site-footer">') :]
    assert f'href="{STATEMENT}"' in footer


def test_the_error_page_links_the_statement() -> None:
    from django.template.loader import render_to_string

    assert f'href="{STATEMENT}"' in render_to_string("500.html")


def test_anyone_sends_feedback_and_it_is_stored(db) -> None:
    result = Client().post(
        reverse("accessibility:feedback"),
        {"message": "Fokus forsvinner bak menyen", "email": "Besok@Example.no", "page": "/x/"},
        HTTP_ACCEPT_LANGUAGE="nn",
    )
    assert result.status_code == 302
    [stored] = Feedback.objects.all()
    assert stored.message == "Fokus forsvinner bak menyen"
    assert stored.email == "besok@example.no" and stored.page == "/x/"
    assert stored.language == "nn"


@pytest.mark.parametrize(
    "data",
    [
        {"message": ""},
        {"message": "   "},
        {"message": "x" * 4001},
        {"message": "ok", "email": "nei"},
    ],
)
def test_bad_feedback_is_refused_on_the_form_and_stores_nothing(db, data) -> None:
    result = Client().post(reverse("accessibility:feedback"), data)
    assert result.status_code == 400
    assert "Noe må rettes" in result.content.decode()
    assert not Feedback.objects.exists()


def test_the_open_form_is_throttled_per_address(db) -> None:
    client = Client()
    for _ in range(FEEDBACK_PER_HOUR):
        assert client.post(reverse("accessibility:feedback"), {"message": "Hei"}).status_code == 302
    result = client.post(reverse("accessibility:feedback"), {"message": "Hei"})
    assert result.status_code == 429
    assert "mange tilbakemeldinger" in result.content.decode()
    assert Feedback.objects.count() == FEEDBACK_PER_HOUR
    # Another address is not held back.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(reverse("accessibility:feedback"), {"message": "Hei"}).status_code == 302


@pytest.mark.parametrize("persona", ["hr", "admin"])
def test_hr_and_administrators_read_and_answer_by_email(
    org: Org, persona: str, immediate_tasks
) -> None:
    feedback = Feedback.objects.create(
        message="Diagrammet mangler tekst", email="besok@example.no", language="en"
    )
    client = client_for(getattr(org, persona))
    page = client.get(reverse("accessibility:feedback_list"))
    assert "Diagrammet mangler tekst" in page.content.decode()
    assert 'lang="en"' in page.content.decode()  # written in English, read in bokmål

    result = client.post(
        reverse("accessibility:feedback_reply", args=[feedback.uuid]), {"reply": "Takk, vi fikser"}
    )
    assert result.status_code == 302
    feedback.refresh_from_db()
    assert feedback.reply == "Takk, vi fikser" and feedback.answered_at is not None
    assert feedback.answered_by == getattr(org, persona)
    [message] = mail.outbox
    assert message.to == ["besok@example.no"]
    assert "Takk, vi fikser" in message.body and "Diagrammet mangler tekst" in message.body
    assert "November" in message.body or "December" in message.body  # in English (Django's)


def test_an_answer_goes_once_and_only_where_there_is_an_address(org: Org, immediate_tasks) -> None:
    client = client_for(org.hr)
    silent = Feedback.objects.create(message="Uten adresse")
    result = client.post(
        reverse("accessibility:feedback_reply", args=[silent.uuid]), {"reply": "Hei"}
    )
    assert result.status_code == 400
    assert "ingen e-postadresse" in result.content.decode()
    answered = Feedback.objects.create(message="Med adresse", email="a@example.no")
    url = reverse("accessibility:feedback_reply", args=[answered.uuid])
    assert client.post(url, {"reply": "Første"}).status_code == 302
    assert client.post(url, {"reply": "Andre"}).status_code == 400
    answered.refresh_from_db()
    assert answered.reply == "Første" and len(mail.outbox) == 1


@pytest.mark.parametrize("persona", ["employee", "leader"])
def test_others_cannot_read_or_answer(org: Org, persona: str) -> None:
    feedback = Feedback.objects.create(message="Hemmelig", email="a@example.no")
    client = client_for(getattr(org, persona))
    assert client.get(reverse("accessibility:feedback_list")).status_code == 404
    url = reverse("accessibility:feedback_reply", args=[feedback.uuid])
    assert client.post(url, {"reply": "Hei"}).status_code == 404
    feedback.refresh_from_db()
    assert feedback.answered_at is None
