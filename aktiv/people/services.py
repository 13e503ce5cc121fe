"""Changes to a person's sign-in and to the organisation's security settings: each checks
its rules, saves in one transaction and is written to the action log."""

from __future__ import annotations

from django.db import transaction

from aktiv.audit.services import action_log

from .models import OrganisationSettings, Person


@transaction.atomic
def second_factor_policy_set(*, actor: Person, leaders: bool) -> OrganisationSettings:
    """Whether leaders, too, must sign in with a second factor. Leaders without one are
    sent to set it up at their next click (twofactor.require_second_factor)."""
    current = OrganisationSettings.objects.select_for_update().get(
        pk=OrganisationSettings.current().pk
    )
    if current.leaders_need_second_factor == leaders:
        return current
    current.leaders_need_second_factor = leaders
    current.save(update_fields=["leaders_need_second_factor", "updated_at"])
    action = "leaders_second_factor_on" if leaders else "leaders_second_factor_off"
    action_log(actor=actor, action=action, obj=current)
    return current
