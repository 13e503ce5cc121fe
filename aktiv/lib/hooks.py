"""Changes in a lower layer that the apps above must follow, without the lower layer
importing them. When HR adds people, moves them under a new leader or brings them back, the
employee conversation gives each new leader–employee pair its record at once, so no page
view ever has to make one (a GET writes nothing). Handlers are registered in an app's
`ready()` and called explicitly by the service that made the change, in its transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

PeopleHandler = Callable[[list[Any]], None]
_people_changed: list[PeopleHandler] = []


def on_people_changed(handler: PeopleHandler) -> None:
    if handler not in _people_changed:
        _people_changed.append(handler)


def people_changed(people: Iterable[Any]) -> None:
    """These people were created, reactivated or got a new leader."""
    changed = list(people)
    if changed:
        for handler in _people_changed:
            handler(changed)


# The worker's periodic sweep: tasks (django-tasks) each app asks to have queued every few
# minutes, so the worker need not import the apps above it.
_sweep: list[Any] = []


def on_sweep(task: Any) -> None:
    if task not in _sweep:
        _sweep.append(task)


def sweep_tasks() -> tuple[Any, ...]:
    return tuple(_sweep)


# What a lower layer's page may offer a person from the apps above, by name: the
# organisation's needs in KAN – LIKER are the goals of the person's unit and organisation.
Suggester = Callable[[Any], list[str]]
_suggesters: dict[str, Suggester] = {}


def on_suggest(name: str, suggester: Suggester) -> None:
    _suggesters[name] = suggester


def suggest(name: str, person: Any) -> list[str]:
    suggester = _suggesters.get(name)
    return suggester(person) if suggester else []


# Something happened that a person should hear about (notifications): the lower layers name
# the event, the notifications app above them decides who is told.
EventHandler = Callable[..., None]
_events: list[EventHandler] = []


def on_event(handler: EventHandler) -> None:
    if handler not in _events:
        _events.append(handler)


def event(name: str, **details: Any) -> None:
    """`welcome` (people) when people are created; `shared` (item) when an item is shared."""
    for handler in _events:
        handler(name, **details)
