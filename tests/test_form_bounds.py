"""Every text a form takes has a maximum length, refused with a Norwegian message of our own,
and every date a first and a last day: every form class in Aktiv (every `forms.py`, forms
defined beside views, each reflection tool's worksheet) is built, and a field without its
bound fails here by form and field name."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

import aktiv
from aktiv.assessments import definitions
from aktiv.conversations.models import ConversationRecord, Period
from aktiv.goals.models import PersonalGoal
from aktiv.reflections import registry

from .conftest import Org
from .factories import submitted_response

# Modules that are not code of the running app, or that start something when imported.
SKIP = (".migrations", "aktiv.__main__", "aktiv.wsgi", "aktiv.asgi", "aktiv.settings")


def _import_everything() -> None:
    for info in pkgutil.walk_packages(aktiv.__path__, "aktiv."):
        if not any(skip in info.name for skip in SKIP):
            importlib.import_module(info.name)


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def form_classes() -> list[type[forms.BaseForm]]:
    _import_everything()
    # The Django admin's forms are Django's, for operators: not the product's forms.
    found = {
        c
        for c in _subclasses(forms.BaseForm)
        if c.__module__.startswith("aktiv.") and not c.__module__.endswith(".admin")
    }
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _record(org: Org) -> ConversationRecord:
    today = timezone.localdate()
    period = Period.objects.create(
        name="Periode", starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31)
    )
    return ConversationRecord.objects.create(
        period=period, employee=org.employee, leader=org.leader
    )


Build = Callable[[type[Any]], list[forms.BaseForm]]


def _builders(org: Org) -> dict[str, Build]:
    """The forms whose constructor takes something, or whose fields depend on content."""
    record = _record(org)
    goal = PersonalGoal(record=record, title="Mål")
    return {
        "AnswersForm": lambda cls: [cls(i) for i in definitions.all_latest()],
        "FocusAreasForm": lambda cls: [cls(submitted_response(org.employee))],
        "AssessmentForm": lambda cls: [cls([goal])],
        "AgreedActionForm": lambda cls: [cls(record)],
        "PersonalGoalForm": lambda cls: [cls(serves=[])],
        "GoalForm": lambda cls: [cls(parents=[])],
        "UnitForm": lambda cls: [cls(paths=[])],
        "PersonForm": lambda cls: [cls(paths=[])],
        "FiguresForm": lambda cls: [cls(today=timezone.localdate())],
        "SetPasswordForm": lambda cls: [cls(org.employee)],
        # A worksheet form as each tool that uses it builds it (the base: with any tool).
        "WorksheetForm": lambda cls: [
            cls(tool=tool, person=org.employee)
            for tool in [t for t in registry.all_tools() if t.form_class is cls]
            or registry.all_tools()[:1]
        ],
    }


def _instances(cls: type[forms.BaseForm], builders: dict[str, Build]) -> list[forms.BaseForm]:
    key = "WorksheetForm" if issubclass(cls, registry.WorksheetForm) else cls.__name__
    if key in builders:
        return builders[key](cls)
    try:
        return [cls()]
    except TypeError as error:
        pytest.fail(
            f"{cls.__module__}.{cls.__qualname__} needs arguments ({error}): add a builder "
            f"in {__name__}._builders so its fields are checked."
        )


def takes_text(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) or isinstance(field.widget, forms.Textarea)


def takes_a_date(field: forms.Field) -> bool:
    return isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField)


def bounded_below_and_above(field: forms.Field) -> bool:
    kinds = {type(v) for v in field.validators}
    return {MinValueValidator, MaxValueValidator} <= kinds


def unbounded(form: forms.BaseForm) -> list[str]:
    """The form's text fields without a maximum length (or refused in Django's words), and
    its date fields without a first and a last day."""
    problems = []
    for name, field in form.fields.items():
        where = f"{type(form).__module__}.{type(form).__qualname__}.{name}"
        if takes_a_date(field) and not bounded_below_and_above(field):
            problems.append(f"{where}: a date without a range (lib.forms.day_range)")
        if not takes_text(field):
            continue
        if getattr(field, "max_length", None) is None:
            problems.append(f"{where}: no max_length")
        elif isinstance(field, forms.CharField) and "max_length" not in field.error_messages:
            problems.append(f"{where}: no message of ours for a text too long (lib.forms.TOO_LONG)")
    return problems


def test_the_walk_finds_the_forms():
    names = {c.__name__ for c in form_classes()}
    assert {"SessionForm", "RetentionForm", "CodeForm", "CoreAreaForm", "PeriodForm"} <= names


def test_every_text_and_date_field_is_bounded(org):
    builders = _builders(org)
    problems = [
        problem
        for cls in form_classes()
        for form in _instances(cls, builders)
        for problem in unbounded(form)
    ]
    assert not problems, "\n".join(problems)


def test_a_form_that_needs_arguments_is_named():
    class Needy(forms.Form):
        def __init__(self, record: Any) -> None:
            super().__init__()

    with pytest.raises(pytest.fail.Exception, match="Needy needs arguments"):
        _instances(Needy, {})


def test_unbounded_names_the_field():
    class Loose(forms.Form):
        text = forms.CharField()
        area = forms.Field(widget=forms.Textarea)
        quiet = forms.CharField(max_length=10)
        day = forms.DateField()

    where = f"{__name__}.{Loose.__qualname__}"
    assert unbounded(Loose()) == [
        f"{where}.text: no max_length",
        f"{where}.area: no max_length",
        f"{where}.quiet: no message of ours for a text too long (lib.forms.TOO_LONG)",
        f"{where}.day: a date without a range (lib.forms.day_range)",
    ]
