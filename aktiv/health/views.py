"""/helse/live and /helse/klar, for a load balancer, systemd or a monitor.

Open without signing in, so they say as little as possible: "ok", or one short reason
(never a version, a count or an error message), and nothing may keep the answer."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import WorkerHeartbeat

# Once every migration is applied the answer cannot change while this process runs (its code
# is fixed), so only the first check reads the migration files.
_migrated = False


def _text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


@login_not_required
@never_cache
@require_safe
def live(request: HttpRequest) -> HttpResponse:
    """The process answers requests (restart it if not)."""
    return _text("ok")


def migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


def not_ready_because() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not migrations_applied():
            return "migrations pending"
        max_age = settings.HEALTH_WORKER_MAX_AGE
        if max_age and not WorkerHeartbeat.seen_within(max_age):
            return "worker not seen"
    except DatabaseError:
        return "database unreachable"
    return None


@login_not_required
@never_cache
@require_safe
def ready(request: HttpRequest) -> HttpResponse:
    """Aktiv can serve: the database answers, its schema is current and a worker sends the
    e-mails (send traffic here only when 200)."""
    reason = not_ready_because()
    return _text("ok") if reason is None else _text(reason, status=503)
