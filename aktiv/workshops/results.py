"""The group's figures for a step: how many answered, and, once the anonymity gate lets them
through, the distribution per statement and (if collected) the free texts in random order.

The figures grow in whole groups of k answers (the step's threshold): the latest answers
wait until k of them have come. A live screen changes with every answer otherwise, and
whoever sees someone press "Send" could read that person's answer off the change (the
subtraction the anonymity gate guards against between units).

Live figures are built from the answers; a closed workshop shows the summary frozen at its
close. Both are the same plain dicts, so the presenter page and the PDF draw either."""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from aktiv.lib.anonymity import MINIMUM_THRESHOLD, gate
from aktiv.lib.numbers import one_decimal

from .models import SCALE, Step, Workshop

StepResult = dict[str, Any]


def _k(step: Step) -> int:
    return max(MINIMUM_THRESHOLD, step.workshop.threshold)


def _shown(step: Step, counted: int) -> bool:
    # One "unit" (the step) holding `counted` distinct, unnamed participants.
    unit = step.pk
    return gate({unit: None}, {unit: range(counted)}, threshold=_k(step)).allows(unit)


def _whole_groups(values: list[Any], k: int) -> list[Any]:
    return values[: len(values) // k * k]


def _random_order(step: Step, pk: int) -> str:
    # Random, yet stable between refreshes: a new text drops in somewhere, nothing jumps.
    return hashlib.sha256(f"{step.uuid}:{pk}".encode()).hexdigest()


def step_result(step: Step) -> StepResult:
    answered = step.submissions.count()
    k = _k(step)
    counted = answered // k * k
    result: StepResult = {
        "uuid": str(step.uuid),
        "title": step.title,
        "kind": step.kind,
        "answered": answered,
        "waiting": answered - counted,
        "shown": _shown(step, counted),
        "low": step.scale_labels[0],
        "high": step.scale_labels[1],
        "items": [],
        "texts": [],
    }
    if not result["shown"]:
        return result
    values: dict[str, list[int]] = {key: [] for key, _text in step.items()}
    texts: list[tuple[str, str]] = []
    rows = step.answers.order_by("pk").values_list("pk", "item_key", "value", "text")
    for pk, item_key, value, text in rows:
        if value is not None and item_key in values:
            values[item_key].append(value)
        elif text:
            texts.append((_random_order(step, pk), text))
    for key, text in step.items():
        counts = Counter(values[key][:counted])
        tally = [counts[value] for value in SCALE]
        total = sum(tally)
        mean = sum(v * n for v, n in zip(SCALE, tally, strict=True)) / total if total else None
        result["items"].append({"key": key, "text": text, "counts": tally, "mean": mean})
    if step.takes_text():
        result["texts"] = [text for _order, text in sorted(_whole_groups(texts, k))]
    return result


def workshop_results(workshop: Workshop) -> list[StepResult]:
    """Every step's figures: live while open, frozen once closed (in the reader's language:
    the figures are frozen, the words come from the steps)."""
    steps = list(workshop.steps.select_related("workshop"))
    if not workshop.is_open:
        by_uuid = {str(step.uuid): step for step in steps}
        return [
            _in_readers_words(result, by_uuid.get(result["uuid"])) for result in workshop.summary
        ]
    return [step_result(step) for step in steps]


def _in_readers_words(result: StepResult, step: Step | None) -> StepResult:
    """A frozen result with its title, scale labels and statements in the active language:
    the summary was written in the language of whoever closed the workshop."""
    if step is None:
        return result
    texts = dict(step.items())
    low, high = step.scale_labels
    return {
        **result,
        "title": step.title,
        "low": low,
        "high": high,
        "items": [
            {**item, "text": texts.get(item["key"], item["text"])} for item in result["items"]
        ],
    }


BAR_HEIGHT = 40


def for_display(results: list[StepResult]) -> list[StepResult]:
    """The results with each statement's bars (heights on a 0–40 scale, the tallest full)
    and its mean written the Norwegian way."""
    shown = []
    for result in results:
        items = []
        for item in result["items"]:
            top = max(item["counts"]) or 1
            heights = [round(BAR_HEIGHT * n / top, 1) for n in item["counts"]]
            bars = [
                {"value": value, "count": n, "height": h, "y": BAR_HEIGHT - h}
                for value, n, h in zip(SCALE, item["counts"], heights, strict=True)
            ]
            mean = item["mean"]
            items.append(item | {"bars": bars, "mean_text": one_decimal(mean) if mean else "–"})
        shown.append(result | {"items": items})
    return shown
