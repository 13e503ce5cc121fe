"""`safe_next`: the one reading of a `next` parameter."""

import pytest
from django.test import RequestFactory

from aktiv.lib.views import safe_next


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "https://evil.example/",
        "javascript:alert(1)",
        "///evil.example/",
        " //evil.example/",
    ],
)
def test_a_target_off_the_site_falls_back(target):
    request = RequestFactory().get("/", {"next": target})
    assert safe_next(request, fallback="/hjem/") == "/hjem/"
    posted = RequestFactory().post("/", {"next": target})
    assert safe_next(posted, fallback="/hjem/") == "/hjem/"


@pytest.mark.parametrize("target", ["/samtaler/", "/sikkerhet/?a=1&b=2", "http://testserver/x/"])
def test_a_target_on_the_site_is_kept(target):
    assert safe_next(RequestFactory().get("/", {"next": target})) == target


def test_no_target_falls_back():
    assert safe_next(RequestFactory().get("/")) == "/"
