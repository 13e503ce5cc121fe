"""People, their units and their leaders.

A person has one leader (or none at the top) and belongs to one unit. A leader is simply a
person with direct reports; HR is a role given to a person."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, DeviceManager

from aktiv.lib.memo import forget, per_request
from aktiv.lib.sql import scalar


class Unit(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unit_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def path(self) -> str:
        """ "Root / Child / Unit" (aktiv/people/units.py)."""
        from .units import path_of  # the tree module is built on this model

        return path_of(self)

    def clean(self) -> None:
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("En enhet kan ikke ligge under seg selv.")})
            node = node.parent


# The languages Aktiv speaks, each named in itself (a reader looks for their own language's
# name); bokmål is the source. settings.LANGUAGES lists the same codes.
LANGUAGE_CHOICES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]


# The name an erased person's account keeps (people/privacy.py, person_erase).
ERASED_NAME = "Slettet person"


class UnitMove(models.Model):
    """A unit given another parent. Figures of a closed period are drawn on the tree as it
    was when the period ended (people/units.py `units_at`): moving a small unit from one
    parent to another afterwards would otherwise change both parents' figures by exactly
    its people's answers."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="moves")
    from_parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moved_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("flytting av enhet")
        verbose_name_plural = _("flyttinger av enheter")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.from_parent_id} ({self.moved_at:%Y-%m-%d})"


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def hr_editable(self) -> models.QuerySet[Person]:
        """The people HR may change, by hand or by import. Administrator accounts are left
        to the Django admin: changing one would let anyone with the HR role take it over
        through "Glemt passordet?". An erased account stays erased."""
        return self.filter(is_staff=False, is_superuser=False).exclude(full_name=ERASED_NAME)

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> Person:
        if not email:
            raise ValueError("A person needs an e-mail address")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> Person:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("full_name", email.split("@")[0])
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> Person:
        return self.get(email__iexact=username)


