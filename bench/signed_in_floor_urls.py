"""Aktiv's URLs and the empty signed-in page of bench/signed_in_floor.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from aktiv.urls import urlpatterns as aktiv_urls


def empty(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/empty.html")


urlpatterns = [path("tom/", empty, name="bench_empty"), *aktiv_urls]
