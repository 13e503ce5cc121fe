"""Sharing one item with one's leader.

Everything a person creates (self-assessments now; reflections and competence later) is
theirs and private by default. The person may share one item with their *current* leader,
by name, and withdraw it. A change of leader never hands the old leader's view to the new
one: visibility requires both that the item was shared with the viewer and that the viewer
still is the owner's leader."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aktiv.lib import hooks

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import Person


_M = TypeVar("_M", bound="Shareable")


class ShareableQuerySet(models.QuerySet[_M]):
    def visible_to(self, viewer: Person | AnonymousUser) -> Self:
        """What this viewer may see: their own items, and items their direct reports shared
        with them. HR and everyone else see nothing here."""
        if not viewer.is_authenticated or not viewer.is_active:
            return self.none()
        shared = Q(shared_with=viewer, person__leader=viewer, person__is_active=True)
        return self.filter(Q(person=viewer) | (shared & self.model.shareable_q()))

    def owned_by(self, viewer: Person | AnonymousUser) -> Self:
        if not viewer.is_authenticated:
            return self.none()
        return self.filter(person=viewer)

    def shared_with_leader(self, leader: Person) -> Self:
        """Items that direct reports currently share with this leader."""
        return self.visible_to(leader).exclude(person=leader)


class Shareable(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_set",
    )
    shared_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delt med"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    shared_at = models.DateTimeField(_("delt"), null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def shareable_q(cls) -> Q:
        """Which of the model's rows may be seen by someone they are shared with."""
        return Q()

    def data_subject(self) -> Any:
        """Whose data this is: the person whose reads by others are logged."""
        return self.person

    def can_be_shared(self) -> bool:
        return True

    # Why this item cannot be shared yet (shown to its owner).
    not_ready_message = _("Dette kan ikke deles ennå.")

    @property
    def is_shared_with_current_leader(self) -> bool:
        leader_id = self.person.leader_id
        return self.shared_with_id is not None and self.shared_with_id == leader_id

    def share_with_leader(self) -> None:
        leader = self.person.leader
        if leader is None or not self.can_be_shared():
            raise ValueError("Nothing to share with")
        self.shared_with = leader
        self.shared_at = timezone.now()
        self.save(update_fields=["shared_with", "shared_at"])

    def withdraw_share(self) -> None:
        self.shared_with = None
        self.shared_at = None
        self.save(update_fields=["shared_with", "shared_at"])


def shares_end_with_former_leaders(people: list[Person]) -> None:
    """What these people shared with a leader who is no longer theirs is no longer shared
    (lib.hooks.people_changed: a new leader, by hand, import, SCIM or the API). Hidden from
    the former leader already (`visible_to` asks for the current leader); ended here, so that
    it does not come back should the former leader become theirs again. One statement per
    kind of shared item, whatever the number of people."""
    from django.apps import apps

    ids = [person.pk for person in people]
    for model in apps.get_models():
        if issubclass(model, Shareable):
            model._default_manager.filter(person_id__in=ids, shared_with__isnull=False).exclude(
                shared_with_id=models.F("person__leader_id")
            ).update(shared_with=None, shared_at=None)


@transaction.atomic
def item_share(*, item: Shareable, actor: Person) -> None:
    """Share one item with the actor's current leader, by name."""
    if item.person_id != actor.pk:
        raise ValidationError(gettext("Bare eieren kan dele."))
    if actor.leader is None:
        raise ValidationError(gettext("Du har ingen leder registrert å dele med."))
    if not item.can_be_shared():
        raise ValidationError(str(item.not_ready_message))
    item.share_with_leader()
    hooks.event("shared", item=item)


@transaction.atomic
def item_withdraw(*, item: Shareable, actor: Person) -> None:
    if item.person_id != actor.pk:
        raise ValidationError(gettext("Bare eieren kan trekke tilbake delingen."))
    item.withdraw_share()
