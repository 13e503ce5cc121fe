"""The accessibility statement's facts, in the structure of Digdir's statements
(uustatus.no): the standard, the status, each known deviation with its criterion and plan,
and the date of the last check. Update LAST_CHECKED and DEVIATIONS with each check
(docs/accessibility.md says how Aktiv is checked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LAST_CHECKED = date(2026, 11, 30)
STATEMENT_UPDATED = date(2026, 11, 30)


@dataclass(frozen=True)
class Deviation:
    criterion: str  # the WCAG 2.1 success criterion, e.g. "3.1.2"
    name: Promise
    what: Promise
    plan: Promise


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        "3.1.2",
        _("Språk i deler av innholdet"),
        _(
            "Tekst som andre personer har skrevet (for eksempel notater i en samtale), er ikke "
            "merket med språket den er skrevet på. Aktiv merker språket der det er kjent: "
            "notater til en egenvurdering som er besvart på et annet språk enn siden."
        ),
        _("Vi merker tekst med språket forfatteren bruker Aktiv på, i løpet av 2027."),
    ),
    Deviation(
        "3.1.2",
        _("Innhold som ennå ikke er oversatt"),
        _(
            "Innhold som ennå ikke finnes på nynorsk eller engelsk, vises på bokmål uten å være "
            "merket som bokmål. Automatiske tester stopper en ny versjon med uoversatt tekst."
        ),
        _("Alt innhold skal finnes på alle tre språk før versjonen tas i bruk."),
    ),
    Deviation(
        "1.1.1, 1.3.1",
        _("Diagrammer i PDF-filer"),
        _(
            "Diagrammene i sammendraget av evalueringssamtalen (PDF) har ikke egen "
            "tekstbeskrivelse; tallene står i tabellen ved siden av."
        ),
        _("Diagrammene får tekstbeskrivelse i PDF-en i løpet av 2027."),
    ),
)
