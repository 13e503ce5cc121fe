"""What is waiting for a person: one row per thing that happened to them, and how they want
to hear about each kind by e-mail.

A notification never holds content: only its kind, who caused it, the id of what it is
about and the path of the page where that lives. The text is drawn from the kind when shown,
and the page behind the path checks, as always, whether the reader may still see it."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aktiv.lib.memo import per_request
from aktiv.lib.sql import scalar


class Kind(models.TextChoices):
    GOAL_PROPOSED = "goal_proposed", _("Mål foreslått")
    GOAL_SENT_BACK = "goal_sent_back", _("Mål sendt tilbake")
    GOAL_AGREED = "goal_agreed", _("Mål avtalt")
    PREPARATION_READY = "preparation_ready", _("Forberedelse klar")
    FOLLOW_UP_PLANNED = "follow_up_planned", _("Oppfølgingssamtale planlagt")
    FOLLOW_UP_MOVED = "follow_up_moved", _("Oppfølgingssamtale flyttet")
    FOLLOW_UP_CANCELLED = "follow_up_cancelled", _("Oppfølgingssamtale avlyst")
    ACTION_ASSIGNED = "action_assigned", _("Tiltak til deg")
    ACTION_DUE_SOON = "action_due_soon", _("Tiltak med frist om to dager")
    ACTION_OVERDUE = "action_overdue", _("Tiltak på overtid")
    EVALUATION_SUBMITTED = "evaluation_submitted", _("Vurdering levert")
    EVALUATION_TO_CONFIRM = "evaluation_to_confirm", _("Oppsummering klar til å bekreftes")
    EXPECTATIONS_NEW = "expectations_new", _("Nye forventninger")
    SHARED = "shared", _("Delt med deg")
    WELCOME = "welcome", _("Velkommen")


# What the inbox says, from the kind and who caused it: never what was written.
TEXTS = {
    Kind.GOAL_PROPOSED: _("%(actor)s har foreslått et mål."),
    Kind.GOAL_SENT_BACK: _("%(actor)s har sendt et mål tilbake til deg med en kommentar."),
    Kind.GOAL_AGREED: _("%(actor)s har godkjent et mål."),
    Kind.PREPARATION_READY: _("%(actor)s har forberedt seg til oppfølgingssamtalen."),
    Kind.FOLLOW_UP_PLANNED: _("%(actor)s har planlagt oppfølgingssamtaler med deg."),
    Kind.FOLLOW_UP_MOVED: _("%(actor)s har flyttet en oppfølgingssamtale."),
    Kind.FOLLOW_UP_CANCELLED: _("%(actor)s har avlyst en oppfølgingssamtale."),
    Kind.ACTION_ASSIGNED: _("%(actor)s har gitt deg et tiltak."),
    Kind.ACTION_DUE_SOON: _("Et tiltak du eier, har frist om to dager."),
    Kind.ACTION_OVERDUE: _("Et tiltak du eier, har passert fristen."),
    Kind.EVALUATION_SUBMITTED: _("%(actor)s har levert sin vurdering av målene."),
    Kind.EVALUATION_TO_CONFIRM: _("Oppsummeringen av medarbeidersamtalen er klar til å bekreftes."),
    Kind.EXPECTATIONS_NEW: _("Nye forventninger er publisert. Les og bekreft."),
    Kind.SHARED: _("%(actor)s har delt noe med deg."),
    Kind.WELCOME: _("Velkommen til Aktiv! Start med en egenvurdering."),
}


class Choice(models.TextChoices):
    IMMEDIATE = "immediate", _("Straks")
    DIGEST = "digest", _("Daglig sammendrag")
    OFF = "off", _("Av")


# Kinds with an e-mail of their own (the calendar invitation, the leader's ready notice):
# "straks" is that e-mail, so no second one goes.
OWN_EMAIL = frozenset(
    {
        Kind.FOLLOW_UP_PLANNED,
        Kind.FOLLOW_UP_MOVED,
        Kind.FOLLOW_UP_CANCELLED,
        Kind.PREPARATION_READY,
    }
)
DEFAULTS: dict[str, str] = {kind.value: Choice.DIGEST.value for kind in Kind} | {
    kind.value: Choice.IMMEDIATE.value for kind in OWN_EMAIL
}
DEFAULTS[Kind.WELCOME.value] = Choice.OFF.value


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_person(self, person: Any) -> NotificationQuerySet:
        if not getattr(person, "is_authenticated", False):
            return self.none()
        return self.filter(person=person)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


def unread_count(person: Any) -> int:
    """The header's count and the inbox's: one COUNT a request (aktiv.lib.memo)."""
    if not getattr(person, "is_authenticated", False):
        return 0
    return per_request(
        ("notifications.unread", person.pk),
        # Asked on every page: lib/sql.py says why not the ORM.
        lambda: int(
            scalar(
                Notification,
                "SELECT COUNT(*) FROM {table} WHERE person_id = %s AND read_at IS NULL",
                [person.pk],
            )
        ),
    )


class Notification(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottaker"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("hva"), max_length=40, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hvem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_uuid = models.UUIDField(_("gjelder"), null=True, blank=True)
    url = models.CharField(_("lenke"), max_length=300)
    # A sweep's notice goes once per thing: "due:<action uuid>", "welcome".
    once_key = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("sendt på e-post"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "once_key"],
                condition=~Q(once_key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def text(self) -> str:
        name = self.actor.full_name if self.actor else _("Noen")
        return str(TEXTS[Kind(self.kind)]) % {"actor": name}


class EmailPreference(models.Model):
    """How a person wants to hear about one kind by e-mail (no row: DEFAULTS)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="email_preferences",
    )
    kind = models.CharField(_("hva"), max_length=40, choices=Kind.choices)
    choice = models.CharField(_("e-post"), max_length=20, choices=Choice.choices)

    class Meta:
        verbose_name = _("e-postvalg")
        verbose_name_plural = _("e-postvalg")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_email_choice_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.choice}"


def choices_of(person: Any) -> dict[str, str]:
    """Every kind's e-mail choice for this person, defaults filled in (one query)."""
    stored = dict(EmailPreference.objects.filter(person=person).values_list("kind", "choice"))
    return DEFAULTS | stored
