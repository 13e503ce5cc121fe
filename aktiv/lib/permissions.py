from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def hr_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """HR pages: anyone else gets the same 404 as for a page that does not exist."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_hr", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
