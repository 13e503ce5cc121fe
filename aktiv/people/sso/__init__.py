"""Single sign-on with OpenID Connect (docs/sso.md).

Authlib speaks the protocol (discovery, PKCE, state, nonce, the ID token's signature against
the provider's JWKS, its issuer, audience and expiry); this package decides who the person is
(`services.py`) and what the pages say (`views.py`). On when `settings.OIDC_ISSUER` is set."""

from django.conf import settings


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER)
