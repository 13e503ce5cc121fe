"""Languages (issue #13): a person's choice under Mine data, the organisation's default on
HR's privacy page, the browser's Accept-Language for anonymous pages."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from aktiv.people.models import OrganisationSettings, Person

from ..conftest import Org


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_anonymous_pages_follow_accept_language(client) -> None:
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in page.content.decode()
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nn")
    assert '<html lang="nn">' in page.content.decode()
    page = client.get(reverse("login"))
    assert '<html lang="nb">' in page.content.decode()


def test_a_person_chooses_a_language_that_follows_them(org: Org, login) -> None:
    client = login(org.employee)
    page = client.get(reverse("audit:my_data"), HTTP_ACCEPT_LANGUAGE="nb")
    assert '<html lang="nb">' in page.content.decode()
    assert 'name="language"' in page.content.decode()

    response = client.post(reverse("language_set"), {"language": "nn"})
    assert response.status_code == 302
    org.employee.refresh_from_db()
    assert org.employee.language == "nn"

    # Another device, another browser language: still nynorsk.
    other = login(org.employee)
    page = other.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="nn">' in page.content.decode()
    assert page["Content-Language"] == "nn"


def test_a_bad_language_changes_nothing(org: Org, login) -> None:
    client = login(org.employee)
    response = client.post(reverse("language_set"), {"language": "de"}, follow=True)
    assert response.status_code == 200
    org.employee.refresh_from_db()
    assert org.employee.language == ""
    assert "Velg et av språkene i lista." in response.content.decode()


def test_hr_sets_the_organisation_default(org: Org, login) -> None:
    client = login(org.hr)
    page = client.get(reverse("hr_privacy"))
    assert 'name="default_language"' in page.content.decode()
    response = client.post(reverse("hr_language"), {"default_language": "en"})
    assert response.status_code == 302
    assert OrganisationSettings.current().default_language == "en"

    # Everyone without a choice of their own now reads English ...
    page = login(org.employee).get(reverse("home"))
    assert '<html lang="en">' in page.content.decode()
    # ... but a person's own choice wins.
    Person.objects.filter(pk=org.colleague.pk).update(language="nn")
    page = login(org.colleague).get(reverse("home"))
    assert '<html lang="nn">' in page.content.decode()


def test_only_hr_sets_the_default(org: Org, login) -> None:
    response = login(org.employee).post(reverse("hr_language"), {"default_language": "en"})
    assert response.status_code in (403, 404)
    assert OrganisationSettings.current().default_language == "nb"


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_dates_follow_the_language(org: Org, login, language: str) -> None:
    from datetime import date

    from django.utils import formats, translation

    with translation.override(language):
        text = formats.date_format(date(2026, 3, 5), "j. F Y")
        number = formats.number_format(1.5, 1)
    expected = {"nb": ("mars", "1,5"), "nn": ("mars", "1,5"), "en": ("March", "1.5")}[language]
    assert expected[0] in text
    assert number == expected[1]


def test_the_email_change_notice_is_in_the_persons_language(
    org: Org, django_capture_on_commit_callbacks, settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django.core import mail
    from django.utils import dateformat, timezone, translation

    from aktiv.people.services import email_change

    Person.objects.filter(pk=org.leader.pk).update(language="en")
    org.leader.refresh_from_db()
    # Asked for in a bokmål request by HR; read by the leader in English.
    with translation.override("nb"), django_capture_on_commit_callbacks(execute=True):
        email_change(person=org.leader, email="ny@example.no", actor=org.hr)
    [notice] = mail.outbox
    with translation.override("en"):
        month = dateformat.format(timezone.localtime(), "F")
    assert month in notice.body  # Django's own English month name, capitalised


def test_the_password_reset_mail_is_in_the_persons_language(org: Org, client) -> None:
    from django.core import mail

    Person.objects.filter(pk=org.employee.pk).update(language="en")
    seen = []
    from django.contrib.auth import forms as auth_forms
    from django.utils import translation

    real = auth_forms.PasswordResetForm.send_mail

    def noting(self, *args, **kwargs):
        seen.append(translation.get_language())
        return real(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth_forms.PasswordResetForm, "send_mail", noting)
        client.post(
            reverse("password_reset"), {"email": org.employee.email}, HTTP_ACCEPT_LANGUAGE="nb"
        )
    assert len(mail.outbox) == 1
    assert seen == ["en"]
