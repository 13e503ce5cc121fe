"""What the health endpoints know that no request can find out by itself: when a background
worker was last alive. Nothing here is about a person."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone

# One row for all workers: the readiness check asks whether *any* worker is alive, and a
# fixed key keeps the table at one row however often workers restart.
ROW = 1


class WorkerHeartbeat(models.Model):
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"worker seen {self.seen_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls) -> None:
        cls.objects.update_or_create(pk=ROW, defaults={"seen_at": timezone.now()})

    @classmethod
    def seen_within(cls, seconds: int) -> bool:
        since = timezone.now() - timedelta(seconds=seconds)
        return cls.objects.filter(pk=ROW, seen_at__gte=since).exists()
