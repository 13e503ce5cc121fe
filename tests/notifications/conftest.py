"""The conversation fixtures (tasks run at once, a current period, the pair's record)."""

from ..conversations.conftest import at, current_period, failed_tasks, follow_up, record

__all__ = ["at", "current_period", "failed_tasks", "follow_up", "record"]
