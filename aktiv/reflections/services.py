"""Writes to worksheets: validated first, saved in one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.lib.validation import check_lengths
from aktiv.people.models import Person

from .models import PendingAgendaItem, Worksheet
from .registry import Data, Tool


def worksheet_start(*, person: Person, tool: Tool) -> Worksheet:
    """Open the person's draft for this tool, or start a new version prefilled from the
    last finished one (or from the tool's proposal for a first try)."""
    if not tool.is_for(is_leader=person.is_leader):
        raise ValidationError(_("Dette verktøyet er for ledere."))
    with transaction.atomic():
        draft = (
            Worksheet.objects.drafts()
            .select_for_update()
            .filter(person=person, tool_key=tool.key)
            .first()
        )
        if draft is not None:
            return draft
        last = Worksheet.objects.owned_by(person).done().for_tool(tool.key).first()
        if last is None:
            data: Data = tool.proposal(person) if tool.proposal else {}
        else:
            data = tool.carry_over(dict(last.data), person) if tool.carry_over else dict(last.data)
        return Worksheet.objects.create(person=person, tool_key=tool.key, data=data)


@transaction.atomic
def worksheet_save(*, worksheet: Worksheet, data: Data, done: bool = False) -> None:
    if worksheet.is_done:
        raise ValidationError(_("Arbeidsarket er markert som ferdig og kan ikke endres."))
    worksheet.data = data
    fields = ["data", "updated_at"]
    if done:
        worksheet.status = Worksheet.Status.DONE
        worksheet.completed_at = timezone.now()
        fields += ["status", "completed_at"]
    worksheet.save(update_fields=fields)
    if done:
        _collect_agenda_items(worksheet)


def _collect_agenda_items(worksheet: Worksheet) -> None:
    """A finished worksheet may ask for an item on the next follow-up's agenda."""
    request = worksheet.tool.agenda_item
    text = request(worksheet.data) if request else ""
    if text:
        check_lengths(PendingAgendaItem, text=text)
        PendingAgendaItem.objects.create(person=worksheet.person, text=text, source=worksheet)


@transaction.atomic
def worksheet_delete(*, worksheet: Worksheet, actor: Person) -> None:
    """A person may delete their own worksheets, finished or not (PRODUCT.md section 3)."""
    if worksheet.person_id != actor.pk:
        raise ValidationError(_("Bare eieren kan slette arbeidsarket."))
    worksheet.delete()
