"""The welcome e-mail every new person gets (from the HR form, the import or SCIM).

With single sign-on on (`settings.OIDC_ISSUER`), it links to the sign-in page; otherwise to
a page where the person chooses their first password. That link is Django's password-reset
token with its own salt and lifetime (INVITATION_DAYS): it works once, because choosing a
password changes what the token hashes, and no longer than that."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from aktiv.audit.services import action_log
from aktiv.people.models import EmailChange, Person

from .models import Invitation

# Only people made this recently count as new when HR or a system touches them: an update
# of an old account that never signed in does not suddenly mail it (HR can send one by hand).
NEW_WITHIN = timedelta(days=1)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "aktiv.integrations.invitations.InvitationTokenGenerator"

    def check_token(self, user: Any, token: str | None) -> bool:
        """Django's check, with INVITATION_DAYS in place of PASSWORD_RESET_TIMEOUT."""
        if not (user and token) or token.count("-") != 1:
            return False
        ts_b36 = token.split("-")[0]
        try:
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        age = self._num_seconds(self._now()) - ts
        return age <= settings.INVITATION_DAYS * 24 * 60 * 60


invitation_tokens = InvitationTokenGenerator()


def sso_on() -> bool:
    return bool(getattr(settings, "OIDC_ISSUER", ""))


def invitation_url(person: Person) -> str:
    if sso_on():
        return settings.SITE_URL + reverse("login")
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = invitation_tokens.make_token(person)
    return settings.SITE_URL + reverse("integrations:invitation_accept", args=[uid, token])


def _queue() -> None:
    """One run of the sender sends every pending invitation, so a run already waiting is
    enough: provisioning 100,000 people queues a handful, not 100,000."""
    from .tasks import send_invitations  # the task module renders mail with this module

    waiting = DBTaskResult.objects.ready().filter(task_path=send_invitations.module_path)
    if not waiting.exists():
        send_invitations.enqueue()


def invitations_for_people(people: Iterable[Any]) -> None:
    """The people_changed hook (lib/hooks.py): each new person who has never signed in, has
    no password yet and was never invited gets an invitation, sent by the worker. Runs in
    the caller's transaction, so the invitations exist exactly when the people do."""
    since = timezone.now() - NEW_WITHIN
    new = [
        Invitation(person=person)
        for person in people
        if person.is_active
        and person.last_login is None
        and person.date_joined >= since
        and not person.has_usable_password()  # one made with a password has a way in
    ]
    if new:
        Invitation.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        _queue()


def not_signed_in() -> Any:
    """People who have never signed in: HR's people page marks them."""
    return Person.objects.filter(is_active=True, last_login__isnull=True)


@transaction.atomic
def invitation_resend(*, actor: Person, person: Person) -> Invitation:
    """HR sends the invitation again (a new link; the old one still works until it
    expires). Refused for someone who has signed in, and while a change of their address
    is on hold, when no password link may go to the new address."""
    if not person.is_active:
        raise ValidationError(_("Personen er deaktivert."))
    if person.last_login is not None:
        raise ValidationError(_("%(name)s har allerede logget inn.") % {"name": person})
    if EmailChange.objects.holding().filter(person=person).exists():
        raise ValidationError(
            _("E-postadressen ble nylig endret. Invitasjonen kan sendes når fristen er ute.")
        )
    invitation, _created = Invitation.objects.get_or_create(person=person)
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=None)
    action_log(actor=actor, action="invitation_resend", obj=person)
    _queue()
    return invitation


def claim(invitation: Invitation) -> bool:
    """Stamp the invitation unless another run already has: True if this run may send."""
    return bool(
        Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
    )


def release(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=None)


def pending() -> Any:
    return Invitation.objects.filter(
        sent_at__isnull=True, person__is_active=True, person__last_login__isnull=True
    ).select_related("person")
