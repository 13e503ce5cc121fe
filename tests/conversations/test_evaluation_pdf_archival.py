"""The evaluation PDF is tagged and archival (PDF/A-3a), in the reader's language, with its
title and language in the metadata (issue #13). Read back with pikepdf (qpdf)."""

from __future__ import annotations

import io

import pikepdf
import pytest
from django.core.cache import cache
from django.urls import reverse

from aktiv.people.models import Person

from ..conftest import client_for
from ..goals.helpers import personal_goal


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def pdf_of(person, record) -> pikepdf.Pdf:
    result = client_for(person).get(reverse("conversations:evaluation_pdf", args=[record.uuid]))
    assert result.status_code == 200
    return pikepdf.open(io.BytesIO(result.content))


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_pdf_is_tagged_archival_and_in_the_readers_language(
    org,
    record,
    language,
) -> None:
    personal_goal(record, "agreed", title="Lære universell utforming")
    Person.objects.filter(pk=org.employee.pk).update(language=language)
    org.employee.refresh_from_db()
    pdf = pdf_of(org.employee, record)
    root = pdf.Root
    assert str(root.Lang) == language
    assert "/StructTreeRoot" in root  # tagged: headings, paragraphs, tables in reading order
    assert bool(root.MarkInfo.Marked)
    assert bool(root.ViewerPreferences.DisplayDocTitle)  # the title, not the file name
    meta = pdf.open_metadata()
    assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "A"
    assert org.employee.full_name in meta["dc:title"]
    # Every page's text is inside the structure: marked content with a tag.
    tags = {str(kid.S) for kid in _walk(root.StructTreeRoot)}
    assert {"/H1", "/P"} <= tags


def _walk(node):
    kids = node.get("/K")
    if kids is None:
        return
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _walk(kid)