# The related manager of SignInIdentity (a django-otp Device, untyped) is not resolved by mypy.
class Person(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-post"), unique=True)
    full_name = models.CharField(_("navn"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    leader = models.ForeignKey(
        "self",
        verbose_name=_("leder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
    )
    is_hr = models.BooleanField(
        _("HR"), default=False, help_text=_("Ser anonymiserte tall og forvalter organisasjonen.")
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(
        _("administrator"), default=False, help_text=_("Har tilgang til administrasjonen.")
    )
    date_joined = models.DateTimeField(_("opprettet"), default=timezone.now)
    language = models.CharField(
        _("språk"),
        max_length=2,
        blank=True,
        choices=LANGUAGE_CHOICES,
        help_text=_("Tomt: organisasjonens standardspråk."),
    )

    objects: ClassVar[PersonManager] = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["full_name"]
        # HR's people list is read 50 at a time in this order (PostgreSQL walks the index
        # instead of sorting every person).
        indexes = [models.Index(fields=["full_name", "email"], name="person_name_email")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_session_auth_hash(self) -> str:
        return self._get_session_auth_hash()

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """The password and the e-mail address: Django ends a session whose hash no longer
        matches, so a changed address signs the person out everywhere, as a changed
        password does (PRODUCT.md section 3: nobody can become another person)."""
        return salted_hmac(
            "aktiv.people.models.Person.get_session_auth_hash",
            f"{self.password}\x00{self.email.lower()}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def first_name(self) -> str:
        return self.get_short_name()

    @property
    def is_leader(self) -> bool:
        """A leader is a person with at least one active direct report."""
        cached = getattr(self, "_is_leader", None)
        if cached is None:
            # Asked on every page (the menu, the second factor): lib/sql.py says why not the ORM.
            cached = bool(
                scalar(
                    Person,
                    "SELECT 1 FROM {table} WHERE leader_id = %s AND is_active = %s LIMIT 1",
                    [self.pk, True],
                )
            )
            self._is_leader = cached
        return cached

    def active_direct_reports(self) -> models.QuerySet[Person]:
        return self.direct_reports.filter(is_active=True).select_related("unit")

    @property
    def preferred_language(self) -> str:
        """The language Aktiv speaks to this person: their own choice, else the
        organisation's default (people/languages.py)."""
        from .languages import organisation_language  # reads OrganisationSettings below

        return self.language or organisation_language()

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()
        leader = self.leader
        seen: set[int] = set()
        while leader is not None and leader.pk not in seen:
            if self.pk is not None and leader.pk == self.pk:
                raise ValidationError({"leader": _("En person kan ikke lede seg selv.")})
            seen.add(leader.pk)
            leader = leader.leader


SETTINGS_MEMO = "people.OrganisationSettings.current"


class OrganisationSettings(models.Model):
    """Settings HR sets for the whole organisation (one row)."""

    retention_months = models.PositiveSmallIntegerField(
        _("slett samtaleinnhold … måneder etter at perioden er slutt"),
        default=24,
        help_text=_("Notater, forberedelser, tiltak og mål i avsluttede perioder slettes da."),
    )
    leaders_need_second_factor = models.BooleanField(
        _("ledere må logge inn med to trinn"),
        default=False,
        help_text=_(
            "Ledere ser det medarbeiderne deler med dem. HR og administratorer må alltid "
            "bruke to trinn."
        ),
    )
    # Single sign-on (people/sso/): both matter only when OIDC_ISSUER is set.
    password_login = models.BooleanField(
        _("innlogging med passord"),
        default=True,
        help_text=_(
            "Slått av: alle logger inn hos identitetsleverandøren, bortsett fra "
            "administratorer, som alltid kan bruke passord."
        ),
    )
    sso_create_people = models.BooleanField(
        _("opprett personer ved første innlogging"),
        default=False,
        help_text=_(
            "Slått av: bare personer HR eller provisjonering har lagt inn, kan logge inn. "
            "Slått på: en ukjent person får en konto uten enhet og leder første gang."
        ),
    )
    digest_time = models.TimeField(
        _("klokkeslett for daglig sammendrag av varsler"),
        default=time(7, 0),
        help_text=_("De som har valgt daglig sammendrag på e-post, får det da."),
    )
    default_language = models.CharField(
        _("standardspråk"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        default="nb",
        help_text=_("Språket for alle som ikke har valgt selv, og for standardforventningene."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("innstillinger for organisasjonen")
        verbose_name_plural = _("innstillinger for organisasjonen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retention_months__gte=1, retention_months__lte=120),
                name="retention_1_to_120_months",
            )
        ]

    def __str__(self) -> str:
        return "Innstillinger"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        from .languages import forget_organisation_language

        forget_organisation_language()
        forget(SETTINGS_MEMO)

    @classmethod
    def current(cls) -> OrganisationSettings:
        # Unsaved defaults until HR first saves: reading the settings writes nothing. Asked
        # by the second-factor check on every request and by pages: once a request.
        return per_request(SETTINGS_MEMO, lambda: cls.objects.filter(pk=1).first() or cls(pk=1))


UNDO_SALT = "aktiv.people.EmailChange.undo"


class EmailChangeQuerySet(models.QuerySet["EmailChange"]):
    def holding(self) -> EmailChangeQuerySet:
        """Changes still in their waiting period and not undone: no password reset goes to
        the person's new address, and the old one stays reserved for them."""
        return self.filter(undone_at__isnull=True, hold_until__gt=timezone.now())

    def from_undo_token(self, token: str) -> EmailChange | None:
        """The change an "Angre endringen" link names, or None for a link that is forged,
        garbled or older than the waiting period."""
        try:
            value = signing.loads(
                token,
                salt=UNDO_SALT,
                max_age=timedelta(hours=settings.EMAIL_CHANGE_HOLD_HOURS),
            )
            return self.select_related("person", "changed_by").filter(uuid=value).first()
        except (signing.BadSignature, ValidationError, ValueError, TypeError):
            return None


class EmailChange(models.Model):
    """A change of a person's e-mail address. Made by someone else, the old address is told
    and can undo it until `hold_until`, and no password reset goes to the new address before
    then: an address changed to one someone else controls cannot become their sign-in
    (services.email_change)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="email_changes", verbose_name=_("person")
    )
    old_email = models.EmailField(_("gammel e-post"))
    new_email = models.EmailField(_("ny e-post"))
    changed_by = models.ForeignKey(
        Person,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("endret av"),
    )
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    hold_until = models.DateTimeField(_("kan angres til"))
    undone_at = models.DateTimeField(_("angret"), null=True, blank=True)

    objects = EmailChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("endring av e-postadresse")
        verbose_name_plural = _("endringer av e-postadresse")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.person} {self.at:%Y-%m-%d %H:%M}"

    @property
    def can_be_undone(self) -> bool:
        return self.undone_at is None and timezone.now() < self.hold_until

    def undo_token(self) -> str:
        return signing.dumps(str(self.uuid), salt=UNDO_SALT)


class SignInIdentityManager(DeviceManager):  # type: ignore[misc]  # untyped library
    def devices_for_user(self, user: Any, confirmed: bool | None = None) -> Any:
        # Never offered as a second factor to type a code into (match_token, user_has_device).
        return self.none()


class SignInIdentity(Device):  # type: ignore[misc]  # untyped library
    """A person's account at the organisation's identity provider: the issuer and the value of
    the identifying claim (OIDC_CLAIM), remembered at the first sign-in so that a changed
    e-mail address at the provider finds the same person.

    It is also a django-otp device: when the provider says the person signed in with several
    factors (`amr` contains `mfa`), the session is marked verified by this identity, and Aktiv
    does not ask for its own second factor. It never verifies a typed code."""

    # Declared (and annotated) here: the base class comes from untyped django-otp.
    user: models.ForeignKey[Person, Person] = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="sign_in_identities",
        verbose_name=_("person"),
    )
    uuid: models.UUIDField[uuid.UUID, uuid.UUID] = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False
    )
    issuer: models.CharField[str, str] = models.CharField(_("utsteder"), max_length=255)
    claim: models.CharField[str, str] = models.CharField(_("påstand"), max_length=40)
    subject: models.CharField[str, str] = models.CharField(_("identifikator"), max_length=255)
    created_at: models.DateTimeField[datetime, datetime] = models.DateTimeField(
        _("koblet"), default=timezone.now
    )
    last_used_at: models.DateTimeField[datetime | None, datetime | None] = models.DateTimeField(
        _("sist brukt"), null=True, blank=True
    )

    objects = SignInIdentityManager()

    class Meta:
        verbose_name = _("innloggingsidentitet")
        verbose_name_plural = _("innloggingsidentiteter")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "claim", "subject"], name="one_person_per_identity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.claim}"

    def verify_token(self, token: Any) -> bool:
        return False


class ImportJob(models.Model):
    """A large import file (more than importer.LARGE_BYTES), checked or imported by the
    worker while HR watches its progress page. The file is deleted when the job ends; the
    row keeps what the report shows (counts, the first rows, the errors)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Venter på bakgrunnsjobben")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Stoppet")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    actor = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("av")
    )
    filename = models.CharField(_("fil"), max_length=255)
    data = models.BinaryField(default=b"")
    apply = models.BooleanField(_("importer"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("importjobb")
        verbose_name_plural = _("importjobber")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 0
