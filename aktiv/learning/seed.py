"""The seed catalogue in content/catalogue.yaml, read and validated, and loaded by the data
migration. Works on the models it is given, so the migration can pass its historical ones."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from aktiv.lib import content

CATALOGUE_FILE = Path(__file__).resolve().parent / "content" / "catalogue.yaml"
JOBS = ("deliver", "improve", "develop_people", "develop_self")


@dataclass(frozen=True)
class SeedSession:
    title: str
    job: str
    order: int
    minutes: int
    description: str

    @property
    def key(self) -> str:
        """Its place in the file ("deliver-1"), the same in every translation."""
        return f"{self.job}-{self.order}"


@dataclass(frozen=True)
class SeedCatalogue:
    sessions: tuple[SeedSession, ...]
    recommendations: dict[str, tuple[str, ...]]


def _sessions(data: dict[str, Any]) -> tuple[SeedSession, ...]:
    return tuple(
        SeedSession(
            title=" ".join(entry["title"].split()),
            job=job,
            order=position,
            minutes=int(entry["minutes"]),
            description=" ".join(entry["description"].split()),
        )
        for job in JOBS
        for position, entry in enumerate(data["jobs"][job], start=1)
    )


def seed_texts(language: str | None = None) -> dict[str, SeedSession]:
    """The seed sessions by key in `language` (default: the active one), from
    content/<lang>/catalogue.yaml when translated (aktiv/lib/content.py). Callers must not
    change what they get: it is made once per language and process (a list of sessions
    asked for it twice a row)."""
    return _seed_texts(content.localized_path(CATALOGUE_FILE, language))


@cache
def _seed_texts(path: Path) -> dict[str, SeedSession]:
    return {seed.key: seed for seed in _sessions(content.load(path, settings.LANGUAGE_CODE))}


def read_catalogue(path: Path = CATALOGUE_FILE) -> SeedCatalogue:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    if set(data["jobs"]) != set(JOBS):
        raise ValueError(f"{path.name}: the jobs must be exactly {JOBS}")
    sessions = _sessions(data)
    titles = {s.title for s in sessions}
    recommendations = {key: tuple(titles_) for key, titles_ in data["recommendations"].items()}
    unknown = {t for ts in recommendations.values() for t in ts} - titles
    if unknown:
        raise ValueError(f"{path.name}: recommendations name unknown sessions: {unknown}")
    return SeedCatalogue(sessions=sessions, recommendations=recommendations)


def catalogue_load(session_model: Any, recommendation_model: Any, entry_model: Any) -> None:
    catalogue = read_catalogue()
    by_title = {}
    for seed in catalogue.sessions:
        by_title[seed.title] = session_model.objects.create(
            title=seed.title,
            job=seed.job,
            order=seed.order,
            duration_minutes=seed.minutes,
            description=seed.description,
        )
    for key, titles in catalogue.recommendations.items():
        recommendation = recommendation_model.objects.create(dimension_key=key)
        entry_model.objects.bulk_create(
            entry_model(recommendation=recommendation, session=by_title[title], position=position)
            for position, title in enumerate(titles, start=1)
        )


def catalogue_unload(session_model: Any, recommendation_model: Any, entry_model: Any) -> None:
    """Remove what `catalogue_load` added; the organisation's own sessions stay."""
    catalogue = read_catalogue()
    entry_model.objects.filter(recommendation__dimension_key__in=catalogue.recommendations).delete()
    recommendation_model.objects.filter(dimension_key__in=catalogue.recommendations).delete()
    session_model.objects.filter(
        created_by__isnull=True, title__in=[s.title for s in catalogue.sessions]
    ).delete()


def seed_keys_set(session_model: Any) -> None:
    """Give each seed session still in the database its key, so its texts can be shown in
    the reader's language (LearningSession.shown_title)."""
    for seed in read_catalogue().sessions:
        session_model.objects.filter(created_by__isnull=True, title=seed.title).update(
            seed_key=seed.key
        )
