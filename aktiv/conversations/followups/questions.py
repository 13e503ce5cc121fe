"""The employee's preparation for a follow-up: the six questions of seed 003, word for word
(one slip mended: "behov for å støtte" → "behov for støtte"). Stored answers are keyed
q1..q6 in `FollowUp.preparation`."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

QUESTIONS: tuple[Promise, ...] = (
    _("Hvordan ligger jeg an i forhold til mål og planer?"),
    _("Hva har skjedd siden siste samtale?"),
    _("Hva har jeg lært eller utviklet meg på siden sist?"),
    _("Hva er de viktigste aktiviteter og mål fremover?"),
    _("Hvilke behov for støtte, hjelp, avklaringer eller prioriteringer har jeg?"),
    _("Andre forhold og saker som jeg ønsker å lufte/drøfte?"),
)

KEYS: tuple[str, ...] = tuple(f"q{n}" for n in range(1, len(QUESTIONS) + 1))

# The question seed 003 tells the leader always to ask.
LEADER_QUESTION = _("Hva kan jeg gjøre for at du skal lykkes?")


def answered(preparation: dict[str, str]) -> list[tuple[str, Promise, str]]:
    """(key, question, answer) for each of the six, in order; missing answers are ""."""
    return [
        (key, text, preparation.get(key, "")) for key, text in zip(KEYS, QUESTIONS, strict=True)
    ]
