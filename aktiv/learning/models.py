"""The learning catalogue (seed 002): digital learning sessions grouped by the leader's four
jobs, and the HR-editable mapping from an instrument dimension to the sessions that help."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MIN_MINUTES = 15
MAX_MINUTES = 25
DURATION_MESSAGE = _("Varigheten må være mellom 15 og 25 minutter.")
# "One or two sentences" (the form's help text); the seed catalogue's longest is under 200.
DESCRIPTION_MAX = 1000
LINK_MESSAGE = _("Lenken må være en nettadresse som begynner med https:// eller http://.")


def validate_web_link(value: str) -> None:
    """Only web addresses: a `javascript:` or `data:` link in the catalogue would run in
    every visitor's browser."""
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError(LINK_MESSAGE, code="scheme")


class Job(models.TextChoices):
    """The four jobs of the leader, in the order seed 002 (and 000) gives them."""

    DELIVER = "deliver", _("Ledelse er å få jobben gjort")
    IMPROVE = "improve", _("Ledelse er å forbedre måten jobben gjøres på")
    DEVELOP_PEOPLE = "develop_people", _("Ledelse er å utvikle egne medarbeidere")
    DEVELOP_SELF = "develop_self", _("Ledelse er å utvikle eget lederskap")


JOB_ORDER = {job.value: position for position, job in enumerate(Job)}


class LearningSessionQuerySet(models.QuerySet["LearningSession"]):
    def active(self) -> LearningSessionQuerySet:
        return self.filter(is_active=True)


class LearningSession(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("tittel"), max_length=200)
    job = models.CharField(_("lederjobb"), max_length=20, choices=Job.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        _("varighet (minutter)"),
        # The same rule as the constraint, so a refusal is reported at the field.
        validators=[
            MinValueValidator(MIN_MINUTES, DURATION_MESSAGE),
            MaxValueValidator(MAX_MINUTES, DURATION_MESSAGE),
        ],
    )
    description = models.TextField(_("beskrivelse"), blank=True, max_length=DESCRIPTION_MAX)
    link = models.URLField(_("lenke"), max_length=500, blank=True, validators=[validate_web_link])
    is_active = models.BooleanField(_("vises i katalogen"), default=True)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    # Null for the sessions of the seed catalogue; HR's own sessions name their maker.
    created_by = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opprettet av"),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    # A session of the seed catalogue: its place in content/catalogue.yaml ("deliver-1"),
    # by which its translated texts are found. Blank for HR's own sessions.
    seed_key = models.CharField(max_length=40, blank=True, editable=False)

    objects = LearningSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("læringsøkt")
        verbose_name_plural = _("læringsøkter")
        ordering = ["job", "order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_MINUTES, duration_minutes__lte=MAX_MINUTES),
                name="learning_session_duration_15_to_25",
                violation_error_message=DURATION_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def _seed_text(self, field: str) -> str:
        """A seed session's text in the reader's language, unless HR has changed it (then
        HR's words stand, as HR's own sessions do)."""
        stored = str(getattr(self, field))
        if not self.seed_key:
            return stored
        from .seed import seed_texts  # the seed reads the content files, not the models

        source = seed_texts(settings.LANGUAGE_CODE).get(self.seed_key)
        translated = seed_texts().get(self.seed_key)
        if source is None or translated is None or getattr(source, field) != stored:
            return stored
        return str(getattr(translated, field))

    @property
    def shown_title(self) -> str:
        return self._seed_text("title")

    @property
    def shown_description(self) -> str:
        return self._seed_text("description")

    @property
    def job_position(self) -> tuple[int, int, str]:
        """Sort key in the seed's order of the jobs (the stored values sort differently)."""
        return (JOB_ORDER.get(self.job, len(JOB_ORDER)), self.order, self.title)


class Recommendation(models.Model):
    """Which sessions to recommend to someone low on (or developing) one instrument dimension.
    Keyed by the dimension's key, which is stable across instrument versions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dimension_key = models.CharField(_("dimensjon"), max_length=60, unique=True)
    sessions: models.ManyToManyField[LearningSession, RecommendedSession] = models.ManyToManyField(
        LearningSession,
        through="RecommendedSession",
        blank=True,
        related_name="recommendations",
        verbose_name=_("læringsøkter"),
    )
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)

    class Meta:
        verbose_name = _("anbefaling")
        verbose_name_plural = _("anbefalinger")
        ordering = ["dimension_key"]

    def __str__(self) -> str:
        return self.dimension_key


class RecommendedSession(models.Model):
    """One session in a dimension's recommendations; `position` keeps the most relevant first."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="entries"
    )
    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "session"], name="recommended_session_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.session}"
