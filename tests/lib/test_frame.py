"""The site's frame: the menu item a page is under, and the parts rendered once per process."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from aktiv.lib.templatetags import frame
from tests.test_permission_matrix import url_names

SHARED_VIEWS = {"assessments", "reflections", "competence"}


def rules_as_the_template_had_them(namespace: str, url_name: str, shared: bool) -> set[str]:
    """The menu's conditions as base.html wrote them before `nav_section`, each on its own."""
    items = set()
    if url_name == "home":
        items.add("home")
    if not shared and namespace in ("assessments", "reflections"):
        items.add("tools")
    if (namespace == "conversations" and url_name != "calendar_settings") or namespace == "goals":
        items.add("conversations")
    if namespace == "pulse" and url_name in "index round submit":
        items.add("pulse")
    if (
        url_name == "hr_home"
        or namespace in ("organisation", "insights")
        or (namespace == "expectations" and url_name != "current")
    ):
        items.add("hr")
    if url_name == "team" or shared:
        items.add("team")
    if namespace == "notifications":
        items.add("inbox")
    return items


def routes() -> list[tuple[str, str, str]]:
    """(namespace, URL name, route) of every named page, as `request.resolver_match` has them."""

    def walk(patterns: list[Any], namespace: str, prefix: str) -> list[tuple[str, str, str]]:
        found = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    inner = pattern.namespace or namespace
                    found += walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((namespace, pattern.name, prefix + str(pattern.pattern)))
        return found

    return walk(get_resolver().url_patterns, "", "")


def test_every_page_is_under_the_same_item_as_before_and_hr_pages_under_hr():
    seen = set()
    named = routes()
    assert {f"{ns}:{name}" if ns else name for ns, name, _route in named} == set(url_names())
    for namespace, url_name, route in named:
        for shared in (False, True) if namespace in SHARED_VIEWS else (False,):
            section = frame.section_of(namespace, url_name, shared, route)
            expected = rules_as_the_template_had_them(namespace, url_name, shared)
            if not expected and "hr" in route.split("/"):
                expected = {"hr"}  # HR's pages outside the HR namespaces had no item marked
            assert expected == ({section} if section else set()), (namespace, url_name)
            seen.add(section)
    assert seen == {"", "home", "tools", "conversations", "pulse", "hr", "team", "inbox"}


def current_item(client: Client, path: str) -> list[str]:
    html = client.get(path).content.decode()
    return re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]+)<', html)


@pytest.mark.django_db
def test_the_menu_marks_the_page_and_follows_the_person(org, login):
    frame._rendered.clear()
    hr = login(org.hr)
    assert current_item(hr, reverse("organisation:index")) == ["HR"]
    assert current_item(hr, reverse("home")) == ["Min side"]
    assert current_item(hr, reverse("notifications:inbox")) == ["Varsler"]
    assert current_item(hr, reverse("pulse:hr")) == ["HR"]
    assert current_item(hr, reverse("hr_privacy")) == ["HR"]
    # The same menu, kept from HR's pages, is not what the leader gets: roles are in the key.
    leader_page = login(org.leader).get(reverse("home")).content.decode()
    assert "Mitt team" in leader_page
    assert f'href="{reverse("hr_home")}"' not in leader_page
    assert "Lena Leder" in leader_page and "Hanne HR" not in leader_page
    employee_page = login(org.employee).get(reverse("home")).content.decode()
    assert "Mitt team" not in employee_page and "Emma Medarbeider" in employee_page


@pytest.mark.django_db
def test_the_menu_is_kept_per_language(org, login):
    frame._rendered.clear()
    client = login(org.employee)
    assert "Verktøy" in client.get(reverse("home")).content.decode()
    org.employee.language = "en"
    org.employee.save(update_fields=["language"])
    english = client.get(reverse("home")).content.decode()
    assert "Verktøy" not in english and ">Tools<" in english
    org.employee.language = "nn"
    org.employee.save(update_fields=["language"])
    assert "Verktøy" in client.get(reverse("home")).content.decode()


def test_the_kept_parts_are_bounded():
    frame._rendered.clear()
    node = frame.OncePerNode(frame.NodeList(), "x", [])
    for number in range(frame.MAX_ENTRIES + 5):
        frame._rendered[("filler", number)] = frame.SafeString("")
    node.render(frame.Context({}))
    assert len(frame._rendered) <= frame.MAX_ENTRIES
