from django.http import HttpRequest


def login_username(request: HttpRequest, credentials: dict[str, str] | None) -> str:
    """The account an attempt is counted against. Django reports failures with the form's
    `username` key, axes checks locks with the model's `email` key: read either, and
    lowercase, since e-mail addresses are case-insensitive for login and for throttling."""
    source = credentials if credentials is not None else request.POST
    return str(source.get("email") or source.get("username") or "").strip().lower()
