import re

from django.core import mail
from django.urls import reverse

from aktiv.people.models import Person

from ..conftest import client_for
from ..factories import PASSWORD, PersonFactory, submitted_response


def test_login_page_is_norwegian(db):
    page = client_for(None).get(reverse("login")).content.decode()
    assert '<html lang="nb">' in page
    assert "Logg inn i Aktiv" in page
    assert '<label for="id_username">E-post</label>' in page
    assert "Glemt passordet?" in page


def test_login_with_email_any_case(db):
    PersonFactory.create(email="nora@example.no")
    client = client_for(None)
    result = client.post(reverse("login"), {"username": "Nora@Example.no", "password": PASSWORD})
    assert result.status_code == 302 and result["Location"] == reverse("home")
    assert "Min side" in client.get(reverse("home")).content.decode()


def test_wrong_password_gives_clear_message(db):
    PersonFactory.create(email="nora@example.no")
    result = client_for(None).post(
        reverse("login"), {"username": "nora@example.no", "password": "feil"}
    )
    assert result.status_code == 200
    assert (
        "Fant ingen aktiv bruker med denne e-postadressen og dette passordet"
        in result.content.decode()
    )


def test_deactivated_person_cannot_log_in(db):
    PersonFactory.create(email="borte@example.no", is_active=False)
    result = client_for(None).post(
        reverse("login"), {"username": "borte@example.no", "password": PASSWORD}
    )
    assert "_auth_user_id" not in result.wsgi_request.session


def test_password_reset_by_email(db):
    person = PersonFactory.create(email="nora@example.no")
    client = client_for(None)
    result = client.post(reverse("password_reset"), {"email": "nora@example.no"})
    assert result["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nytt passord i Aktiv"
    assert message.to == ["nora@example.no"]
    link = re.search(r"http://testserver(/glemt-passord/\S+/)", message.body).group(1)
    form_url = client.get(link)["Location"]
    page = client.get(form_url).content.decode()
    assert "Velg nytt passord" in page
    result = client.post(
        form_url, {"new_password1": "en lang ny setning", "new_password2": "en lang ny setning"}
    )
    assert result["Location"] == reverse("password_reset_complete")
    person.refresh_from_db()
    assert person.check_password("en lang ny setning")


def test_password_reset_for_unknown_address_reveals_nothing(db):
    result = client_for(None).post(reverse("password_reset"), {"email": "ukjent@example.no"})
    assert result["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_weak_new_password_is_refused(db):
    person = PersonFactory.create(email="nora@example.no")
    client = client_for(None)
    client.post(reverse("password_reset"), {"email": "nora@example.no"})
    link = re.search(r"http://testserver(/glemt-passord/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    result = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert result.status_code == 200
    assert "Noe må rettes" in result.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_logout_is_post_only(db):
    person = PersonFactory.create()
    client = client_for(person)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_home_suggests_next_steps(org):
    page = client_for(org.employee).get(reverse("home")).content.decode()
    assert "Hei, Emma" in page
    assert "Kartlegg deg selv med «Egenevaluering av aktivt medarbeiderskap»" in page
    submitted_response(org.employee, "aktivt-medarbeiderskap", 3)
    page = client_for(org.employee).get(reverse("home")).content.decode()
    assert (
        "Velg utviklingsområder og styrker etter «Egenevaluering av aktivt medarbeiderskap»" in page
    )
    assert "Dette har du gjort" in page


def test_home_for_leader_counts_shared(org):
    submitted_response(org.employee, "aktivt-medarbeiderskap", 3).share_with_leader()
    page = client_for(org.leader).get(reverse("home")).content.decode()
    assert "1 egenvurdering" in page and "0 refleksjonsark" in page
    assert "Lederferdigheter som utvikler aktivt medarbeiderskap" in page


def test_home_for_hr_explains_privacy(org):
    page = client_for(org.hr).get(reverse("home")).content.decode()
    assert "Du har HR-rollen" in page
    assert "Mitt team" not in page


def test_person_cannot_lead_themselves(db):
    from django.core.exceptions import ValidationError

    a = PersonFactory.create()
    b = PersonFactory.create(leader=a)
    a.leader = b
    try:
        a.full_clean()
    except ValidationError as error:
        assert "leader" in error.message_dict
    else:
        raise AssertionError("a leader cycle was accepted")
    assert Person.objects.get(pk=a.pk).leader is None


def test_home_lists_chosen_development_areas(org):
    response = submitted_response(org.employee, "aktivt-medarbeiderskap", 3)
    response.focus_areas.create(kind="development", position=1, item_key="med-ledelse-3")
    page = client_for(org.employee).get(reverse("home")).content.decode()
    assert "Utviklingsområde</span> Jeg gjør min leder god" in page


def test_person_created_without_password_can_choose_one(db):
    person = PersonFactory.create(email="ny@example.no")
    person.set_unusable_password()
    person.save()
    client_for(None).post(reverse("password_reset"), {"email": "NY@example.no"})
    assert [m.to for m in mail.outbox] == [["ny@example.no"]]
    inactive = PersonFactory.create(email="borte@example.no", is_active=False)
    assert inactive.pk
    client_for(None).post(reverse("password_reset"), {"email": "borte@example.no"})
    assert len(mail.outbox) == 1


def test_a_megabyte_password_is_refused_before_it_is_hashed(db):
    PersonFactory.create(email="nora@example.no")
    result = client_for(None).post(
        reverse("login"), {"username": "nora@example.no", "password": "x" * 1_000_000}
    )
    assert result.status_code == 200
    assert "Teksten kan ha høyst 4096 tegn." in result.content.decode()
    assert "_auth_user_id" not in result.wsgi_request.session
