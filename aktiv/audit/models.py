"""Who read or changed another person's data: actor, subject, object and time, never the
content, so the log does not outlive a deletion of what it points at."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def about(self, person: Any) -> AccessLogQuerySet:
        return self.filter(subject=person).exclude(actor=person)


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        READ = "read", _("leste")
        SHARE = "share", _("delte")
        WITHDRAW = "withdraw", _("trakk tilbake deling")
        CHANGE = "change", _("endret")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_log"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_uuid = models.UUIDField()
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Reads of one object by one reader within an hour are one row: how many, and the last.
    count = models.PositiveIntegerField(default=1)
    last_at = models.DateTimeField(null=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("logginnslag")
        verbose_name_plural = _("tilgangslogg")

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.object_type} {self.object_uuid}"


class ActionEntry(models.Model):
    """What HR and administrators did to the organisation's setup (periods, goals, people):
    who, what, which object, when; never the content."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60)
    object_uuid = models.UUIDField(null=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("handling")
        verbose_name_plural = _("handlingslogg")

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.object_type}"
